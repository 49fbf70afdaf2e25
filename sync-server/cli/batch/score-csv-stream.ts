import type { CsvSource } from '../csv/open-csv-source.ts'
import type { Progress } from '../progress.ts'
import type { Output } from '../write-output.ts'
import { createBlockScorerPool } from './block-scorer-pool.ts'
import { scoreBlocksInOrder } from './score-blocks-in-order.ts'
import { createCsvBlockScorer, type CsvScoringSetup } from './score-csv-block.ts'
import type { ScoredBlock, ScoringOutcome } from './scored-block.ts'

/**
 * Scores a CSV block by block and writes each block's results in input order: with `workers` > 0
 * in that many worker threads while this thread reads and writes, with 0 here (scoreBlocksInOrder).
 */
export async function scoreCsvStream(
  source: CsvSource,
  setup: CsvScoringSetup,
  { output, progress, workers }: { output: Output; progress: Progress; workers: number },
): Promise<ScoringOutcome> {
  const pool =
    workers > 0 ? createBlockScorerPool<ScoredBlock>({ input: 'csv', ...setup }, workers) : null
  // Line of the first record of the next block to write: after the header.
  let line = 1 + source.headerLines
  let count = 0
  let error: ScoringOutcome['error'] = null
  try {
    await scoreBlocksInOrder(
      source.blocks(),
      createCsvBlockScorer(setup),
      pool,
      async (scored, bytes) => {
        await output.write(scored.output)
        count += scored.length
        if (scored.error !== null) {
          error = { message: scored.error.message, line: line + scored.error.line }
        }
        line += scored.lines
        progress.tick(count, bytes)
        return error === null
      },
    )
  } finally {
    await pool?.close()
  }
  return { count, error }
}
