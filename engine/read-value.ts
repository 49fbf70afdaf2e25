/**
 * How the engine reads a lead's raw value, exactly as the contract in DESIGN.md says.
 * Every reader returns NaN (or MISSING_BOOL) for a missing value so kernels stay branch-light.
 */

/** Absent, null, undefined, or a string that is empty after trimming. */
export function isMissing(x: unknown): boolean {
  return x === undefined || x === null || (typeof x === 'string' && x.trim() === '')
}

/** A finite number, or a string `Number()` reads as finite after trimming; anything else is NaN. */
export function readNumber(x: unknown): number {
  if (typeof x === 'number') return Number.isFinite(x) ? x : NaN
  if (typeof x !== 'string') return NaN
  const t = x.trim()
  if (t === '') return NaN
  const n = Number(t)
  return Number.isFinite(n) ? n : NaN
}

/**
 * The category key of a present value: `String(x)`, computed without recursion so a deeply nested
 * array (from a JSON lead) cannot overflow the stack. A value `String` cannot convert (a
 * null-prototype object, a symbol inside an array) reads as its plain counterpart would
 * ("[object Object]", "Symbol(s)"), so reading a lead never throws.
 */
export function readCategoryKey(x: unknown): string {
  if (typeof x === 'string') return x
  if (Array.isArray(x)) return joinArray(x)
  if (typeof x === 'object' || typeof x === 'function') return objectKey(x as object)
  return String(x)
}

/** `Array.prototype.join(',')` applied recursively, as `String(array)` does, with an explicit stack. */
function joinArray(root: readonly unknown[]): string {
  let out = ''
  // Like join, an array met again inside itself reads as "" rather than looping.
  const open = new Set<readonly unknown[]>([root])
  const stack: { array: readonly unknown[]; next: number }[] = [{ array: root, next: 0 }]
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { array: readonly unknown[]; next: number }
    if (top.next >= top.array.length) {
      stack.pop()
      open.delete(top.array)
      continue
    }
    if (top.next > 0) out += ','
    const item = top.array[top.next++]
    if (item === null || item === undefined) continue
    if (Array.isArray(item)) {
      if (!open.has(item)) {
        open.add(item)
        stack.push({ array: item, next: 0 })
      }
      continue
    }
    out +=
      typeof item === 'object' || typeof item === 'function'
        ? objectKey(item as object)
        : String(item as string)
  }
  return out
}

function objectKey(x: object): string {
  try {
    return String(x)
  } catch {
    return Object.prototype.toString.call(x)
  }
}

export const BOOL_FALSE = 0
export const BOOL_TRUE = 1
export const MISSING_BOOL = -1

/** Exactly the listed values (case-sensitive, untrimmed); anything else is missing. */
export function readBoolean(x: unknown): number {
  if (x === true || x === 1 || x === 'true' || x === 'yes' || x === '1') return BOOL_TRUE
  if (x === false || x === 0 || x === 'false' || x === 'no' || x === '0') return BOOL_FALSE
  return MISSING_BOOL
}

const EPOCH_DIGITS = /^[+-]?\d+(\.\d+)?$/
const ISO =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/

/** A number or a string of digits as epoch ms, any other string as ISO-8601 (UTC without an offset); NaN when unreadable. */
export function readInstant(x: unknown): number {
  if (typeof x === 'number') return Number.isFinite(x) ? x : NaN
  if (typeof x !== 'string') return NaN
  const t = x.trim()
  if (t === '') return NaN
  // Digits too many for a double (Infinity) are no instant: missing, as a column reader has it.
  if (EPOCH_DIGITS.test(t)) return finiteOrNaN(Number(t))
  return parseIsoInstant(t)
}

/** Parses an ISO-8601 calendar date or date-time to epoch ms; no offset means UTC; NaN when invalid. */
export function parseIsoInstant(s: string): number {
  const m = ISO.exec(s)
  if (!m) return NaN
  return isoInstantOf(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    m[4] === undefined ? 0 : Number(m[4]),
    m[5] === undefined ? 0 : Number(m[5]),
    m[6] === undefined ? 0 : Number(m[6]),
    m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000,
    offsetMs(m[8]),
  )
}

/**
 * Epoch ms of the fields of an ISO-8601 date-time, checked as parseIsoInstant checks them (NaN for
 * a day, hour, minute or second out of range); `fractionMs` is the fraction of the second in ms.
 */
export function isoInstantOf(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fractionMs: number,
  offsetMs: number,
): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN
  if (hour > 23 || minute > 59 || second > 59) return NaN
  const base = Date.UTC(year, month - 1, day, hour, minute, second)
  // Date.UTC maps years 0..99 to 1900..1999; set the year explicitly to honour the literal value.
  const utc = year >= 0 && year < 100 ? new Date(base).setUTCFullYear(year) : base
  return utc + fractionMs - offsetMs
}

function finiteOrNaN(x: number): number {
  return Number.isFinite(x) ? x : NaN
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function offsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0
  const sign = zone[0] === '-' ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
  return sign * (hours * 60 + minutes) * 60_000
}
