import { Hono } from 'hono'
import {
  checkStoreProduction,
  describeMismatches,
} from '../audit/check-production-against-audit.ts'
import { verifyAuditChain } from '../audit/verify-audit-chain.ts'
import type { AppEnv } from '../http/app-env.ts'
import { toAuditRecord } from '../http/api-records.ts'
import { requireRole } from '../http/require-role.ts'
import { redactAuditEntry } from '../audit/redact-audit-entry.ts'
import { AuditQuerySchema } from '../../shared/audit-api-schemas.ts'
import type { RouteDeps } from './route-deps.ts'

/** `/api/audit?modelId=&after=&limit=`: the audit log, oldest first; `/api/audit/verify`: its chain checked. */
export function auditRoutes({ auth, store }: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/', requireRole(auth, 'viewer'), async (c) => {
    const query = AuditQuerySchema.parse(c.req.query())
    const role = c.get('identity').role
    const entries = (await store.audit.list(query)).map((entry) =>
      toAuditRecord(redactAuditEntry(entry, role)),
    )
    return c.json({ entries, next: entries.at(-1)?.seq ?? query.after })
  })

  app.get('/verify', requireRole(auth, 'viewer'), async (c) => {
    const chain = await verifyAuditChain(store.audit)
    if (!chain.ok) return c.json(chain)
    // A chain can hold while production lost a version it records, or gained one it does not.
    const mismatches = await checkStoreProduction(store)
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
