import { readInstant } from '../../engine/read-value.ts'
import type { Lead } from '../../shared/lead-schema.ts'
import { ProblemError } from '../http/problem.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import { ScoreBodySchema } from '../../shared/score-api-schemas.ts'

/** A scoring request's leads and the instant to score them at. */
export interface ScoreInput {
  leads: Lead[]
  asOf: number
}

const MAX_INSTANT = 8.64e15

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isScalar = (value: unknown): boolean =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'number' ||
  typeof value === 'boolean'

/** A flat lead: a record of scalars (a nested array or object is refused with its path). */
const isFlatLead = (value: unknown): boolean => {
  if (!isRecord(value)) return false
  for (const key in value) if (!isScalar(value[key])) return false
  return true
}

/**
 * Reads `{leads, asOf?}`: more than `maxLeads` leads → 413; any other shape, a lead value that is
 * not a scalar included, → 422 with the zod issues (their paths name the lead and field). The common, well-formed body is checked by hand: running the schema over every lead of
 * a large batch would cost as much as scoring it; the schema only explains what is wrong.
 */
export function readScoreBody(body: unknown, maxLeads: number, now: number): ScoreInput {
  const leads = isRecord(body) ? body.leads : undefined
  if (Array.isArray(leads) && leads.length > maxLeads) {
    throw new ProblemError(
      413,
      PROBLEM_CODES.batchTooLarge,
      `A request scores at most ${maxLeads} leads; split the batch.`,
      { maxLeads },
    )
  }
  const wellFormed =
    isRecord(body) &&
    Object.keys(body).every((key) => key === 'leads' || key === 'asOf') &&
    Array.isArray(leads) &&
    leads.every(isFlatLead)
  const parsed = wellFormed
    ? (body as { leads: Lead[]; asOf?: unknown })
    : ScoreBodySchema.parse(body)
  return { leads: parsed.leads, asOf: readAsOf(parsed.asOf, now) }
}

function readAsOf(value: unknown, now: number): number {
  if (value === undefined) return now
  const asOf =
    typeof value === 'number' || typeof value === 'string' ? readInstant(value) : Number.NaN
  // Beyond ±8.64e15 ms a Date cannot represent the instant (and the answer echoes it as ISO).
  if (!Number.isFinite(asOf) || Math.abs(asOf) > MAX_INSTANT) {
    throw new ProblemError(
      422,
      PROBLEM_CODES.invalidRequest,
      'asOf must be epoch milliseconds or an ISO-8601 date.',
      { issues: [{ path: ['asOf'], message: 'not an instant', code: 'invalid_value' }] },
    )
  }
  return asOf
}
