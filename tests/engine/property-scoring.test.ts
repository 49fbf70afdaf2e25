import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { compileModel } from '../../engine/compile-model.ts'
import { scoreLead } from '../../engine/score-lead.ts'
import { validateModel } from '../../engine/validate-model.ts'
import { asOfArb, leadArb, validModelArb } from './support/arbitraries.ts'
import { referenceScore } from './support/reference-score.ts'
import { scoreEverywhere } from './support/score-everywhere.ts'
import { checkProperty } from './support/seed.ts'

describe('property: a valid model scores every lead in [0, 1] with a tier', () => {
  test('generated models pass validation with no errors', () => {
    checkProperty(
      fc.property(validModelArb, (model) => {
        const result = validateModel(model)
        expect(result.findings.filter((f) => f.severity === 'error')).toEqual([])
        expect(result.ok).toBe(true)
        expect(result.model).toEqual(model)
      }),
      300,
    )
  })

  test('total ∈ [0, 1 + 1e-6] and tier is a string, on every scoring path', () => {
    checkProperty(
      fc.property(
        validModelArb,
        fc.array(leadArb, { minLength: 1, maxLength: 12 }),
        asOfArb,
        (input, leads, asOf) => {
          const { ok, model } = validateModel(input)
          expect(ok).toBe(true)
          if (model === null) return
          // scoreEverywhere also checks that scoreColumns and a ColumnScorer agree exactly.
          for (const result of scoreEverywhere(model, leads, asOf)) {
            expect(result.total).toBeGreaterThanOrEqual(0)
            expect(result.total).toBeLessThanOrEqual(1 + 1e-6)
            expect(typeof result.tier).toBe('string')
          }
        },
      ),
      200,
    )
  })

  test('scoreLead agrees with a plain reading of the contract', () => {
    checkProperty(
      fc.property(
        validModelArb,
        fc.array(leadArb, { minLength: 1, maxLength: 12 }),
        asOfArb,
        (input, leads, asOf) => {
          const model = validateModel(input).model
          if (model === null) throw new Error('a generated model failed the schema')
          const compiled = compileModel(model)
          for (const lead of leads) {
            const actual = scoreLead(compiled, lead, { asOf })
            const expected = referenceScore(model, lead, asOf)
            expect(Math.abs(actual.total - expected.total)).toBeLessThanOrEqual(1e-12)
            for (const [id, c] of Object.entries(expected.contributions)) {
              expect(Math.abs((actual.contributions[id] as number) - c)).toBeLessThanOrEqual(1e-12)
            }
            const nearBoundary = model.tiers.some(
              (t) => Math.abs(t.min - (expected.total + 1e-9)) < 1e-11,
            )
            if (!nearBoundary) expect(actual.tier).toBe(expected.tier)
          }
        },
      ),
      300,
    )
  })
})
