import type { PromotionRecord, SuspensionReason } from '../../shared/promotion-api-schemas.ts'
import { formatTime } from './format-time.ts'

/** Why a scheduled request was suspended at its due time, in words. */
const SUSPENSION_WORDS: Record<SuspensionReason, string> = {
  'hash-mismatch': "its snapshot's content no longer matches the approved hash",
  'snapshot-missing': 'its snapshot is gone',
  findings: 'the snapshot no longer passes validation (an error or a failing model test)',
  'production-moved': 'production moved to another version since the request',
}

/** A suspension reason code in words; an unknown code as is. */
export function describeSuspension(reason: string | null): string {
  return reason !== null && reason in SUSPENSION_WORDS
    ? SUSPENSION_WORDS[reason as SuspensionReason]
    : (reason ?? 'no reason given')
}

/** How far ahead an instant is, roughly: "in 2 h", "in 25 min", "in 3 days", "now". */
export function describeTimeUntil(iso: string, now: number): string {
  const ms = Date.parse(iso) - now
  const minutes = Math.round(ms / 60_000)
  if (minutes < 1) return 'now'
  if (minutes < 60) return `in ${minutes} min`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `in ${hours} h`
  return `in ${Math.round(hours / 24)} days`
}

/** "Scheduled for <local time> (in 2 h)", or for one still waiting for approval "To promote at …". */
export function describeSchedule(p: PromotionRecord, now: number): string | null {
  if (p.scheduledFor === null) return null
  const when = `${formatTime(p.scheduledFor)} (${describeTimeUntil(p.scheduledFor, now)})`
  return p.status === 'scheduled' ? `Scheduled for ${when}` : `To promote at ${when}, once approved`
}

/** The value of a datetime-local input as an ISO instant (read in the browser's time zone). */
export function localInputToIso(value: string): string | null {
  if (value === '') return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}
