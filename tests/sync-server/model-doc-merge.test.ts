import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { compileModel } from '../../engine/compile-model.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { scoreLead } from '../../engine/score-lead.ts'
import { validateModel } from '../../engine/validate-model.ts'
import {
  addFactor,
  addTier,
  diffDocFields,
  moveFactor,
  newFactorId,
  readDocFields,
  readModel,
  readModelInput,
  setTierField,
  setTransformKind,
  setTransformParam,
  writeModel,
} from '../../shared/model-doc.ts'
import type { FactorInput, Model } from '../../shared/model-schema.ts'

/** Two docs that exchange updates only when `sync()` runs: two peers that are apart until then. */
function peers(): { a: Y.Doc; b: Y.Doc; sync: () => void } {
  const a = new Y.Doc()
  const b = new Y.Doc()
  const sync = () => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
  }
  return { a, b, sync }
}

function newFactor(label: string): FactorInput {
  return {
    id: newFactorId(),
    label,
    field: 'employees',
    weight: 0,
    transform: { kind: 'linear', min: 0, max: 10 },
  }
}

const SPECIAL_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty']

describe('the doc layout merges what two peers do apart', () => {
  test('new factor ids are random slugs of at least 64 bits and do not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newFactorId()))
    expect(ids.size).toBe(1000)
    for (const id of ids) expect(id).toMatch(/^f-[0-9a-f]{20}$/)
  })

  test('two offline peers each add a factor: both survive, and the diff names only the added one', () => {
    const { a, b, sync } = peers()
    writeModel(a, DEMO_MODEL)
    sync()
    const ana = newFactor('Ana’s factor')
    const ben = newFactor('Ben’s factor')
    expect(addFactor(a, ana)).toBe(true)
    expect(addFactor(b, ben)).toBe(true)
    const beforeOnA = readDocFields(a)
    sync()
    for (const doc of [a, b]) {
      const labels = readModel(doc).model!.factors.map((f) => f.label)
      expect(labels).toEqual(expect.arrayContaining(['Ana’s factor', 'Ben’s factor']))
      expect(labels).toHaveLength(DEMO_MODEL.factors.length + 2)
    }
    // What Ana's side records for Ben's update: one added factor, nothing changed in hers.
    expect(diffDocFields(beforeOnA, readDocFields(a))).toEqual([
      {
        factorId: ben.id,
        field: 'factor',
        from: null,
        to: expect.objectContaining({ label: 'Ben’s factor' }),
      },
    ])
    expect(readModel(a)).toEqual(readModel(b))
  })

  test('concurrent edits of different tiers both survive; two added tiers both survive', () => {
    const { a, b, sync } = peers()
    writeModel(a, DEMO_MODEL)
    sync()
    const ids = Object.keys(readDocFields(a).tiers)
    const [first, second] = orderedTierIds(a)
    expect(ids).toHaveLength(DEMO_MODEL.tiers.length)
    expect(setTierField(a, first!, 'name', 'Hot')).toBe(true)
    expect(setTierField(b, second!, 'min', 0.45)).toBe(true)
    addTier(a, { name: 'from a', min: 0 })
    addTier(b, { name: 'from b', min: 0 })
    sync()
    const tiers = readModel(a).model!.tiers
    expect(tiers[0]!.name).toBe('Hot')
    expect(tiers[1]!.min).toBe(0.45)
    expect(tiers.map((t) => t.name)).toEqual(expect.arrayContaining(['from a', 'from b']))
    expect(readModel(b)).toEqual(readModel(a))
  })

  test('switching kinds and back restores the params; the kind left keeps a concurrent edit', () => {
    const { a, b, sync } = peers()
    writeModel(a, DEMO_MODEL)
    sync()
    const original = DEMO_MODEL.factors.find((f) => f.id === 'industry-fit')!.transform
    expect(setTransformKind(a, 'industry-fit', 'linear', { kind: 'linear', min: 0, max: 1 })).toBe(
      true,
    )
    expect(transformOf(a, 'industry-fit')).toEqual({ kind: 'linear', min: 0, max: 1 })
    setTransformParam(a, 'industry-fit', 'max', 9)
    // Meanwhile b, still on categories, scores one more value.
    setTransformParam(b, 'industry-fit', 'map', {
      ...(original.kind === 'category' ? original.map : {}),
      biotech: 0.6,
    })
    sync()
    expect(transformOf(b, 'industry-fit')).toEqual({ kind: 'linear', min: 0, max: 9 })
    setTransformKind(b, 'industry-fit', 'category', { kind: 'category', map: {}, default: 0 })
    sync()
    const back = transformOf(a, 'industry-fit')
    expect(back).toEqual({
      ...original,
      map: { ...(original.kind === 'category' ? original.map : {}), biotech: 0.6 },
    })
    setTransformKind(a, 'industry-fit', 'linear', { kind: 'linear', min: 0, max: 1 })
    expect(transformOf(a, 'industry-fit')).toEqual({ kind: 'linear', min: 0, max: 9 })
  })

  test('a kind switch is one transaction, undone in one step', () => {
    const doc = new Y.Doc()
    writeModel(doc, DEMO_MODEL)
    const undo = new Y.UndoManager([doc.getMap('factors')], { trackedOrigins: new Set(['me']) })
    const before = transformOf(doc, 'industry-fit')
    let transactions = 0
    doc.on('afterTransaction', () => transactions++)
    setTransformKind(doc, 'industry-fit', 'recency', { kind: 'recency', halfLifeDays: 30 }, 'me')
    expect(transactions).toBe(1)
    undo.undo()
    expect(transformOf(doc, 'industry-fit')).toEqual(before)
  })

  test('concurrent edits of different categories of one map both survive', () => {
    const { a, b, sync } = peers()
    writeModel(a, DEMO_MODEL)
    sync()
    const map = { ...(transformOf(a, 'industry-fit') as { map: Record<string, number> }).map }
    setTransformParam(a, 'industry-fit', 'map', { ...map, software: 0.1 })
    setTransformParam(b, 'industry-fit', 'map', { ...map, retail: 0.9 })
    sync()
    const merged = (transformOf(b, 'industry-fit') as { map: Record<string, number> }).map
    expect([merged.software, merged.retail]).toEqual([0.1, 0.9])
  })

  test('the diff never reports a factor’s internal order', () => {
    const doc = new Y.Doc()
    writeModel(doc, DEMO_MODEL)
    const before = readDocFields(doc)
    moveFactor(doc, 'bounce', 0)
    expect(diffDocFields(before, readDocFields(doc))).toEqual([])
  })
})

