import { compileModel } from '../../../../engine/compile-model.ts'
import { DEMO_MODEL } from '../../../../engine/demo-model.ts'
import { scoreLeads } from '../../../../engine/score-lead.ts'
import type { Lead } from '../../../../shared/lead-schema.ts'
import type { Model } from '../../../../shared/model-schema.ts'
import type { ShadowMover, ShadowReport } from '../../../../shared/promotion-api-schemas.ts'
import { call, takeSnapshot, type PromotionServer } from './promotion-server.ts'

/** The demo model with weight moved from its first factor to its second: many leads change tier. */
export const CANDIDATE_MODEL: Model = {
  ...DEMO_MODEL,
  factors: DEMO_MODEL.factors.map((f, i) =>
    i === 0 ? { ...f, weight: f.weight - 0.15 } : i === 1 ? { ...f, weight: f.weight + 0.15 } : f,
  ),
}

/** Writes the candidate into the demo model's draft and snapshots it; returns the snapshot id. */
export async function snapshotCandidate(server: PromotionServer): Promise<string> {
  const put = await call(server, 'PUT', `/api/models/${DEMO_MODEL.id}`, {
    token: server.tokenOf('analyst'),
    body: CANDIDATE_MODEL,
  })
  if (put.status !== 200) throw new Error(`PUT failed: ${put.status} ${JSON.stringify(put.body)}`)
  return takeSnapshot(server, DEMO_MODEL.id, 'candidate')
}

/** Scores leads with production through the API; returns the answer's bytes as text. */
export async function scoreText(
  server: PromotionServer,
  leads: readonly Lead[],
  asOf: number,
): Promise<string> {
  const response = await fetch(`${server.url}/api/score/${DEMO_MODEL.id}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.tokenOf('viewer')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ leads, asOf }),
  })
  const text = await response.text()
  if (response.status !== 200) throw new Error(`score failed: ${response.status} ${text}`)
  return text
}

/**
 * The shadow figures computed offline, independently of the server's code: each batch is one
 * scoring request, scored with both models by the engine; movers are the 10 largest |delta| of
 * the leads that moved, the first seen first on a tie, named by id, else email, else `#position`.
 */
export function offlineShadow(
  production: Model,
  candidate: Model,
  batches: readonly (readonly Lead[])[],
  asOf: number,
): ShadowReport {
  const before = compileModel(production)
  const after = compileModel(candidate)
  let scored = 0
  let tierChanged = 0
  let sum = 0
  let maxAbsDelta = 0
  const migration: Record<string, Record<string, number>> = {}
  const moved: ShadowMover[] = []
  for (const leads of batches) {
    const from = scoreLeads(before, leads, { asOf })
    const to = scoreLeads(after, leads, { asOf })
    leads.forEach((lead, i) => {
      const p = from[i]!
      const c = to[i]!
      const delta = c.total - p.total
      scored++
      if (p.tier !== c.tier) tierChanged++
      sum += delta
      maxAbsDelta = Math.max(maxAbsDelta, Math.abs(delta))
      const row = (migration[p.tier!] ??= {})
      row[c.tier!] = (row[c.tier!] ?? 0) + 1
      const name = lead.id ?? lead.email ?? `#${i + 1}`
      if (delta !== 0) {
        moved.push({
          lead: String(name),
          productionTotal: p.total,
          candidateTotal: c.total,
          productionTier: p.tier!,
          candidateTier: c.tier!,
          delta,
        })
      }
    })
  }
  return {
    scored,
    tierChanged,
    migration,
    meanDelta: scored === 0 ? 0 : sum / scored,
    maxAbsDelta,
    movers: moved.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta)).slice(0, 10),
  }
}
