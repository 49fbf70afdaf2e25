import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import {
  addTests,
  diffDocFields,
  newTestId,
  readDocFields,
  readModel,
  removeTest,
  writeModel,
} from '../../shared/model-doc.ts'
import type { Model, ModelTest } from '../../shared/model-schema.ts'

const AS_OF = '2026-01-01T00:00:00Z'

const golden = (id: string, tier: string, label?: string): ModelTest => ({
  id,
  ...(label === undefined ? {} : { label }),
  asOf: AS_OF,
  lead: { employees: 500, industry: 'software' },
  expect: { tier },
})

const WITH_TESTS: Model = {
  ...DEMO_MODEL,
  tests: [golden('acme', 'B', 'Acme'), golden('globex', 'C'), golden('initech', 'B')],
}

/** Two docs wired like two peers: `sync()` exchanges what each lacks. */
function peers(model: Model): { a: Y.Doc; b: Y.Doc; sync: () => void } {
  const a = new Y.Doc()
  writeModel(a, model)
  const b = new Y.Doc()
  const sync = () => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
  }
  sync()
  return { a, b, sync }
}

describe('model tests in the doc', () => {
  test('a model with tests reads back identical, in order; one without has no tests key', () => {
    const doc = new Y.Doc()
    expect(writeModel(doc, WITH_TESTS)).toEqual({ ok: true })
    expect(readModel(doc)).toEqual({ model: WITH_TESTS, findings: [] })
    expect(writeModel(doc, DEMO_MODEL)).toEqual({ ok: true })
    expect(readModel(doc).model).toEqual(DEMO_MODEL)
    expect(readModel(doc).model).not.toHaveProperty('tests')
  })

  test('concurrent edits of different tests merge, and tests added at once both survive', () => {
    const { a, b, sync } = peers(WITH_TESTS)
    // Ana retargets acme and removes globex while Bo relabels initech and adds one of his own.
    const anaTests = WITH_TESTS.tests!.filter((t) => t.id !== 'globex')
    anaTests[0] = { ...anaTests[0]!, expect: { tier: 'A', minTotal: 0.7 } }
    writeModel(a, { ...WITH_TESTS, tests: anaTests })
    writeModel(b, {
      ...WITH_TESTS,
      tests: WITH_TESTS.tests!.map((t) => (t.id === 'initech' ? { ...t, label: 'Initech' } : t)),
    })
    addTests(a, [golden(newTestId(), 'D', 'Ana new')])
    addTests(b, [golden(newTestId(), 'D', 'Bo new')])
    sync()

    const merged = readModel(a).model
    expect(readModel(b).model).toEqual(merged)
    const byLabel = Object.fromEntries(merged!.tests!.map((t) => [t.label ?? t.id, t]))
    expect(Object.keys(byLabel).sort()).toEqual(['Acme', 'Ana new', 'Bo new', 'Initech'])
    expect(byLabel.Acme?.expect).toEqual({ tier: 'A', minTotal: 0.7 })
  })

  test('the change feed names the test and the field that changed', () => {
    const doc = new Y.Doc()
    writeModel(doc, WITH_TESTS)
    const before = readDocFields(doc)
    const tests = structuredClone(WITH_TESTS.tests!)
    tests[1]!.expect = { tier: 'D' }
    writeModel(doc, { ...WITH_TESTS, tests })
    removeTest(doc, 'initech')
    expect(diffDocFields(before, readDocFields(doc))).toEqual([
      { factorId: null, field: 'tests.globex.expect', from: { tier: 'C' }, to: { tier: 'D' } },
      {
        factorId: null,
        field: 'tests.initech',
        from: { asOf: AS_OF, lead: golden('x', 'B').lead, expect: { tier: 'B' } },
        to: null,
      },
    ])
  })

  test('two tests with one id cannot be held in a doc: refused, nothing written', () => {
    const doc = new Y.Doc()
    writeModel(doc, DEMO_MODEL)
    const result = writeModel(doc, {
      ...DEMO_MODEL,
      tests: [golden('dup', 'A'), golden('dup', 'B')],
    })
    expect(result).toMatchObject({
      ok: false,
      findings: [{ code: 'duplicate-test-id', path: ['tests', 1, 'id'] }],
    })
    expect(readModel(doc).model).toEqual(DEMO_MODEL)
  })
})
