import type { ShadowReport } from '../../shared/promotion-api-schemas.ts'

/** Tier moves named in the line; the rest is shown as "…". */
const MOVES_SHOWN = 3

/**
 * "Shadow: 1,234 leads scored, 56 would change tier (A→B 30, B→C 20 …), mean +0.012, largest
 * 0.21": what the request's snapshot would have done to the leads production scored meanwhile.
 */
export function describeShadow(s: ShadowReport): string {
  if (s.scored === 0) return 'Shadow: no leads scored with production since the request.'
  const moves = Object.entries(s.migration)
    .flatMap(([from, row]) =>
      Object.entries(row)
        .filter(([to]) => to !== from)
        .map(([to, leads]) => ({ from, to, leads })),
    )
    .sort((a, b) => b.leads - a.leads)
  const shown = moves
    .slice(0, MOVES_SHOWN)
    .map((m) => `${m.from}→${m.to} ${m.leads.toLocaleString('en-US')}`)
    .join(', ')
  const more = moves.length > MOVES_SHOWN ? ' …' : ''
  const changed =
    s.tierChanged === 0
      ? 'none would change tier'
      : `${s.tierChanged.toLocaleString('en-US')} would change tier (${shown}${more})`
  const sign = s.meanDelta > 0 ? '+' : s.meanDelta < 0 ? '−' : ''
  return (
    `Shadow: ${s.scored.toLocaleString('en-US')} ${s.scored === 1 ? 'lead' : 'leads'} scored, ` +
    `${changed}, mean ${sign}${Math.abs(s.meanDelta).toFixed(3)}, largest ${s.maxAbsDelta.toFixed(2)}`
  )
}