describe('every own key of a category map works end to end', () => {
  for (const key of SPECIAL_KEYS) {
    test(`"${key}": written, read back on a peer and after a reload, and scored`, () => {
      const map = JSON.parse(`{${JSON.stringify(key)}: 0.75, "software": 1}`) as Record<
        string,
        number
      >
      const model = withIndustryMap(map)
      const doc = new Y.Doc()
      expect(writeModel(doc, model)).toEqual({ ok: true })
      // A peer, and a reload from the stored state, read the same own keys.
      const reloaded = new Y.Doc()
      Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(doc))
      for (const target of [doc, reloaded]) {
        const read = industryMap(readModel(target).model)
        expect(Object.hasOwn(read, key), `own ${key}`).toBe(true)
        expect(read[key]).toBe(0.75)
        expect(Object.keys(read).sort()).toEqual([key, 'software'].sort())
        const validated = validateModel(readModelInput(target))
        expect(validated.ok).toBe(true)
        const compiled = compileModel(validated.model!)
        const scored = scoreLead(compiled, { industry: key }, { asOf: 0 })
        expect(scored.contributions['industry-fit']).toBeCloseTo(0.75 * industryWeight(), 12)
      }
      // Editing the map through the param edit keeps it too, and removes it again.
      setTransformParam(doc, 'industry-fit', 'map', { software: 1 })
      expect(Object.hasOwn(industryMap(readModel(doc).model), key)).toBe(false)
      setTransformParam(doc, 'industry-fit', 'map', map)
      expect(industryMap(readModel(doc).model)[key]).toBe(0.75)
    })
  }

  test('a category value that is not a key still scores the default, whatever the key names', () => {
    const doc = new Y.Doc()
    writeModel(doc, withIndustryMap({ software: 1 }))
    const compiled = compileModel(readModel(doc).model!)
    for (const value of SPECIAL_KEYS) {
      const scored = scoreLead(compiled, { industry: value }, { asOf: 0 })
      const transform = DEMO_MODEL.factors.find((f) => f.id === 'industry-fit')!.transform
      const fallback = transform.kind === 'category' ? transform.default : NaN
      expect(scored.contributions['industry-fit']).toBeCloseTo(fallback * industryWeight(), 12)
    }
  })
})

