import type { ChangeStore } from '../change-store.ts'
import type { PostgresSql } from './postgres-sql.ts'

interface ChangeRow {
  id: number
  seq: number
  at: number
  user_id: string
  user_name: string
  factor_id: string | null
  field: string
  from_json: string
  to_json: string
}

/** Reads the change feed; entries are written with their update (see DocStore.append). */
export function createPostgresChangeStore(sql: PostgresSql): ChangeStore {
  return {
    async list(docId, { after, limit }) {
      const rows = await sql<ChangeRow[]>`
        SELECT id, seq, at, user_id, user_name, factor_id, field, from_json, to_json
        FROM changes WHERE doc_id = ${docId} AND id > ${after} ORDER BY id LIMIT ${limit}`
      return rows.map((row) => ({
        id: row.id,
        seq: row.seq,
        at: row.at,
        user: { id: row.user_id, name: row.user_name },
        factorId: row.factor_id,
        field: row.field,
        from: JSON.parse(row.from_json) as unknown,
        to: JSON.parse(row.to_json) as unknown,
      }))
    },
  }
}
