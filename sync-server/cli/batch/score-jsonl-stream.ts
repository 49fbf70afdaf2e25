import type { Readable } from 'node:stream'
import { compileModel } from '../../../engine/compile-model.ts'
import type { Progress } from '../progress.ts'
import type { Output } from '../write-output.ts'
import { createBlockScorerPool } from './block-scorer-pool.ts'
import { formatCsvHeader } from './format-scored-block.ts'
import { parseJsonlBlock } from './parse-jsonl-block.ts'
import { readLineBlocks } from './read-line-blocks.ts'
import {
  createJsonlBlockScorer,
  type JsonlScoringSetup,
  type ScoredJsonlBlock,
} from './score-jsonl-block.ts'
import type { ScoringOutcome } from './scored-block.ts'
import { writeBlocksInOrder } from './write-blocks-in-order.ts'

export interface JsonlStreamOptions {
  readonly output: Output
  readonly progress: Progress
  /** Worker threads to score blocks in (0: all in this thread). */
  readonly workers: number
  /** Told once, with --format csv, the number of the first lead with a key the first lead lacks. */
  readonly onOtherKeys: (lead: number) => void
}

/**
 * Scores JSON lines block by block and writes each block's results in input order (as CSV is, see
 * writeBlocksInOrder): a JSON line per lead, or with --format csv the first lead's keys as columns
 * (JSONL has no header), then total, tier and any contributions.
 */
export async function scoreJsonlStream(
  input: Readable,
  { model, asOf, shape }: Omit<JsonlScoringSetup, 'columns'>,
  { output, progress, workers, onOtherKeys }: JsonlStreamOptions,
): Promise<ScoringOutcome> {
  const blocks = readLineBlocks(input)
  let warned = false
  try {
    const start = await findFirstLead(blocks)
    if (start === null || 'error' in start) return { count: 0, error: start?.error ?? null }
    const { first, columns } = start
    const setup: JsonlScoringSetup = { model, asOf, shape, columns }
    if (shape.format === 'csv') {
      await output.write(formatCsvHeader(columns, compileModel(model), shape))
    }
    const pool =
      workers > 0
        ? createBlockScorerPool<ScoredJsonlBlock>({ input: 'jsonl', ...setup }, workers)
        : null
    try {
      return await writeBlocksInOrder(
        withFirst(first, blocks),
        createJsonlBlockScorer(setup),
        pool,
        {
          output,
          progress,
          firstLine: start.line,
          onBlock(scored, written) {
            if (scored.otherKeys >= 0 && !warned) {
              warned = true
              onOtherKeys(written + scored.otherKeys + 1)
            }
          },
        },
      )
    } finally {
      await pool?.close()
    }
  } finally {
    await blocks.return(undefined)
  }
}

/**
 * The first block that holds a lead, that lead's keys (every thread needs them before it scores,
 * for --format csv) and the block's first line; the blocks before it hold blank lines only. Or the
 * bad line before any lead, or null when there is no lead.
 */
async function findFirstLead(
  blocks: AsyncGenerator<Buffer>,
): Promise<
  | { first: Buffer; columns: string[]; line: number }
  | { error: NonNullable<ScoringOutcome['error']> }
  | null
> {
  let line = 1
  for (let next = await blocks.next(); !next.done; next = await blocks.next()) {
    const start = parseJsonlBlock(next.value, 1)
    if (start.error !== null) return { error: { ...start.error, line: line + start.error.line } }
    const lead = start.leads[0]
    if (lead !== undefined) return { first: next.value, columns: Object.keys(lead), line }
    line += start.lines
  }
  return null
}

/** `first`, then the rest of `blocks`. */
async function* withFirst(first: Buffer, blocks: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  yield first
  yield* blocks
}
