import { assert } from '../shared/assert.ts'
import { prepareColumn, type RawColumn } from './prepare-column.ts'

/** A lead's outcome: 1 converted, 0 did not, -1 unknown (left out of a backtest). */
export type Outcomes = Int8Array

/** Reads an outcome column with the `boolean` rules (DESIGN.md, Outcomes): anything else is unknown. */
export function readOutcomes(raw: RawColumn): Outcomes {
  const prepared = prepareColumn(raw, 'boolean')
  assert(prepared.reader === 'boolean', 'a column read as booleans')
  return prepared.values
}
