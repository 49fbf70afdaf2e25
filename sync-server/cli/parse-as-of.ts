import { readInstant } from '../../engine/read-value.ts'

/** --as-of as epoch ms: ISO-8601 (UTC when it has no offset) or epoch milliseconds; now when absent. */
export function parseAsOf(
  value: string | undefined,
  now: () => number = Date.now,
): { ok: true; asOf: number } | { ok: false; reason: string } {
  if (value === undefined) return { ok: true, asOf: now() }
  const asOf = readInstant(value)
  return Number.isNaN(asOf)
    ? { ok: false, reason: `--as-of '${value}' is neither an ISO-8601 date nor epoch milliseconds` }
    : { ok: true, asOf }
}
