import { expect, test } from 'vitest'
import { seededRandom } from '../../../engine/seeded-random.ts'
import type { ScoreResult } from '../../../shared/score-result-schema.ts'
import {
  emptyShadowTally,
  mergeShadowTallies,
  tallyShadowLead,
} from '../../../sync-server/shadow/shadow-tally.ts'

const TIERS = ['A', 'B', 'C']

/** A result with a total on a coarse grid, so that ties among movers are common. */
function result(random: () => number): ScoreResult {
  const total = Math.floor(random() * 20) / 20
  return { total, tier: TIERS[Math.min(2, Math.floor((1 - total) * 3))]!, contributions: {} }
}

test('two tallies merged equal one tally of all their leads, in order (movers tied included)', () => {
  for (let seed = 1; seed <= 50; seed++) {
    const random = seededRandom(seed)
    const leads = Array.from({ length: 1 + Math.floor(random() * 60) }, () => ({
      production: result(random),
      candidate: result(random),
    }))
    const split = Math.floor(random() * (leads.length + 1))
    const whole = emptyShadowTally()
    const earlier = emptyShadowTally()
    const later = emptyShadowTally()
    leads.forEach(({ production, candidate }, i) => {
      tallyShadowLead(whole, () => `lead-${i}`, production, candidate)
      tallyShadowLead(i < split ? earlier : later, () => `lead-${i}`, production, candidate)
    })
    const merged = mergeShadowTallies(earlier, later)
    const replay = `seed ${seed}: npx vitest run tests/sync-server/shadow/shadow-tally.test.ts`
    expect({ ...merged, sumDelta: 0 }, replay).toEqual({ ...whole, sumDelta: 0 })
    // The sums differ only by the order of their additions.
    expect(merged.sumDelta, replay).toBeCloseTo(whole.sumDelta, 12)
  }
})
