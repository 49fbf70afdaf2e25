import { describe, expect, test } from 'vitest'
import { readBoolean, readInstant, readNumber } from '../../../engine/read-value.ts'
import { seededRandom } from '../../../engine/seeded-random.ts'
import {
  readBooleanBytes,
  readInstantBytes,
  readNumberBytes,
} from '../../../sync-server/cli/csv/read-value-bytes.ts'
import { SEED } from './support/lead-files.ts'

const replay = `seed ${SEED} (replay: CLI_TEST_SEED=${SEED} npx vitest run tests/sync-server/cli)`

/** Field texts on the edges of the contract's readers (DESIGN.md: how values are read). */
const EDGES = [
  '',
  ' ',
  '\t',
  '  \t ',
  '0',
  '-0',
  '+0',
  '00',
  '007',
  '1',
  '-1',
  '+1',
  '.5',
  '-.5',
  '+.5',
  '5.',
  '.',
  '-',
  '+',
  '+-1',
  '--1',
  '1..2',
  '1.2.3',
  '12.5',
  ' 12.5 ',
  '\t42\t',
  ' 42',
  '42 ',
  '1,200',
  '1e3',
  '1E-3',
  '-1e+3',
  '0x10',
  '0b11',
  '0o7',
  '-0x10',
  'Infinity',
  '-Infinity',
  'NaN',
  'n/a',
  '1_000',
  '١٢',
  '\u00a012\u00a0',
  '\ufeff12',
  '12\r',
  '\v12',
  '123456789012345',
  '1234567890123456',
  '12345678901234567890',
  '0.1234567890123456789',
  '999999999999999.9',
  '9007199254740993',
  '1' + '0'.repeat(400),
  '0.' + '0'.repeat(400) + '1',
  'true',
  'false',
  'yes',
  'no',
  'True',
  'YES',
  ' yes',
  'yes ',
  'on',
  '1.0',
  '0.0',
  // Instants: epoch ms and ISO-8601 in every form the engine's grammar admits, and near misses.
  '1700000000000',
  '-1700000000000',
  '+1700000000000',
  '1700000000000.5',
  '1700000000000.',
  '.5',
  '2024-05-01',
  '2024-05-01T10:00',
  '2024-05-01T10:00:00',
  '2024-05-01 10:00:00',
  '2024-05-01T10:00:00Z',
  '2024-05-01T10:00:00z',
  '2024-05-01T10:00:00.123Z',
  '2024-05-01T10:00:00,5Z',
  '2024-05-01T10:00:00.1234567890123456Z',
  '2024-05-01T10:00:00.Z',
  '2024-05-01T10:00:00+02:00',
  '2024-05-01T10:00:00-0430',
  '2024-05-01T10:00:00+02',
  '2024-05-01T10:00:00+2:00',
  '2024-05-01T10:00:00+02:0',
  '2024-05-01Z',
  '2024-05-01+01:00',
  '2024-05-01T10',
  '2024-05-01T10:0',
  '2024-05-01T10:00:0',
  '2024-05-01T1000',
  '2024-5-01',
  '2024-05-1',
  '2024/05/01',
  '2024-13-01',
  '2024-00-10',
  '2024-02-29',
  '2023-02-29',
  '2024-04-31',
  '2024-05-01T24:00',
  '2024-05-01T23:60',
  '2024-05-01T23:59:60',
  '0099-01-01',
  '0000-01-01',
  '+002024-05-01',
  '-000001-01-01',
  '20240501',
  '2024-05-01T10:00:00ZZ',
  '2024-05-01TT10:00',
  ' 2024-05-01T10:00:00Z ',
  '2024-05-01\t',
  'last week',
  '31/12/2024',
  'Thu, 01 May 2024 10:00:00 GMT',
]

function bytesOf(text: string): Buffer {
  // Padding around the text: a reader must stop at its end, whatever follows.
  return Buffer.from(`7,${text},9`)
}

function readAll(text: string): { number: number; instant: number; boolean: number } {
  const b = bytesOf(text)
  const start = 2
  const end = b.length - 2
  return {
    number: readNumberBytes(b, start, end),
    instant: readInstantBytes(b, start, end),
    boolean: readBooleanBytes(b, start, end),
  }
}

/** What the engine's string readers give, in the byte readers' terms (booleans 1, 0 or NaN). */
function engineReads(text: string): { number: number; instant: number; boolean: number } {
  const flag = readBoolean(text)
  return {
    number: readNumber(text),
    instant: readInstant(text),
    boolean: flag === 1 ? 1 : flag === 0 ? 0 : NaN,
  }
}

/** Random texts shaped like CRM exports: decimals of every length, epoch ms, ISO dates. */
function randomTexts(count: number): string[] {
  const random = seededRandom(SEED)
  const digits = (n: number): string =>
    Array.from({ length: n }, () => Math.floor(random() * 10)).join('')
  const pad = (n: number, width: number): string => String(n).padStart(width, '0')
  const texts: string[] = []
  for (let i = 0; i < count; i++) {
    const sign = ['', '-', '+'][Math.floor(random() * 3)] as string
    const whole = digits(1 + Math.floor(random() * 17))
    const fraction = random() < 0.5 ? '' : `.${digits(Math.floor(random() * 18))}`
    texts.push(`${sign}${whole}${fraction}`)
    texts.push(String((random() - 0.5) * 10 ** Math.floor(random() * 30 - 10)))
    const t = Date.UTC(1990, 0, 1) + random() * 50 * 365 * 86_400_000
    const iso = new Date(t).toISOString()
    const offset = `${random() < 0.5 ? '+' : '-'}${pad(Math.floor(random() * 15), 2)}:${pad(15 * Math.floor(random() * 4), 2)}`
    texts.push(iso, iso.slice(0, 19), iso.slice(0, 10), `${iso.slice(0, 19)}${offset}`)
    texts.push(
      `${iso.slice(0, 19)}.${digits(1 + Math.floor(random() * 16))}Z`,
      String(Math.round(t)),
    )
    // A random date that may not exist (day 31 of a short month, Feb 29 of a common year).
    texts.push(
      `${pad(1900 + Math.floor(random() * 200), 4)}-${pad(1 + Math.floor(random() * 12), 2)}-${pad(1 + Math.floor(random() * 31), 2)}`,
    )
  }
  return texts
}

describe('the byte readers give exactly what the engine reads from the text', () => {
  test('on the edge cases of the contract', () => {
    for (const text of EDGES) {
      expect(readAll(text), JSON.stringify(text)).toEqual(engineReads(text))
    }
  })

  test('on seeded random decimals, epoch ms and ISO-8601 dates', () => {
    for (const text of randomTexts(5_000)) {
      expect(readAll(text), `${JSON.stringify(text)}, ${replay}`).toEqual(engineReads(text))
    }
  })
})
