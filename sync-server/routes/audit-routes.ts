import { Hono } from 'hono'
import type { Auth } from '../auth/create-auth.ts'
import type { AppEnv } from '../http/app-env.ts'
import { requireRole } from '../http/require-role.ts'
import { toAuditRecord } from '../promotion/api-records.ts'
import { AuditQuerySchema } from '../../shared/audit-api-schemas.ts'
import {
  checkStoreProduction,
  describeMismatches,
} from '../promotion/check-production-against-audit.ts'
import { redactAuditEntry } from '../promotion/redact-audit-entry.ts'
import { verifyAuditChain } from '../promotion/verify-audit-chain.ts'
import type { Store } from '../store/open-store.ts'

/** `/api/audit?modelId=&after=&limit=`: the audit log, oldest first; `/api/audit/verify`: its chain checked. */
export function auditRoutes(auth: Auth, store: Store): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/api/audit', requireRole(auth, 'viewer'), (c) => {
    const query = AuditQuerySchema.parse(c.req.query())
    const role = c.get('identity').role
    const entries = store.audit
      .list(query)
      .map((entry) => toAuditRecord(redactAuditEntry(entry, role)))
    return c.json({ entries, next: entries.at(-1)?.seq ?? query.after })
  })

  app.get('/api/audit/verify', requireRole(auth, 'viewer'), (c) => {
    const chain = verifyAuditChain(store.audit.iterate())
    if (!chain.ok) return c.json(chain)
    // A chain can hold while production lost a version it records, or gained one it does not.
    const mismatches = checkStoreProduction(store)
    if (mismatches.length === 0) return c.json(chain)
    const firstSeq = mismatches.find((m) => m.seq !== null)?.seq
    return c.json({
      ok: false,
      entries: chain.entries,
      ...(firstSeq === undefined || firstSeq === null ? {} : { firstBadSeq: firstSeq }),
      reason: `production disagrees with the audit log: ${describeMismatches(mismatches)}`,
      head: chain.head,
    })
  })

  return app
}
