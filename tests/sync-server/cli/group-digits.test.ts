import { expect, test } from 'vitest'
import { groupDigits } from '../../../sync-server/cli/group-digits.ts'
import { seededRandom } from '../../../engine/seeded-random.ts'

const SEED = 13

test('groups digits as toLocaleString("en-US") does, whole numbers of every length and sign', () => {
  const random = seededRandom(SEED)
  const numbers = [0, -0, 1, -1, 999, 1000, -1000, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER]
  for (let digits = 1; digits <= 16; digits++) {
    for (let i = 0; i < 50; i++) {
      const n = Math.floor(random() * 10 ** digits)
      numbers.push(n, -n)
    }
  }
  for (const n of [...numbers, 0.5, 1234.5678, 2 ** 60, NaN, Infinity, -Infinity]) {
    expect(groupDigits(n), `seed ${SEED}, ${n}`).toBe(n.toLocaleString('en-US'))
  }
})
