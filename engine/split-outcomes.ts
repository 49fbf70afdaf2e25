import type { Outcomes } from './read-outcomes.ts'
import { seededRandom, type Random } from './seeded-random.ts'

/** Rows (ascending) of each part of a train/holdout split of the leads with a known outcome. */
export interface OutcomeSplit {
  readonly train: Int32Array
  readonly holdout: Int32Array
}

/**
 * A seeded split, stratified: `holdout` of the converters and `holdout` of the others (rounded) go to
 * the holdout part, so both parts keep the overall conversion rate. The same seed gives the same split.
 */
export function splitOutcomes(outcomes: Outcomes, holdout: number, seed: number): OutcomeSplit {
  const random = seededRandom(seed)
  const byClass: [number[], number[]] = [[], []]
  for (let i = 0; i < outcomes.length; i++) {
    const o = outcomes[i] as number
    if (o >= 0) byClass[o as 0 | 1].push(i)
  }
  const train: number[] = []
  const held: number[] = []
  for (const rows of byClass) {
    shuffle(rows, random)
    const cut = Math.round(holdout * rows.length)
    held.push(...rows.slice(0, cut))
    train.push(...rows.slice(cut))
  }
  return {
    train: Int32Array.from(train).sort(),
    holdout: Int32Array.from(held).sort(),
  }
}

/** Fisher–Yates, in place. */
function shuffle(rows: number[], random: Random): void {
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const x = rows[i] as number
    rows[i] = rows[j] as number
    rows[j] = x
  }
}
