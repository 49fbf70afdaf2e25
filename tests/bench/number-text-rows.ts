import { seededRandom } from '../../engine/seeded-random.ts'
import { ByteWriter } from '../../sync-server/cli/batch/byte-writer.ts'
import { against, measureTogether, row, type BenchRow } from './bench-timing.ts'

const COUNT = 1_000_000

/**
 * The CSV output's numbers as text: ByteWriter.number against writing String(x), on 1M totals
 * (uniform in [0, 1)) and 1M contributions (uniform in (-10, 10)), in turns.
 */
export function numberTextRows(seed: number): BenchRow[] {
  const random = seededRandom(seed)
  const totals = Float64Array.from({ length: COUNT }, () => random())
  const contributions = Float64Array.from({ length: COUNT }, () => (random() - 0.5) * 20)
  const out = new ByteWriter(COUNT * 24)
  const viaString = (xs: Float64Array) => (): number => {
    for (let i = 0; i < xs.length; i++) out.ascii(String(xs[i]))
    return out.take().length
  }
  const direct = (xs: Float64Array) => (): number => {
    for (let i = 0; i < xs.length; i++) out.number(xs[i] as number)
    return out.take().length
  }
  const t = measureTogether({
    totalsString: viaString(totals),
    totalsDirect: direct(totals),
    contributionsString: viaString(contributions),
    contributionsDirect: direct(contributions),
  })
  const totalsString = row(
    'totals as text: String(x), written (1M in [0, 1))',
    t.totalsString,
    COUNT,
  )
  const contributionsString = row(
    'contributions as text: String(x), written (1M in (-10, 10))',
    t.contributionsString,
    COUNT,
  )
  return [
    totalsString,
    against(
      row('  ByteWriter.number (shortest digits, exact)', t.totalsDirect, COUNT),
      totalsString,
    ),
    contributionsString,
    against(
      row('  ByteWriter.number (shortest digits, exact)', t.contributionsDirect, COUNT),
      contributionsString,
    ),
  ]
}
