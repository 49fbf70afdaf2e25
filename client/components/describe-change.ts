import type { ChangeRecord } from '../../shared/model-api-schemas.ts'
import { formatNumber } from './describe-transform.ts'

/** Fields of the change feed that are bookkeeping, not something a person changed. */
const INTERNAL_FIELDS: ReadonlySet<string> = new Set(['order'])

/** False for a change-feed entry that only moved internal bookkeeping (a factor's `order`). */
export function isShownChange(change: ChangeRecord): boolean {
  return !INTERNAL_FIELDS.has(change.field)
}

/**
 * "Ana changed weight of Company size from 0.2 to 0.41", in words a reader can scan: factors by
 * label (`labels` by id, else the label the entry carries, else the id), numbers formatted.
 */
export function describeChange(
  change: ChangeRecord,
  labels: Readonly<Record<string, string>> = {},
): string {
  const who = change.user.name
  if (change.field === 'factor' && change.factorId !== null) {
    const gone = change.to === undefined || change.to === null
    const label = labelIn(gone ? change.from : change.to) ?? labels[change.factorId]
    return `${who} ${gone ? 'removed' : 'added'} factor ${label ? `“${label}”` : change.factorId}`
  }
  const factor = change.factorId === null ? null : (labels[change.factorId] ?? change.factorId)
  const what = factor === null ? change.field : `${change.field} of ${factor}`
  if (change.from === undefined || change.from === null) {
    return `${who} set ${what} to ${showValue(change.to)}`
  }
  if (change.to === undefined || change.to === null) {
    return `${who} removed ${what} (was ${showValue(change.from)})`
  }
  return `${who} changed ${what} from ${showValue(change.from)} to ${showValue(change.to)}`
}

function labelIn(value: unknown): string | undefined {
  const label =
    typeof value === 'object' && value !== null ? (value as { label?: unknown }).label : undefined
  return typeof label === 'string' && label.trim() !== '' ? label : undefined
}

/** A value as a reader scans it: strings quoted, numbers formatted, tiers as "A ≥ 0.7", cut at 80 characters. */
export function showValue(value: unknown): string {
  const text =
    typeof value === 'string'
      ? `“${value}”`
      : typeof value === 'number'
        ? formatNumber(value)
        : Array.isArray(value) && value.every((v) => typeof v === 'number')
          ? value.map(formatNumber).join(', ')
          : isTierList(value)
            ? value.map((t) => `${t.name} ≥ ${formatNumber(t.min)}`).join(', ')
            : JSON.stringify(value, (_k, v: unknown) =>
                typeof v === 'number' ? Number(v.toPrecision(6)) : v,
              )
  return text.length > 80 ? `${text.slice(0, 77)}…` : text
}

function isTierList(value: unknown): value is { name: unknown; min: number }[] {
  return (
    Array.isArray(value) &&
    value.every(
      (t) =>
        typeof t === 'object' && t !== null && typeof (t as { min?: unknown }).min === 'number',
    )
  )
}
