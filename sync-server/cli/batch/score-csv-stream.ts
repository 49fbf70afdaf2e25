import type { CsvSource } from '../csv/open-csv-source.ts'
import type { Progress } from '../progress.ts'
import type { Output } from '../write-output.ts'
import { createBlockScorerPool } from './block-scorer-pool.ts'
import { createCsvBlockScorer, type CsvScoringSetup } from './score-csv-block.ts'
import type { ScoredBlock, ScoringOutcome } from './scored-block.ts'
import { writeBlocksInOrder } from './write-blocks-in-order.ts'

/**
 * Scores a CSV block by block and writes each block's results in input order: with `workers` > 0
 * in that many worker threads while this thread reads and writes, with 0 here (writeBlocksInOrder).
 */
export async function scoreCsvStream(
  source: CsvSource,
  setup: CsvScoringSetup,
  { output, progress, workers }: { output: Output; progress: Progress; workers: number },
): Promise<ScoringOutcome> {
  const pool =
    workers > 0 ? createBlockScorerPool<ScoredBlock>({ input: 'csv', ...setup }, workers) : null
  try {
    return await writeBlocksInOrder(source.blocks(), createCsvBlockScorer(setup), pool, {
      output,
      progress,
      // After the header.
      firstLine: 1 + source.headerLines,
    })
  } finally {
    await pool?.close()
  }
}
