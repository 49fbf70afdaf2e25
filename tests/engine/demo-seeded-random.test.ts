import { expect, test } from 'vitest'
import { inverseNormal, normalFrom, seededRandom } from '../../engine/seeded-random.ts'
import { SEED } from './support/seed.ts'

const replay = `seed ${SEED} (replay: ENGINE_TEST_SEED=${SEED} npx vitest run tests/engine)`
const draw = (random: () => number, n: number): number[] => Array.from({ length: n }, random)

test('a seed always gives the same uniform sequence in [0, 1); another seed another one', () => {
  const a = draw(seededRandom(SEED), 10_000)
  expect(draw(seededRandom(SEED), 10_000), replay).toEqual(a)
  expect(draw(seededRandom(SEED + 1), 10_000), replay).not.toEqual(a)
  expect(
    a.every((u) => u >= 0 && u < 1),
    replay,
  ).toBe(true)
  // Ten equal bins each get about a tenth: far from all 1000 would flag a broken generator.
  const bins = new Array<number>(10).fill(0)
  for (const u of a) bins[Math.floor(u * 10)]! += 1
  for (const count of bins) expect(Math.abs(count - 1000), replay).toBeLessThan(150)
})

test('normalFrom gives standard normal numbers', () => {
  const z = draw(normalFrom(seededRandom(SEED)), 50_000)
  const mean = z.reduce((s, x) => s + x, 0) / z.length
  const variance = z.reduce((s, x) => s + (x - mean) ** 2, 0) / z.length
  expect(Math.abs(mean), replay).toBeLessThan(0.03)
  expect(Math.abs(variance - 1), replay).toBeLessThan(0.05)
  expect(z.filter((x) => Math.abs(x) > 1.96).length / z.length, replay).toBeCloseTo(0.05, 2)
  expect(z.every(Number.isFinite), replay).toBe(true)
})

test('inverseNormal matches known quantiles of the standard normal', () => {
  expect(inverseNormal(0.5)).toBeCloseTo(0, 9)
  expect(inverseNormal(0.975)).toBeCloseTo(1.959964, 5)
  expect(inverseNormal(0.025)).toBeCloseTo(-1.959964, 5)
  expect(inverseNormal(0.001)).toBeCloseTo(-3.090232, 5)
  expect(inverseNormal(1e-10)).toBeCloseTo(-6.361341, 4)
})
