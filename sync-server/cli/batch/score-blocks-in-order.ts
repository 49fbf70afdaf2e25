import type { BlockScorerPool } from './block-scorer-pool.ts'
import type { ScoredBlock } from './scored-block.ts'

/** Blocks a worker holds at once: one being scored, one waiting, so it never waits for the next. */
const AHEAD_PER_WORKER = 2
/**
 * Blocks this thread may score past the oldest unwritten one: while a worker finishes that block,
 * this thread reads and scores the next ones instead of waiting (a few MB held at most).
 */
const AHEAD_HERE = 6

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
  const ahead = pool === null ? 0 : pool.size * AHEAD_PER_WORKER + AHEAD_HERE
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
