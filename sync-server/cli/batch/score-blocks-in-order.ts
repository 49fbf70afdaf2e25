import type { BlockScorerPool } from './block-scorer-pool.ts'
import type { ScoredBlock } from './scored-block.ts'

/** Blocks scored ahead of the one being written, per worker: enough to keep every core busy. */
const AHEAD_PER_WORKER = 2

/**
 * Scores blocks and hands each result to `take` in input order, with the input's bytes read so far;
 * stops when `take` answers false. With a pool, a block goes to a worker that has room; when none
 * has (still starting, or all busy), this thread scores it itself rather than wait: every core
 * works, and answers stay in order. Without, each block is scored here as soon as it arrives (so
 * piped input is answered as it comes).
 */
export async function scoreBlocksInOrder<B extends ScoredBlock>(
  blocks: AsyncIterable<Buffer>,
  here: (b: Buffer) => B,
  pool: BlockScorerPool<B> | null,
  take: (scored: B, bytesRead: number) => Promise<boolean>,
): Promise<void> {
  const score = (b: Buffer): Promise<B> =>
    pool !== null && pool.hasRoom(AHEAD_PER_WORKER) ? pool.score(b) : Promise.resolve(here(b))
  const ahead = pool === null ? 0 : pool.size * AHEAD_PER_WORKER
  const queue: Promise<B>[] = []
  let bytes = 0
  let going = true
  const takeNext = async (): Promise<void> => {
    going = await take(await (queue.shift() as Promise<B>), bytes)
  }
  for await (const b of blocks) {
    bytes += b.length
    queue.push(score(b))
    // Unwritten answers are awaited in order; a rejection is seen when its turn comes.
    queue.at(-1)?.catch(() => undefined)
    while (queue.length > ahead && going) await takeNext()
    if (!going) return
  }
  while (queue.length > 0 && going) await takeNext()
}
