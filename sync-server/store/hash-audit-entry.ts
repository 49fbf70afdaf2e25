import { createHash } from 'node:crypto'
import { canonicalJson } from '../models/hash-model.ts'
import type { UserRef } from '../../shared/api-common-schemas.ts'

/** The hash of the chain before its first entry. */
export const GENESIS_HASH = '0'.repeat(64)

/** What an audit entry's hash covers: everything in it but the hash itself. */
export interface HashedAuditFields {
  seq: number
  at: number
  actor: UserRef
  action: string
  modelId: string | null
  details: unknown
  prevHash: string
}

/** sha256 (hex) of the entry's canonical JSON; it includes `prevHash`, which chains the log. */
export function hashAuditEntry(fields: HashedAuditFields): string {
  const { seq, at, actor, action, modelId, details, prevHash } = fields
  return createHash('sha256')
    .update(canonicalJson({ seq, at, actor, action, modelId, details, prevHash }))
    .digest('hex')
}
