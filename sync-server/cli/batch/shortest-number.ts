/**
 * String(x) written as ASCII bytes, without the string: V8's shortest round-trip conversion costs
 * about 300 ns a number, most of the CSV formatting time. This one is exact by construction: it is
 * the Steele & White / Dragon4 shortest-digit loop that V8 itself falls back to (bignum-dtoa), with
 * every quantity held exactly in doubles. x = m·2^e (e ≥ -72 for |x| ≥ 1e-6); its fraction is kept
 * as two 48-bit integer limbs (a·2^-48 + b·2^-96), which stay exact when multiplied by 10; the
 * half-gaps to the neighbouring doubles are 10^k·2^(e-1) or 2^(e-2), exact doubles for k ≤ 22.
 * Digits stop as soon as the rest lies within a half-gap (boundaries included when m is even, as in
 * V8; that only matters from 2^53 on), rounding to the nearer candidate and to even on a tie.
 * Handles 0 and 1e-6 ≤ |x| < 1e21 (integers from 2^53 on their own way, below); anything else (and
 * any case past the exact bounds) answers -1 so that the caller writes String(x).
 */

const TWO48 = 2 ** 48
const TWO47 = 2 ** 47
const TWO_M48 = 2 ** -48
const TWO53 = 2 ** 53
const ZERO = 48
const DOT = 46
const MINUS = 45

const bits = new Float64Array(1)
const words = new Uint32Array(bits.buffer)
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0
/** The integer part's digits, least significant first. */
const intDigits = new Uint8Array(20)
/** The digits chosen, most significant first. */
const digits = new Uint8Array(24)

/** 2^i for the exponents used here, exact (built by doubling). */
const POW2_BIAS = 80
const POW2 = new Float64Array(160)
POW2[POW2_BIAS] = 1
for (let i = 1; i < 80; i++) {
  POW2[POW2_BIAS + i] = (POW2[POW2_BIAS + i - 1] as number) * 2
  POW2[POW2_BIAS - i] = (POW2[POW2_BIAS - i + 1] as number) / 2
}

/**
 * Writes String(x) as ASCII into out from `at` (at least 26 bytes must be free) and returns the
 * index after it, or -1 when x is outside what this handles (nothing is written then).
 */
export function writeShortestNumber(x: number, out: Uint8Array, at: number): number {
  if (x === 0) {
    out[at] = ZERO
    return at + 1
  }
  const v = x < 0 ? -x : x
  if (!(v >= 1e-6 && v < 1e21)) return -1
  bits[0] = v
  const high = words[HIGH] as number
  const low = words[1 - HIGH] as number
  const biased = high >>> 20
  const e = biased - 1075
  if (v >= TWO53) {
    const atPowerOfTwo = (high & 0xfffff) === 0 && low === 0
    return writeLargeInteger(x < 0, v, e, atPowerOfTwo, (low & 1) === 0, out, at)
  }
  // Gaps to the neighbours, ×2^48 (the fraction's unit): half an ulp above; below too, except at
  // a power of two, where the double below is half as far.
  let plus = POW2[POW2_BIAS + e + 47] as number
  let minus = (high & 0xfffff) === 0 && low === 0 ? plus / 2 : plus

  const whole = Math.floor(v)
  const fraction = v - whole
  let a = Math.floor(fraction * TWO48)
  let b = (fraction * TWO48 - a) * TWO48

  let n = whole
  let intCount = 0
  while (n > 0) {
    const d = n % 10
    intDigits[intCount++] = d
    n = (n - d) / 10
  }
  let count = 0
  let point = intCount

  // The test after the integer part (k = 0), which also decides the integer places above it: the
  // rest there is (whole mod 10^p) + fraction, within a gap (< 1) only when those digits are all 0
  // (then fraction < minus) or all 9 (then fraction + plus > 1).
  let decision = decide(a, b, minus, plus)
  if (intCount > 0) {
    let zeros = 0
    while (zeros < intCount - 1 && intDigits[zeros] === 0) zeros++
    let nines = 0
    while (nines < intCount - 1 && intDigits[nines] === 9) nines++
    const down = decision === DOWN || decision === NEAREST
    const up = decision === UP || decision === NEAREST
    let keep = intCount
    if (down && zeros > 0) {
      keep = intCount - zeros
      decision = DOWN
    } else if (up && nines > 0) {
      keep = intCount - nines
      decision = UP
    }
    for (let i = 0; i < keep; i++) digits[count++] = intDigits[intCount - 1 - i] as number
    if (decision === NEAREST) decision = nearest(a, b, digits[count - 1] as number)
  } else if (decision !== GO_ON) {
    return -1
  }

  let k = 0
  while (decision === GO_ON) {
    if (++k > 22 || count >= 17) return -1
    a *= 10
    b *= 10
    const carry = Math.floor(b * TWO_M48)
    b -= carry * TWO48
    a += carry
    const d = Math.floor(a * TWO_M48)
    a -= d * TWO48
    minus *= 10
    plus *= 10
    decision = decide(a, b, minus, plus)
    if (decision === NEAREST) decision = nearest(a, b, d)
    if (count === 0 && d === 0 && decision !== UP) {
      if (decision !== GO_ON) return -1
      point--
    } else {
      digits[count++] = d
    }
  }
  return finish(x < 0, count, point, decision === UP, out, at)
}

