import * as Y from 'yjs'
import { TEST_KEYS, orderedMaps, testsMap } from './model-doc-layout.ts'
import { copyJson, deleteKeysOutside, setIfChanged } from './model-doc-values.ts'
import { newDocId } from './new-doc-id.ts'
import type { ModelTest } from './model-schema.ts'

/** A test id made in the editor: random (see new-doc-id.ts), so peers adding tests never collide. */
export function newTestId(): string {
  return newDocId('test-')
}

/**
 * Makes the tests map hold `tests` in this order, inside the caller's transaction: each test by
 * its id, only changed fields written, tests not listed removed.
 */
export function writeTests(doc: Y.Doc, tests: readonly ModelTest[]): void {
  const map = testsMap(doc)
  const ids = new Set(tests.map((t) => t.id))
  for (const key of [...map.keys()]) if (!ids.has(key)) map.delete(key)
  tests.forEach((test, index) => writeTest(map, test, index))
}

/** Adds tests after the existing ones, in one transaction (an import is one change). */
export function addTests(doc: Y.Doc, tests: readonly ModelTest[], origin?: unknown): void {
  if (tests.length === 0) return
  doc.transact(() => {
    const map = testsMap(doc)
    const last = orderedMaps(map).at(-1)?.[1].get('order')
    const start = typeof last === 'number' && Number.isFinite(last) ? Math.floor(last) + 1 : 0
    tests.forEach((test, i) => writeTest(map, test, start + i))
  }, origin)
}

/** Removes a test; false when it is not in the doc. */
export function removeTest(doc: Y.Doc, testId: string, origin?: unknown): boolean {
  const map = testsMap(doc)
  if (!map.has(testId)) return false
  doc.transact(() => map.delete(testId), origin)
  return true
}

function writeTest(map: Y.Map<unknown>, test: ModelTest, order: number): void {
  const current = map.get(test.id)
  const fields =
    current instanceof Y.Map
      ? (current as Y.Map<unknown>)
      : (map.set(test.id, new Y.Map<unknown>()) as Y.Map<unknown>)
  if (test.label === undefined) fields.delete('label')
  else setIfChanged(fields, 'label', test.label)
  setIfChanged(fields, 'asOf', test.asOf)
  setIfChanged(fields, 'lead', copyJson(test.lead))
  setIfChanged(fields, 'expect', copyJson(test.expect))
  setIfChanged(fields, 'order', order)
  deleteKeysOutside(fields, TEST_KEYS)
}
