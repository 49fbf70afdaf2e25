import type Database from 'better-sqlite3'
import type { PromotionComment, PromotionCommentStore } from '../promotion-comment-store.ts'
import type { SyncPart } from './sqlite-gate.ts'

interface CommentRow {
  id: number
  request_id: string
  at: number
  author_id: string
  author_name: string
  body: string
}

/** Comments on promotion requests; the schema's triggers keep them as written. */
export function createSqlitePromotionCommentStore(
  db: Database.Database,
): SyncPart<PromotionCommentStore> {
  const insert = db.prepare<[string, number, string, string, string]>(
    `INSERT INTO promotion_comments (request_id, at, author_id, author_name, body)
     VALUES (?, ?, ?, ?, ?)`,
  )
  const selectByRequest = db.prepare<[string], CommentRow>(
    'SELECT * FROM promotion_comments WHERE request_id = ? ORDER BY id',
  )
  return {
    insert(comment) {
      const { author } = comment
      const id = insert.run(comment.requestId, comment.at, author.id, author.name, comment.body)
      return { id: Number(id.lastInsertRowid), ...comment }
    },
    list: (requestId) => selectByRequest.all(requestId).map(fromRow),
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
