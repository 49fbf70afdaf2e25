import type { CsvSource } from '../csv/open-csv-source.ts'
import type { Progress } from '../progress.ts'
import type { Output } from '../write-output.ts'
import { createBlockScorerPool } from './block-scorer-pool.ts'
import {
  createCsvBlockScorer,
  type CsvScoringSetup,
  type ScoredCsvBlock,
} from './score-csv-block.ts'

/** Blocks scored ahead of the one being written, per worker: enough to keep every core busy. */
const AHEAD_PER_WORKER = 2

/** How a CSV scoring run ended: leads written, and the bad record that stopped it, if any. */
export interface CsvScoringOutcome {
  readonly count: number
  readonly error: { readonly message: string; readonly line: number } | null
}

/**
 * Scores a CSV block by block and writes each block's results in input order. With `workers` > 0
 * the blocks are scored in that many worker threads while this thread reads and writes (and scores
 * the blocks no worker has room for); with 0, here, each block as soon as it arrives (so piped
 * input is answered as it comes).
 */
export async function scoreCsvStream(
  source: CsvSource,
  setup: CsvScoringSetup,
  { output, progress, workers }: { output: Output; progress: Progress; workers: number },
): Promise<CsvScoringOutcome> {
  const pool = workers > 0 ? createBlockScorerPool(setup, workers) : null
  const scoreHere = createCsvBlockScorer(setup)
  // A block goes to a worker that has room; when none has (still starting, or all busy), this
  // thread scores it itself rather than wait: every core works, and answers stay in order.
  const score = (b: Buffer): Promise<ScoredCsvBlock> =>
    pool !== null && pool.hasRoom(AHEAD_PER_WORKER) ? pool.score(b) : Promise.resolve(scoreHere(b))
  const ahead = pool === null ? 0 : workers * AHEAD_PER_WORKER
  const queue: Promise<ScoredCsvBlock>[] = []
  // Line of the first record of the next block to write: after the header.
  let line = 1 + source.headerLines
  let count = 0
  let bytes = 0
  let error: CsvScoringOutcome['error'] = null

  const writeNext = async (): Promise<void> => {
    const scored = await (queue.shift() as Promise<ScoredCsvBlock>)
    await output.write(scored.output)
    count += scored.length
    if (scored.error !== null)
      error = { message: scored.error.message, line: line + scored.error.line }
    line += scored.lines
    progress.tick(count, bytes)
  }

  try {
    for await (const b of source.blocks()) {
      bytes += b.length
      queue.push(score(b))
      // Unwritten answers are awaited in order; a rejection is seen when its turn comes.
      queue.at(-1)?.catch(() => undefined)
      while (queue.length > ahead && error === null) await writeNext()
      if (error !== null) break
    }
    while (queue.length > 0 && error === null) await writeNext()
  } finally {
    await pool?.close()
  }
  return { count, error }
}
