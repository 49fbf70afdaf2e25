import type { ScoredBlock } from './scored-block.ts'
import { createCsvBlockScorer, type CsvScoringSetup } from './score-csv-block.ts'
import { createJsonlBlockScorer, type JsonlScoringSetup } from './score-jsonl-block.ts'

/** What a thread needs to score the blocks of one input, by its format: sent once to each worker. */
export type BlockScoringSetup =
  ({ readonly input: 'csv' } & CsvScoringSetup) | ({ readonly input: 'jsonl' } & JsonlScoringSetup)

/** The scorer of one input's blocks, in this thread. */
export function createBlockScorer(setup: BlockScoringSetup): (b: Buffer) => ScoredBlock {
  return setup.input === 'csv' ? createCsvBlockScorer(setup) : createJsonlBlockScorer(setup)
}
