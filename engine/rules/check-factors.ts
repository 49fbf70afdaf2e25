import { FINDING_CODES } from '../../shared/finding-codes.ts'
import type { Finding } from '../../shared/finding-schema.ts'
import type { Model } from '../../shared/model-schema.ts'
import { closestName } from './closest-name.ts'
import { factorName, formatNumber } from './describe.ts'
import { errorFinding, warningFinding } from './finding-builders.ts'

/** Weights must sum to 1 within this tolerance (DESIGN.md, Validation). */
export const WEIGHT_SUM_TOLERANCE = 1e-6

/** Rules on the factor list as a whole and each factor's weight, id and field. */
export function checkFactors(model: Model, datasetFields?: readonly string[]): Finding[] {
  return [
    ...checkWeightSum(model),
    ...checkWeights(model),
    ...checkDuplicateIds(model),
    ...checkLabels(model),
    ...(datasetFields === undefined ? [] : checkFields(model, datasetFields)),
  ]
}

function checkWeightSum({ factors }: Model): Finding[] {
  const findings: Finding[] = []
  // Summed in factor order, as scoring sums contributions, so a total never exceeds this sum.
  const sum = factors.reduce((a, f) => a + f.weight, 0)
  if (!(Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE)) {
    const shown = formatNumber(sum)
    findings.push(
      errorFinding(
        FINDING_CODES.weightSum,
        ['factors'],
        `Weights sum to ${shown}, not 1 (allowed: 1 ± ${WEIGHT_SUM_TOLERANCE}).`,
        sum > 0 && Number.isFinite(sum)
          ? `Normalize weights: divide each weight by ${shown} so they sum to 1, keeping their proportions.`
          : `The weights sum to ${shown}: give the factors positive weights, then normalize weights so they sum to 1.`,
      ),
    )
  }
  if (!factors.some((f) => f.weight > 0)) {
    findings.push(
      errorFinding(
        FINDING_CODES.noPositiveWeight,
        ['factors'],
        'No factor has a weight above 0, so every lead would score 0.',
        'Give at least one factor a positive weight.',
      ),
    )
  }
  return findings
}

function checkWeights({ factors }: Model): Finding[] {
  return factors.flatMap((factor, i): Finding[] => {
    const w = factor.weight
    const path = ['factors', i, 'weight']
    if (!(w >= 0 && w <= 1)) {
      return [
        errorFinding(
          FINDING_CODES.weightRange,
          path,
          `${factorName(factor)} has weight ${formatNumber(w)}, outside [0, 1].`,
          `Set a weight between 0 and 1 (e.g. ${w > 1 ? 1 : 0}), then normalize weights so they sum to 1.`,
        ),
      ]
    }
    if (w === 0) {
      return [
        warningFinding(
          FINDING_CODES.zeroWeight,
          path,
          `${factorName(factor)} has weight 0, so it does not change any score.`,
          'Give it a weight above 0, or remove the factor if it is not needed.',
        ),
      ]
    }
    return []
  })
}

function checkLabels({ factors }: Model): Finding[] {
  return factors.flatMap((factor, i): Finding[] =>
    factor.label.trim() === ''
      ? [
          warningFinding(
            FINDING_CODES.emptyLabel,
            ['factors', i, 'label'],
            `Factor "${factor.id}" (reading "${factor.field}") has no label.`,
            'Give it a label that says what it measures, so others can tell the factors apart.',
          ),
        ]
      : [],
  )
}

function checkDuplicateIds({ factors }: Model): Finding[] {
  const firstIndex = new Map<string, number>()
  const ids = new Set(factors.map((f) => f.id))
  return factors.flatMap((factor, i): Finding[] => {
    const first = firstIndex.get(factor.id)
    if (first === undefined) {
      firstIndex.set(factor.id, i)
      return []
    }
    let n = 2
    while (ids.has(`${factor.id}-${n}`)) n++
    return [
      errorFinding(
        FINDING_CODES.duplicateFactorId,
        ['factors', i, 'id'],
        `factors[${i}] reuses the id "${factor.id}" of factors[${first}]; factor ids must be unique.`,
        `Rename one of them, e.g. to "${factor.id}-${n}".`,
      ),
    ]
  })
}

function checkFields({ factors }: Model, datasetFields: readonly string[]): Finding[] {
  const known = new Set(datasetFields)
  return factors.flatMap((factor, i): Finding[] => {
    if (known.has(factor.field)) return []
    const guess = closestName(factor.field, datasetFields)
    return [
      warningFinding(
        FINDING_CODES.fieldNotInDataset,
        ['factors', i, 'field'],
        `${factorName(factor)} reads the field "${factor.field}", which the reference dataset lacks; its leads will score \`missing\` (${formatNumber(factor.missing)}) there.`,
        guess !== undefined
          ? `Did you mean "${guess}"? Otherwise check the field name or upload a dataset that has it.`
          : `Check the field name against the dataset's fields, or upload a dataset that has it.`,
      ),
    ]
  })
}
