import { addWeighted } from '../../../engine/add-weighted.ts'
import type { CompiledModel } from '../../../engine/compile-model.ts'
import type { FactorSource } from '../../../engine/factor-kernel.ts'
import { assignTiers, scoreColumns } from '../../../engine/score-columns.ts'
import type { BlockScores, OutputShape } from './format-scored-block.ts'

/** Scores the n leads of a block from each factor's source, in factor order. */
export type BlockColumnScorer = (sources: readonly FactorSource[], n: number) => BlockScores

/**
 * Scores blocks with the engine's kernels (the same totals, bit for bit, as scoreLead on each lead).
 * Where the output shows each factor's v (JSON lines always, CSV with contributions) the values are
 * kept for the formatter, in arrays reused from block to block (read before the next block is
 * scored); else only the totals are computed (scoreColumns).
 */
export function createBlockColumnScorer(
  compiled: CompiledModel,
  asOf: number,
  shape: OutputShape,
): BlockColumnScorer {
  const withValues = shape.format === 'jsonl' || shape.contributions
  let values: Float64Array[] = []
  let room = 0
  return (sources, n) => {
    if (!withValues) {
      const scored = scoreColumns(compiled, { length: n, columns: {} }, { asOf }, sources)
      return { ...scored, values: null }
    }
    if (n > room) {
      room = Math.max(n, 2 * room)
      values = compiled.factors.map(() => new Float64Array(room))
    }
    compiled.factors.forEach((f, i) =>
      f.fill(sources[i] as FactorSource, 0, n, values[i] as Float64Array, 0, asOf),
    )
    const totals = new Float64Array(n)
    addWeighted(totals, 0, n, compiled.weights, 0, values, 0)
    return { totals, tierIndex: assignTiers(compiled.tierMins, totals), values }
  }
}