/** Rounds the last digit up when asked (a run of nines carries) and writes the decimal. */
function finish(
  negative: boolean,
  count: number,
  point: number,
  up: boolean,
  out: Uint8Array,
  at: number,
): number {
  if (up) {
    let i = count - 1
    while (i >= 0 && digits[i] === 9) i--
    if (i < 0) {
      digits[0] = 1
      count = 1
      point++
    } else {
      digits[i] = (digits[i] as number) + 1
      count = i + 1
    }
  }
  if (point > 21) return -1
  return writeDecimal(negative, count, point, out, at)
}

/** 10^p, exact doubles for p ≤ 22. */
const POW10 = new Float64Array(23).map((_, p) => Number(`1e${p}`))

/**
 * 2^53 ≤ v < 1e21: v is an integer and so are the gaps (2^(e-1), at most 2^16). The same loop over
 * the integer's places, with the rest v mod 10^p exact by %, and each digit exact as
 * (v mod 10^(p+1) − v mod 10^p) / 10^p (both differences are representable, so exact).
 */
function writeLargeInteger(
  negative: boolean,
  v: number,
  e: number,
  atPowerOfTwo: boolean,
  even: boolean,
  out: Uint8Array,
  at: number,
): number {
  const plus = POW2[POW2_BIAS + e - 1] as number
  const minus = atPowerOfTwo ? plus / 2 : plus
  let places = 16
  while ((POW10[places] as number) <= v) places++
  let count = 0
  for (let p = places - 1; p >= 0; p--) {
    const unit = POW10[p] as number
    const rest = v % unit
    const d = ((p + 1 === places ? v : v % (POW10[p + 1] as number)) - rest) / unit
    const down = even ? rest <= minus : rest < minus
    // rest + plus > unit: exact sums below 2^53 up to 10^15; above, only a rest past unit/2 can
    // come within plus (≤ 2^16) of unit, and then unit − rest is exact.
    let up: boolean
    if (p <= 15) up = even ? rest + plus >= unit : rest + plus > unit
    else up = rest >= unit / 2 && (even ? plus >= unit - rest : plus > unit - rest)
    digits[count++] = d
    if (!down && !up) continue
    let roundUp = up
    if (down && up) roundUp = 2 * rest > unit || (2 * rest === unit && d % 2 === 1)
    return finish(negative, count, places, roundUp, out, at)
  }
  return -1
}

const GO_ON = 0
const DOWN = 1
const UP = 2
const NEAREST = 3

/**
 * With rest r = (a + b·2^-48)·2^-48 of the digits so far and the gaps minus, plus (×2^48): is the
 * number already within reach of rounding down (r < minus), up (r + plus > 1), or both?
 * Below 2^53 a gap boundary never ties (whatever m's parity): it has one binary, so one decimal,
 * fraction digit more than x, while every candidate tried here has at most as many as x.
 */
function decide(a: number, b: number, minus: number, plus: number): number {
  let down: boolean
  const wholeMinus = Math.floor(minus)
  if (a < wholeMinus) down = true
  else if (a > wholeMinus) down = false
  else {
    down = b < (minus - wholeMinus) * TWO48
  }
  let up: boolean
  const wholePlus = Math.floor(plus)
  if (wholePlus >= TWO48) up = true
  else {
    // a + wholePlus is an integer below 2^49 and the two fractions add up exactly (2^-48 steps).
    const need = TWO48 - (a + wholePlus)
    const have = b * TWO_M48 + (plus - wholePlus)
    up = have > need
  }
  return down ? (up ? NEAREST : DOWN) : up ? UP : GO_ON
}

/** Both candidates are within reach: the nearer one, the even digit on an exact tie. */
function nearest(a: number, b: number, digit: number): number {
  if (a < TWO47) return DOWN
  if (a > TWO47 || b > 0) return UP
  return digit % 2 === 0 ? DOWN : UP
}

/** Number::toString's layout for a decimal exponent from -5 to 21: digits.digits, 0.000digits or digits000. */
function writeDecimal(
  negative: boolean,
  count: number,
  point: number,
  out: Uint8Array,
  at: number,
): number {
  let i = at
  if (negative) out[i++] = MINUS
  if (point <= 0) {
    out[i++] = ZERO
    out[i++] = DOT
    for (let z = point; z < 0; z++) out[i++] = ZERO
    for (let d = 0; d < count; d++) out[i++] = ZERO + (digits[d] as number)
  } else if (count <= point) {
    for (let d = 0; d < count; d++) out[i++] = ZERO + (digits[d] as number)
    for (let z = count; z < point; z++) out[i++] = ZERO
  } else {
    for (let d = 0; d < point; d++) out[i++] = ZERO + (digits[d] as number)
    out[i++] = DOT
    for (let d = point; d < count; d++) out[i++] = ZERO + (digits[d] as number)
  }
  return i
}
