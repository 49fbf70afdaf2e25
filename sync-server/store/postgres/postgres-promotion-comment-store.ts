import type { PromotionComment, PromotionCommentStore } from '../promotion-comment-store.ts'
import type { PostgresSql } from './postgres-sql.ts'

interface CommentRow {
  id: number
  request_id: string
  at: number
  author_id: string
  author_name: string
  body: string
}

/** Comments on promotion requests; the schema's trigger keeps them as written. */
export function createPostgresPromotionCommentStore(sql: PostgresSql): PromotionCommentStore {
  return {
    async insert(comment) {
      const { author } = comment
      const [row] = await sql<{ id: number }[]>`
        INSERT INTO promotion_comments (request_id, at, author_id, author_name, body)
        VALUES (${comment.requestId}, ${comment.at}, ${author.id}, ${author.name}, ${comment.body})
        RETURNING id`
      return { id: row!.id, ...comment }
    },
    async list(requestId) {
      const rows = await sql<CommentRow[]>`
        SELECT * FROM promotion_comments WHERE request_id = ${requestId} ORDER BY id`
      return rows.map(fromRow)
    },
  }
}

function fromRow(row: CommentRow): PromotionComment {
  return {
    id: row.id,
    requestId: row.request_id,
    author: { id: row.author_id, name: row.author_name },
    at: row.at,
    body: row.body,
  }
}
