import type { FactorSource } from '../../../engine/factor-kernel.ts'
import { compileModel } from '../../../engine/compile-model.ts'
import type { Model } from '../../../shared/model-schema.ts'
import { ByteWriter } from './byte-writer.ts'
import { createBlockFormatter, type OutputShape } from './format-scored-block.ts'
import { createCsvBlockReader, type FieldRead } from './read-csv-block.ts'
import { createBlockColumnScorer } from './score-block-columns.ts'
import type { ScoredBlock } from './scored-block.ts'

/** Everything a thread needs to score blocks of one CSV: sent once to each worker. */
export interface CsvScoringSetup {
  readonly model: Model
  readonly asOf: number
  readonly header: readonly string[]
  readonly shape: OutputShape
}

/** Scores blocks of CSV records (after the header) into output bytes, in one thread. */
export type CsvBlockScorer = (b: Buffer) => ScoredBlock

/** The (field, reader) pairs the factors read, each once, in factor order; and each factor's pair. */
export function fieldReadsOf(factors: readonly FieldRead[]): {
  reads: FieldRead[]
  readOfFactor: number[]
} {
  const reads: FieldRead[] = []
  const index = new Map<string, number>()
  const readOfFactor = factors.map(({ field, reader }) => {
    const key = `${reader}\u0000${field}`
    let k = index.get(key)
    if (k === undefined) {
      k = reads.length
      reads.push({ field, reader })
      index.set(key, k)
    }
    return k
  })
  return { reads, readOfFactor }
}

/**
 * Reads each block's columns from its bytes, scores them with the engine's kernels (the same
 * totals, bit for bit, as scoreLead on each record's strings) and formats the results.
 */
export function createCsvBlockScorer({
  model,
  asOf,
  header,
  shape,
}: CsvScoringSetup): CsvBlockScorer {
  const compiled = compileModel(model)
  const { reads, readOfFactor } = fieldReadsOf(compiled.factors)
  const read = createCsvBlockReader(header, reads, {
    keepRecords: shape.format === 'csv',
    neutralize: shape.neutralize,
  })
  const format = createBlockFormatter(compiled, header, shape)
  const score = createBlockColumnScorer(compiled, asOf, shape)
  const out = new ByteWriter()
  return (b) => {
    const block = read(b)
    const n = block.length
    const scores = score(
      readOfFactor.map((k) => block.columns[k] as FactorSource),
      n,
    )
    format(out, b, block, scores)
    return { output: out.take(), length: n, lines: block.lines, error: block.error }
  }
}
