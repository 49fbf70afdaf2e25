import type { Progress } from '../progress.ts'
import type { Output } from '../write-output.ts'
import type { BlockScorerPool } from './block-scorer-pool.ts'
import { scoreBlocksInOrder } from './score-blocks-in-order.ts'
import type { ScoredBlock, ScoringOutcome } from './scored-block.ts'

export interface BlockWriting<B extends ScoredBlock> {
  readonly output: Output
  readonly progress: Progress
  /** The input's line number of the first block's first line. */
  readonly firstLine: number
  /** Told of each block as it is written, with the count of leads written before it. */
  readonly onBlock?: (scored: B, written: number) => void
}

/**
 * Scores blocks in input order (scoreBlocksInOrder) and writes each one's output: counts the leads
 * written, ticks progress, and stops at the first bad record, named by its line in the input.
 */
export async function writeBlocksInOrder<B extends ScoredBlock>(
  blocks: AsyncIterable<Buffer>,
  here: (b: Buffer) => B,
  pool: BlockScorerPool<B> | null,
  { output, progress, firstLine, onBlock }: BlockWriting<B>,
): Promise<ScoringOutcome> {
  let line = firstLine
  let count = 0
  let error: ScoringOutcome['error'] = null
  await scoreBlocksInOrder(blocks, here, pool, async (scored, bytes) => {
    await output.write(scored.output)
    onBlock?.(scored, count)
    count += scored.length
    if (scored.error !== null) {
      error = { message: scored.error.message, line: line + scored.error.line }
    }
    line += scored.lines
    progress.tick(count, bytes)
    return error === null
  })
  return { count, error }
}
