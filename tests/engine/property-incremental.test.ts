import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { compileModel } from '../../engine/compile-model.ts'
import { createColumnScorer } from '../../engine/create-column-scorer.ts'
import { columnsFromLeads } from '../../engine/lead-columns.ts'
import { normalizeModelWeights } from '../../engine/normalize-weights.ts'
import { scoreColumns } from '../../engine/score-columns.ts'
import { scoreLead } from '../../engine/score-lead.ts'
import type { Factor, Model, Tier, Transform } from '../../shared/model-schema.ts'
import {
  FIELDS,
  asOfArb,
  factorDraftArb,
  leadArb,
  tiersArb,
  transformArb,
  validModelArb,
  type FactorDraft,
} from './support/arbitraries.ts'
import { checkProperty } from './support/seed.ts'

/** One edit an analyst (or a merge of two analysts' edits) can make to a draft. */
type Edit =
  | { type: 'weight'; pick: number; weight: number }
  | { type: 'normalize' }
  | { type: 'label'; pick: number; label: string }
  | { type: 'transform'; pick: number; transform: Transform }
  | { type: 'missing'; pick: number; missing: number }
  | { type: 'field'; pick: number; field: string }
  | { type: 'reorder'; pick: number; other: number }
  | { type: 'add'; factor: FactorDraft; at: number }
  | { type: 'remove'; pick: number }
  | { type: 'tiers'; tiers: Tier[] }

const unit = fc.double({ min: 0, max: 1, noNaN: true })
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ type: fc.constant('weight'), pick: fc.nat(), weight: unit }),
  fc.constant({ type: 'normalize' as const }),
  fc.record({ type: fc.constant('label'), pick: fc.nat(), label: fc.string({ maxLength: 5 }) }),
  fc.record({ type: fc.constant('transform'), pick: fc.nat(), transform: transformArb }),
  fc.record({ type: fc.constant('missing'), pick: fc.nat(), missing: unit }),
  fc.record({
    type: fc.constant('field'),
    pick: fc.nat(),
    field: fc.constantFrom(...FIELDS, 'zz'),
  }),
  fc.record({ type: fc.constant('reorder'), pick: fc.nat(), other: fc.nat() }),
  fc.record({ type: fc.constant('add'), factor: factorDraftArb, at: fc.nat() }),
  fc.record({ type: fc.constant('remove'), pick: fc.nat() }),
  fc.record({ type: fc.constant('tiers'), tiers: tiersArb }),
)

/** Applies an edit; returns the new model and the ids whose values may need recomputing. */
function applyEdit(model: Model, edit: Edit, serial: number): [Model, string[]] {
  const factors = [...model.factors]
  const n = factors.length
  const replace = (pick: number, change: Partial<Factor>): [Model, string[]] => {
    const i = pick % n
    const factor = factors[i] as Factor
    factors[i] = { ...factor, ...change }
    const valuesChange = 'transform' in change || 'missing' in change || 'field' in change
    return [{ ...model, factors }, valuesChange ? [factor.id] : []]
  }
  switch (edit.type) {
    case 'weight':
      return replace(edit.pick, { weight: edit.weight })
    case 'normalize':
      return [normalizeModelWeights(model), []]
    case 'label':
      return replace(edit.pick, { label: edit.label })
    case 'transform':
      return replace(edit.pick, { transform: edit.transform })
    case 'missing':
      return replace(edit.pick, { missing: edit.missing })
    case 'field':
      return replace(edit.pick, { field: edit.field })
    case 'reorder': {
      const i = edit.pick % n
      const j = edit.other % n
      ;[factors[i], factors[j]] = [factors[j] as Factor, factors[i] as Factor]
      return [{ ...model, factors }, []]
    }
    case 'add': {
      if (n >= 64) return [model, []]
      const { rawWeight, ...draft } = edit.factor
      const id = `added-${serial}`
      factors.splice(edit.at % (n + 1), 0, { ...draft, id, weight: rawWeight })
      return [{ ...model, factors }, [id]]
    }
    case 'remove':
      if (n === 1) return [model, []]
      factors.splice(edit.pick % n, 1)
      return [{ ...model, factors }, []]
    case 'tiers':
      return [{ ...model, tiers: edit.tiers }, []]
  }
}

describe('property: incremental re-scoring equals full scoring', () => {
  test('a ColumnScorer after any sequence of edits matches a fresh score, exactly', () => {
    checkProperty(
      fc.property(
        validModelArb,
        fc.array(leadArb, { minLength: 1, maxLength: 40 }),
        fc.array(editArb, { minLength: 1, maxLength: 12 }),
        asOfArb,
        (start, leads, edits, asOf) => {
          const data = columnsFromLeads(leads)
          const scorer = createColumnScorer(data, start, { asOf })
          let model = start
          edits.forEach((edit, step) => {
            const [next, mayRecompute] = applyEdit(model, edit, step)
            model = next
            const { recomputed } = scorer.update(model)
            // Only factors whose values changed are recomputed; weight, label, order and tier edits reuse all.
            for (const id of recomputed) expect(mayRecompute).toContain(id)
            const compiled = compileModel(model)
            const fresh = scoreColumns(compiled, data, { asOf })
            leads.forEach((lead, row) => {
              const byLead = scoreLead(compiled, lead, { asOf })
              expect(scorer.totals[row] === fresh.totals[row]).toBe(true)
              expect(scorer.totals[row] === byLead.total).toBe(true)
              expect(scorer.tierIndex[row]).toBe(fresh.tierIndex[row])
              expect(scorer.result(row).tier).toBe(byLead.tier)
            })
          })
          leads.forEach((lead, row) =>
            expect(scorer.result(row)).toEqual(scoreLead(compileModel(model), lead, { asOf })),
          )
        },
      ),
      100,
    )
  })

  test('a weight-only update reports nothing recomputed', () => {
    checkProperty(
      fc.property(
        validModelArb,
        fc.array(leadArb, { minLength: 1, maxLength: 20 }),
        fc.array(unit, { minLength: 64, maxLength: 64 }),
        asOfArb,
        (start, leads, weights, asOf) => {
          const data = columnsFromLeads(leads)
          const scorer = createColumnScorer(data, start, { asOf })
          const reweighted = normalizeModelWeights({
            ...start,
            factors: start.factors.map((f, i) => ({ ...f, weight: weights[i] as number })),
          })
          expect(scorer.update(reweighted).recomputed).toEqual([])
          const fresh = scoreColumns(compileModel(reweighted), data, { asOf })
          expect([...scorer.totals]).toEqual([...fresh.totals])
          expect([...scorer.tierIndex]).toEqual([...fresh.tierIndex])
        },
      ),
      100,
    )
  })
})
