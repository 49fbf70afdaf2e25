import { Readable } from 'node:stream'
import { expect, test } from 'vitest'
import { readLineBlocks } from '../../../sync-server/cli/batch/read-line-blocks.ts'

async function blocksOf(chunks: readonly (string | Buffer)[]): Promise<string[]> {
  const blocks: string[] = []
  for await (const b of readLineBlocks(Readable.from(chunks))) blocks.push(b.toString('utf8'))
  return blocks
}

test('blocks are whole lines as they arrive; a byte order mark split over chunks is skipped', async () => {
  const bom = Buffer.from([0xef, 0xbb, 0xbf])
  const blocks = await blocksOf([
    bom.subarray(0, 1),
    Buffer.concat([bom.subarray(1), Buffer.from('{"a":1}\n{"b"')]),
    ':2}\r\n{"c":',
    '3}\n{"d":4}\n',
    '{"e":5}',
  ])
  expect(blocks).toEqual(['{"a":1}\n', '{"b":2}\r\n', '{"c":3}\n{"d":4}\n', '{"e":5}'])
})

test('a line longer than many chunks is one block; input shorter than a mark is kept', async () => {
  const long = `{"note":"${'x'.repeat(10_000)}"}`
  const chunks = long.match(/.{1,97}/g) as string[]
  expect(await blocksOf([...chunks, '\n', 'tail'])).toEqual([`${long}\n`, 'tail'])
  expect(await blocksOf([Buffer.from([0xef, 0xbb])])).toEqual([
    Buffer.from([0xef, 0xbb]).toString('utf8'),
  ])
  expect(await blocksOf([])).toEqual([])
})
