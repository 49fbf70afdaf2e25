import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { validateModel } from '../../engine/validate-model.ts'
import { FINDING_CODES } from '../../shared/finding-codes.ts'
import { validModelArb } from './support/arbitraries.ts'
import { ERROR_CODES, breakRule, expectedErrorCodes } from './support/break-rule.ts'
import { checkProperty } from './support/seed.ts'

const amountArb = fc.double({ min: 0.01, max: 1, noNaN: true })

describe('property: a valid model that breaks one rule is rejected with that rule’s code', () => {
  test.each(ERROR_CODES)('%s', (code) => {
    checkProperty(
      fc.property(validModelArb, fc.nat(1000), amountArb, (valid, pick, amount) => {
        expect(validateModel(valid).ok).toBe(true)
        const broken = breakRule(valid, code, pick, amount)
        const result = validateModel(broken)
        expect(result.ok).toBe(false)
        const errors = result.findings.filter((f) => f.severity === 'error')
        expect(errors.map((f) => f.code)).toContain(code)
        expect(new Set(errors.map((f) => f.code))).toEqual(new Set(expectedErrorCodes(code)))
        expect(result.model === null).toBe(code === FINDING_CODES.schema)
        for (const f of result.findings) {
          expect(f.message.trim()).not.toBe('')
          expect(f.hint.trim()).not.toBe('')
        }
      }),
      60,
    )
  })

  test('breaking a factor rule and a tier rule reports both', () => {
    checkProperty(
      fc.property(
        validModelArb,
        fc.constantFrom(
          FINDING_CODES.weightSum,
          FINDING_CODES.weightRange,
          FINDING_CODES.duplicateFactorId,
          FINDING_CODES.halfLifeNotPositive,
          FINDING_CODES.scoreRange,
        ),
        fc.constantFrom(FINDING_CODES.tierOrder, FINDING_CODES.lastTierMin),
        fc.nat(1000),
        amountArb,
        (valid, factorRule, tierRule, pick, amount) => {
          const twice = breakRule(
            breakRule(valid, factorRule, pick, amount),
            tierRule,
            pick,
            amount,
          )
          const errors = validateModel(twice).findings.filter((f) => f.severity === 'error')
          expect(new Set(errors.map((f) => f.code))).toEqual(new Set([factorRule, tierRule]))
        },
      ),
      100,
    )
  })
})
