import { isoInstantOf, readInstant, readNumber } from '../../../engine/read-value.ts'

/*
 * The engine's readers (engine/read-value.ts) applied to a field's bytes without making a string of
 * it: the forms CRM exports use (plain decimals, ISO-8601 dates, the boolean words) are read from the
 * bytes; anything else — a byte outside ASCII, an exponent, hex, more than 15 digits, an escaped
 * quote — is decoded and handed to the engine's reader, so the result is always exactly its result.
 */

const SPACE = 32
const TAB = 9
const PLUS = 43
const MINUS = 45
const DOT = 46
const COMMA = 44
const COLON = 58
const ZERO = 48

/** 10^k for k = 0…22: exact doubles, so m / 10^k is correctly rounded, as Number() is. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k)
/** Below 10^15 every integer is exact and m / 10^k (k ≤ 15) is one correctly rounded division. */
const MAX_DIGITS = 15

function isDigit(c: number): boolean {
  return c >= ZERO && c <= ZERO + 9
}

function trimStart(b: Uint8Array, start: number, end: number): number {
  while (start < end && ((b[start] as number) === SPACE || (b[start] as number) === TAB)) start++
  return start
}

function trimEnd(b: Uint8Array, start: number, end: number): number {
  while (end > start && ((b[end - 1] as number) === SPACE || (b[end - 1] as number) === TAB)) end--
  return end
}

/** readNumber of the text in b[start, end). */
export function readNumberBytes(b: Buffer, start: number, end: number): number {
  const s = trimStart(b, start, end)
  const e = trimEnd(b, s, end)
  if (s === e) return NaN
  let i = s
  const sign = b[i] === MINUS ? -1 : 1
  if (b[i] === MINUS || b[i] === PLUS) i++
  let m = 0
  let digits = 0
  let fraction = -1
  for (; i < e; i++) {
    const c = b[i] as number
    if (isDigit(c)) {
      m = m * 10 + (c - ZERO)
      digits++
      if (fraction >= 0) fraction++
    } else if (c === DOT && fraction < 0) {
      fraction = 0
    } else {
      return readNumber(b.toString('utf8', start, end))
    }
  }
  if (digits === 0 || digits > MAX_DIGITS) return readNumber(b.toString('utf8', start, end))
  return (sign * m) / (POW10[fraction > 0 ? fraction : 0] as number)
}

/** readInstant of the text in b[start, end): epoch-ms digits, or ISO-8601 as the engine reads it. */
export function readInstantBytes(b: Buffer, start: number, end: number): number {
  const s = trimStart(b, start, end)
  const e = trimEnd(b, s, end)
  if (s === e) return NaN
  const t = isEpochDigits(b, s, e)
    ? readNumberBytes(b, s, e)
    : e - s >= 10 && isDigit(b[s] as number)
      ? readIsoBytes(b, s, e)
      : SLOW
  return t === SLOW ? readInstant(b.toString('utf8', start, end)) : t
}

/** Returned by the byte readers for a form they leave to the engine's string reader. */
const SLOW = -Infinity

/** [+-]?digits(.digits)? — the engine reads these as epoch ms with Number(). */
function isEpochDigits(b: Uint8Array, s: number, e: number): boolean {
  let i = b[s] === PLUS || b[s] === MINUS ? s + 1 : s
  const first = i
  while (i < e && isDigit(b[i] as number)) i++
  if (i === first) return false
  if (i === e) return true
  if (b[i] !== DOT) return false
  const dot = ++i
  while (i < e && isDigit(b[i] as number)) i++
  return i === e && i > dot
}

/** Reads `count` digits at b[i] as an integer; -1 when one is not a digit. */
function digitsAt(b: Uint8Array, i: number, count: number): number {
  let n = 0
  for (let k = 0; k < count; k++) {
    const c = b[i + k] as number
    if (!isDigit(c)) return -1
    n = n * 10 + (c - ZERO)
  }
  return n
}

/**
 * YYYY-MM-DD, then optionally [T ]HH:MM[:SS[.fraction]], then optionally Z, ±HH, ±HHMM or ±HH:MM:
 * the engine's ISO grammar less six-digit years and fractions of more than 15 digits (SLOW).
 */
function readIsoBytes(b: Uint8Array, s: number, e: number): number {
  const year = digitsAt(b, s, 4)
  const month = b[s + 4] === MINUS ? digitsAt(b, s + 5, 2) : -1
  const day = b[s + 7] === MINUS ? digitsAt(b, s + 8, 2) : -1
  if (year < 0 || month < 0 || day < 0) return SLOW
  let i = s + 10
  let hour = 0
  let minute = 0
  let second = 0
  let fractionMs = 0
  const separator = b[i]
  if (i < e && (separator === 84 || separator === SPACE)) {
    if (i + 6 > e || b[i + 3] !== COLON) return SLOW
    hour = digitsAt(b, i + 1, 2)
    minute = digitsAt(b, i + 4, 2)
    if (hour < 0 || minute < 0) return SLOW
    i += 6
    if (i < e && b[i] === COLON) {
      second = digitsAt(b, i + 1, 2)
      if (second < 0 || i + 3 > e) return SLOW
      i += 3
      if (i < e && (b[i] === DOT || b[i] === COMMA)) {
        const first = ++i
        let m = 0
        while (i < e && isDigit(b[i] as number)) m = m * 10 + ((b[i++] as number) - ZERO)
        const count = i - first
        if (count === 0 || count > MAX_DIGITS) return SLOW
        fractionMs = (m / (POW10[count] as number)) * 1000
      }
    }
  }
  let offsetMs = 0
  if (i < e) {
    const zone = b[i] as number
    if ((zone === 90 || zone === 122) && i + 1 === e) {
      offsetMs = 0
    } else if (zone === PLUS || zone === MINUS) {
      const hours = digitsAt(b, i + 1, 2)
      const rest = e - (i + 3)
      const minutes =
        rest === 0
          ? 0
          : rest === 2
            ? digitsAt(b, i + 3, 2)
            : rest === 3 && b[i + 3] === COLON
              ? digitsAt(b, i + 4, 2)
              : -1
      if (hours < 0 || minutes < 0) return SLOW
      offsetMs = (zone === MINUS ? -1 : 1) * (hours * 60 + minutes) * 60_000
    } else {
      return SLOW
    }
  }
  return isoInstantOf(year, month, day, hour, minute, second, fractionMs, offsetMs)
}

const TRUE_WORDS = ['true', 'yes', '1'].map((w) => Buffer.from(w))
const FALSE_WORDS = ['false', 'no', '0'].map((w) => Buffer.from(w))

/** readBoolean of the text in b[start, end) (exact, untrimmed): 1, 0, or NaN for missing. */
export function readBooleanBytes(b: Buffer, start: number, end: number): number {
  const length = end - start
  if (length < 1 || length > 5) return NaN
  for (const word of TRUE_WORDS) if (equalsAt(b, start, length, word)) return 1
  for (const word of FALSE_WORDS) if (equalsAt(b, start, length, word)) return 0
  return NaN
}

function equalsAt(b: Uint8Array, start: number, length: number, word: Uint8Array): boolean {
  if (word.length !== length) return false
  for (let k = 0; k < length; k++) if (b[start + k] !== word[k]) return false
  return true
}
