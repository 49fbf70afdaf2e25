import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import {
  addFactor,
  diffDocFields,
  moveFactor,
  readDocFields,
  readModel,
  removeFactor,
  setFactorField,
  setOutcomeField,
  setTiers,
  setTransform,
  setTransformParam,
  setWeight,
  setWeights,
  writeModel,
} from '../../shared/model-doc.ts'
import type { Model } from '../../shared/model-schema.ts'

/** Two docs wired like two peers: every update of one is applied to the other once `sync()` runs. */
function peers(): { a: Y.Doc; b: Y.Doc; sync: () => void } {
  const a = new Y.Doc()
  const b = new Y.Doc()
  const sync = () => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
  }
  return { a, b, sync }
}

function factorOf(model: Model | null, id: string) {
  const factor = model?.factors.find((f) => f.id === id)
  expect(factor, `factor ${id}`).toBeDefined()
  return factor!
}

describe('model doc layout', () => {
  test('a model written into a doc reads back identical, also on a peer', () => {
    const doc = new Y.Doc()
    expect(writeModel(doc, DEMO_MODEL)).toEqual({ ok: true })
    expect(readModel(doc)).toEqual({ model: DEMO_MODEL, findings: [] })

    const peer = new Y.Doc()
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc))
    expect(readModel(peer).model).toEqual(DEMO_MODEL)
  })

  test('rewriting the same model changes nothing; rewriting another keeps only its content', () => {
    const doc = new Y.Doc()
    writeModel(doc, DEMO_MODEL)
    let updates = 0
    doc.on('update', () => updates++)
    writeModel(doc, DEMO_MODEL)
    expect(updates).toBe(0)

    const smaller: Model = {
      ...DEMO_MODEL,
      description: undefined,
      factors: [
        { ...DEMO_MODEL.factors[1]!, weight: 1, transform: { kind: 'linear', min: 0, max: 5 } },
      ],
      tiers: [{ name: 'all', min: 0 }],
    }
    delete smaller.description
    writeModel(doc, smaller)
    expect(updates).toBe(1)
    expect(readModel(doc).model).toEqual(smaller)
  })

  test('a model with duplicate factor ids is refused with a finding and writes nothing', () => {
    const doc = new Y.Doc()
    const factor = DEMO_MODEL.factors[0]!
    const result = writeModel(doc, { ...DEMO_MODEL, factors: [factor, factor] })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.findings.map((f) => [f.code, f.path])).toEqual([
      ['duplicate-factor-id', ['factors', 1, 'id']],
    ])
    expect(readModel(doc).model).toBeNull()
  })

  test('concurrent weight edits of different factors both survive the merge', () => {
    const { a, b, sync } = peers()
    writeModel(a, DEMO_MODEL)
    sync()
    setWeight(a, 'company-size', 0.3)
    setWeight(b, 'bounce', 0.01)
    sync()
    for (const doc of [a, b]) {
      const { model } = readModel(doc)
      expect(factorOf(model, 'company-size').weight).toBe(0.3)
      expect(factorOf(model, 'bounce').weight).toBe(0.01)
    }
  })

  test('the outcome field reads back, is co-edited beside a weight, and can be un-named', () => {
    const { a, b, sync } = peers()
    const withOutcome: Model = { ...DEMO_MODEL, outcomeField: 'converted' }
    writeModel(a, withOutcome)
    sync()
    expect(readModel(b).model).toEqual(withOutcome)
    setOutcomeField(a, 'won')
    setWeight(b, 'bounce', 0.01)
    sync()
    for (const doc of [a, b]) {
      const { model } = readModel(doc)
      expect(model?.outcomeField).toBe('won')
      expect(factorOf(model, 'bounce').weight).toBe(0.01)
    }
    setOutcomeField(b, undefined)
    sync()
    expect(readModel(a).model).not.toHaveProperty('outcomeField')
    // Writing a model without one removes it too: the doc holds exactly the model written.
    writeModel(a, withOutcome)
    writeModel(a, DEMO_MODEL)
    expect(readModel(a).model).toEqual(DEMO_MODEL)
  })

  test('concurrent edits of the weight and the label of one factor both survive', () => {
    const { a, b, sync } = peers()
    writeModel(a, DEMO_MODEL)
    sync()
    setWeight(a, 'industry-fit', 0.4)
    setFactorField(b, 'industry-fit', 'label', 'Industry')
    sync()
    const factor = factorOf(readModel(b).model, 'industry-fit')
    expect([factor.weight, factor.label]).toEqual([0.4, 'Industry'])
    expect(readModel(a)).toEqual(readModel(b))
  })

  test('concurrent edits of two params of one transform both survive', () => {
    const { a, b, sync } = peers()
    writeModel(a, DEMO_MODEL)
    sync()
    setTransformParam(a, 'web-engagement', 'min', 5)
    setTransformParam(b, 'web-engagement', 'max', 80)
    sync()
    expect(factorOf(readModel(a).model, 'web-engagement').transform).toEqual({
      kind: 'linear',
      min: 5,
      max: 80,
    })
  })

  test('a kind change replaces the params, and a concurrent param edit of the old kind cannot leak in', () => {
    const { a, b, sync } = peers()
    writeModel(a, DEMO_MODEL)
    sync()
    setTransform(a, 'web-engagement', { kind: 'recency', halfLifeDays: 7 })
    setTransformParam(b, 'web-engagement', 'max', 80)
    sync()
    const { model, findings } = readModel(b)
    expect(findings).toEqual([])
    expect(factorOf(model, 'web-engagement').transform).toEqual({
      kind: 'recency',
      halfLifeDays: 7,
    })
  })

  test('add, move, remove and tiers edits read back in order', () => {
    const doc = new Y.Doc()
    writeModel(doc, DEMO_MODEL)
    const extra = { ...DEMO_MODEL.factors[0]!, id: 'extra', label: 'Extra' }
    expect(addFactor(doc, extra, 1)).toBe(true)
    expect(addFactor(doc, extra)).toBe(false)
    const ids = () => readModel(doc).model!.factors.map((f) => f.id)
    expect(ids().slice(0, 3)).toEqual(['company-size', 'extra', 'industry-fit'])
    expect(moveFactor(doc, 'company-size', 99)).toBe(true)
    expect(ids().at(-1)).toBe('company-size')
    expect(moveFactor(doc, 'bounce', 0)).toBe(true)
    expect(ids()[0]).toBe('bounce')
    expect(removeFactor(doc, 'extra')).toBe(true)
    expect(removeFactor(doc, 'extra')).toBe(false)
    expect(setWeight(doc, 'extra', 1)).toBe(false)
    expect(ids()).toHaveLength(DEMO_MODEL.factors.length)
    setTiers(doc, [{ name: 'all', min: 0 }])
    expect(readModel(doc).model!.tiers).toEqual([{ name: 'all', min: 0 }])
    expect(setWeights(doc, { bounce: 0.5, 'company-size': 0.5, nope: 1 })).toBe(false)
    expect(factorOf(readModel(doc).model, 'bounce').weight).toBe(0.5)
  })

  test('whatever a peer wrote, reading gives findings with paths and never throws', () => {
    const peer = new Y.Doc()
    writeModel(peer, DEMO_MODEL)
    peer.transact(() => {
      const factors = peer.getMap('factors')
      factors.set('garbage', 42)
      const bounce = factors.get('bounce') as Y.Map<unknown>
      bounce.set('weight', '0.3')
      bounce.set('extra', new Y.Array())
      peer.getMap('meta').set('name', new Y.Array())
    })
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer))
    const { model, findings } = readModel(doc)
    expect(model).toBeNull()
    const paths = findings.map((f) => f.path.join('.'))
    const bounceIndex = DEMO_MODEL.factors.findIndex((f) => f.id === 'bounce')
    expect(paths).toEqual(
      expect.arrayContaining([
        'name',
        `factors.${bounceIndex}.weight`,
        `factors.${bounceIndex}`,
        `factors.${DEMO_MODEL.factors.length}`,
      ]),
    )
    expect(findings.every((f) => f.code === 'schema' && f.severity === 'error')).toBe(true)
  })

  test('an empty doc, or one whose roots are other types, is not a model', () => {
    expect(readModel(new Y.Doc()).findings[0]!.message).toMatch(/no model/)
    const other = new Y.Doc()
    other.getArray('factors').insert(0, [1, 2])
    other.getText('meta').insert(0, 'hello')
    const result = readModel(other)
    expect(result.model).toBeNull()
    expect(result.findings.length).toBeGreaterThan(0)
  })

  test('the diff of two reads names the factor, the field and both values', () => {
    const doc = new Y.Doc()
    writeModel(doc, DEMO_MODEL)
    const before = readDocFields(doc)
    setWeight(doc, 'bounce', 0.07)
    setTransformParam(doc, 'bounce', 'max', 0.6)
    removeFactor(doc, 'recent-activity')
    setTiers(doc, [{ name: 'all', min: 0 }])
    expect(diffDocFields(before, readDocFields(doc))).toEqual([
      { factorId: null, field: 'tiers', from: DEMO_MODEL.tiers, to: [{ name: 'all', min: 0 }] },
      { factorId: 'bounce', field: 'transform.max', from: 0.5, to: 0.6 },
      { factorId: 'bounce', field: 'weight', from: 0.05, to: 0.07 },
      {
        factorId: 'recent-activity',
        field: 'factor',
        from: expect.objectContaining({ label: 'Recent activity', weight: 0.15 }),
        to: null,
      },
    ])
  })
})
