import { describe, expect, test } from 'vitest'
import { seededRandom } from '../../../engine/seeded-random.ts'
import { ByteWriter } from '../../../sync-server/cli/batch/byte-writer.ts'
import { writeShortestNumber } from '../../../sync-server/cli/batch/shortest-number.ts'

const SEED = 20_251_202
const BITS = new Float64Array(1)
const WORD = new BigUint64Array(BITS.buffer)

function fromBits(word: bigint): number {
  WORD[0] = word
  return BITS[0] as number
}

function bitsOf(x: number): bigint {
  BITS[0] = x
  return WORD[0] as bigint
}

/** The next double up (x > 0) or down, by stepping the bit pattern. */
function step(x: number, by: number): number {
  return fromBits(bitsOf(x) + BigInt(by))
}

/** String(x) is the oracle: the writer's bytes for every value, comma separated, must be the same. */
function expectSameAsString(values: readonly number[]): void {
  const out = new ByteWriter(1 << 10)
  for (const x of values) {
    out.number(x)
    out.byte(44)
  }
  const got = Buffer.from(out.take()).toString('latin1')
  const expected = `${values.map(String).join(',')},`
  if (got === expected) return
  const gotCells = got.split(',')
  const i = values.findIndex((x, k) => gotCells[k] !== String(x))
  expect({ x: values[i], wrote: gotCells[i] }).toEqual({ x: values[i], wrote: String(values[i]) })
}

/** Every finite x with 1e-6 ≤ |x| < 1e21 (and 0) is written here, never handed back. */
function expectHandled(values: readonly number[]): void {
  const buffer = new Uint8Array(32)
  const missed = values.filter((x) => writeShortestNumber(x, buffer, 0) < 0)
  expect(missed.slice(0, 5)).toEqual([])
}

function both(values: readonly number[]): void {
  expectSameAsString(values)
  expectHandled(values)
}

/** A double with a random 52-bit fraction in the binade [2^exponent, 2^(exponent+1)). */
function inBinade(random: () => number, exponent: number): number {
  const fraction =
    (BigInt(Math.floor(random() * 2 ** 26)) << 26n) | BigInt(Math.floor(random() * 2 ** 26))
  return fromBits((BigInt(exponent + 1023) << 52n) | fraction)
}

const LOWEST = Math.ceil(Math.log2(1e-6)) // the first whole binade above 1e-6
const HIGHEST = Math.floor(Math.log2(1e21)) - 1 // the last whole binade below 1e21

describe('writeShortestNumber writes exactly what String(x) gives', () => {
  test('uniform in [0, 1), either sign', () => {
    const random = seededRandom(SEED)
    const values = Array.from({ length: 600_000 }, (_, i) => (i % 2 === 0 ? 1 : -1) * random())
    both(values.filter((x) => Math.abs(x) >= 1e-6))
  })

  test('uniform bits over every binade of the handled range, either sign', () => {
    const random = seededRandom(SEED + 1)
    const values: number[] = []
    for (let exponent = LOWEST; exponent <= HIGHEST; exponent++) {
      for (let k = 0; k < 6_000; k++)
        values.push((k % 2 === 0 ? 1 : -1) * inBinade(random, exponent))
    }
    both(values)
  })

  test('totals and contributions: sums of weighted terms, exps, logs', () => {
    const random = seededRandom(SEED + 2)
    const values: number[] = []
    for (let i = 0; i < 100_000; i++) {
      let total = 0
      for (let f = 0; f < 20; f++) {
        const contribution = (random() - 0.3) * Math.round(random() * 40) * 0.05
        total += contribution
        if (f < 3) values.push(contribution)
      }
      values.push(total, 1 / (1 + Math.exp(-total)), Math.log1p(random() * 1000))
    }
    both(values.filter((x) => x === 0 || Math.abs(x) >= 1e-6))
  })

  test('few digits: k / 10^j, 0.1 + 0.2 and friends, integers', () => {
    const random = seededRandom(SEED + 3)
    const values = [0.5, 0.1 + 0.2, 0.3, 1 / 3, 2 / 3, 0.7 * 3, 1.005, 4.35, 0.015, 100, 1, 2, 7, 0]
    for (let j = 0; j <= 10; j++) {
      for (let i = 0; i < 3_000; i++) {
        const k = Math.floor(random() * 10 ** (1 + (i % 6)))
        values.push(k / 10 ** j, (k * 10 ** j) / 10 ** (2 * j), -k / 10 ** j)
      }
    }
    for (let i = 1; i < 100_000; i += 7) values.push(i, -i * 1_000_003)
    both(values.filter((x) => x === 0 || Math.abs(x) >= 1e-6))
  })

  test('powers of ten and of two, and their neighbours up to 4 steps away', () => {
    const centres: number[] = []
    for (let p = -6; p <= 21; p++)
      centres.push(Number(`1e${p}`), Number(`5e${p}`), Number(`9.5e${p}`))
    for (let p = LOWEST; p <= HIGHEST + 1; p++) centres.push(2 ** p, 3 * 2 ** p)
    const values: number[] = []
    for (const c of centres) for (let by = -4; by <= 4; by++) values.push(step(c, by), -step(c, by))
    expectSameAsString(values)
    expectHandled(values.filter((x) => Math.abs(x) >= 1e-6 && Math.abs(x) < 1e21))
  })

  test('around 2^53 and the largest integers below 1e21', () => {
    const random = seededRandom(SEED + 4)
    const values: number[] = []
    for (let by = -20; by <= 20; by++) values.push(step(2 ** 53, by), 2 ** 53 + by)
    values.push(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 60, 123456789012345680000)
    for (let i = 0; i < 20_000; i++) values.push(Math.round(random() * 10 ** (16 + (i % 5))))
    both(values.filter((x) => x >= 2 ** 53 - 100 && x < 1e21))
  })

  test('integers next to a round midpoint: the gap boundary counts when the significand is even', () => {
    // D = c·10^(g−1) with c odd is an odd multiple of 2^(g−1), halfway between two doubles of ulp
    // 2^g; one of them has an even significand and its shortest form is D itself.
    const random = seededRandom(SEED + 5)
    const values: number[] = []
    for (let g = 1; g <= 17; g++) {
      const half = 2 ** (g - 1)
      const lowest = 2 ** (52 + g)
      const highest = Math.min(2 ** (53 + g), 1e21)
      const scale = 10 ** (g - 1)
      for (let i = 0; i < 200; i++) {
        const c = 2 * Math.floor((lowest + random() * (highest - lowest)) / scale / 2) + 1
        const midpoint = c * scale
        if (midpoint - half >= lowest && midpoint + half < highest) {
          values.push(midpoint - half, midpoint + half)
        }
      }
    }
    expect(values.length).toBeGreaterThan(3_000)
    both(values)
  })

  test('edges and everything outside are handed to String: 1e-6, 1e21, -0, tiny, huge, NaN', () => {
    const values = [
      1e-6,
      step(1e-6, -1),
      step(1e-6, 1),
      1e21,
      step(1e21, -1),
      step(1e21, 1),
      -0,
      5e-324,
      Number.MIN_VALUE,
      Number.MAX_VALUE,
      -1e-7,
      1e300,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]
    expectSameAsString(values)
    const buffer = new Uint8Array(32)
    for (const x of [Number.NaN, Number.POSITIVE_INFINITY, -1e-7, 1e21, 5e-324]) {
      expect(writeShortestNumber(x, buffer, 0)).toBe(-1)
    }
  })
})
