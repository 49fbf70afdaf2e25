import { parentPort, workerData } from 'node:worker_threads'
import { assert } from '../../../shared/assert.ts'
import { createBlockScorer, type BlockScoringSetup } from './create-block-scorer.ts'

/** A block to score, numbered so that the answer finds its request. */
export interface BlockRequest {
  readonly id: number
  readonly bytes: Uint8Array
}

assert(parentPort !== null, 'score-block-worker runs in a worker thread')
const port = parentPort
const score = createBlockScorer((workerData as { setup: BlockScoringSetup }).setup)
port.on('message', ({ id, bytes }: BlockRequest) => {
  const scored = score(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  port.postMessage({ id, ...scored }, [scored.output.buffer as ArrayBuffer])
})
port.postMessage({ ready: true })