describe('older docs are read and rewritten in the new layout', () => {
  test('tiers as one meta array and flat transform params read back, and migrate on edit', () => {
    const doc = new Y.Doc()
    doc.transact(() => {
      const meta = doc.getMap('meta')
      meta.set('id', DEMO_MODEL.id)
      meta.set('name', DEMO_MODEL.name)
      meta.set('tiers', DEMO_MODEL.tiers)
      const factors = doc.getMap('factors')
      DEMO_MODEL.factors.forEach((factor, order) => {
        const map = factors.set(factor.id, new Y.Map<unknown>())
        for (const key of ['label', 'field', 'weight', 'missing'] as const)
          map.set(key, factor[key])
        map.set('order', order)
        const transform = map.set('transform', new Y.Map<unknown>())
        for (const [key, value] of Object.entries(factor.transform)) transform.set(key, value)
      })
    })
    const expected: Model = { ...DEMO_MODEL, description: undefined }
    delete expected.description
    expect(readModel(doc).model).toEqual(expected)

    setTransformKind(doc, 'bounce', 'boolean', { kind: 'boolean', whenTrue: 1, whenFalse: 0 })
    setTransformKind(doc, 'bounce', demoKind('bounce'), {
      kind: 'linear',
      min: 0,
      max: 1,
    })
    expect(setTierField(doc, 'no-such-tier', 'name', 'x')).toBe(false)
    addTier(doc, { name: 'extra', min: 0 })
    const model = readModel(doc).model!
    expect(model.factors.find((f) => f.id === 'bounce')!.transform).toEqual(
      DEMO_MODEL.factors.find((f) => f.id === 'bounce')!.transform,
    )
    expect(model.tiers).toEqual([...DEMO_MODEL.tiers, { name: 'extra', min: 0 }])
    expect(doc.getMap('meta').has('tiers')).toBe(false)
  })
})

function demoKind(id: string) {
  return DEMO_MODEL.factors.find((f) => f.id === id)!.transform.kind
}

function orderedTierIds(doc: Y.Doc): string[] {
  const tiers = readDocFields(doc).tiers as Record<string, { order: number }>
  return Object.keys(tiers).sort((x, y) => tiers[x]!.order - tiers[y]!.order)
}

function transformOf(doc: Y.Doc, factorId: string): unknown {
  return readModel(doc).model?.factors.find((f) => f.id === factorId)?.transform
}

function withIndustryMap(map: Record<string, number>): Model {
  return {
    ...DEMO_MODEL,
    factors: DEMO_MODEL.factors.map((f) =>
      f.id === 'industry-fit' && f.transform.kind === 'category'
        ? { ...f, transform: { ...f.transform, map } }
        : f,
    ),
  }
}

function industryMap(model: Model | null): Record<string, number> {
  const transform = model?.factors.find((f) => f.id === 'industry-fit')?.transform
  expect(transform?.kind).toBe('category')
  return transform?.kind === 'category' ? transform.map : {}
}

function industryWeight(): number {
  return DEMO_MODEL.factors.find((f) => f.id === 'industry-fit')!.weight
}
