import { FINDING_CODES } from '../../shared/finding-codes.ts'
import type { Finding } from '../../shared/finding-schema.ts'
import type { Model } from '../../shared/model-schema.ts'
import { formatNumber } from './describe.ts'
import { errorFinding } from './finding-builders.ts'

/** Tier mins strictly decrease and the last is 0, so every total in [0, 1] reaches exactly one first tier. */
export function checkTiers({ tiers }: Model): Finding[] {
  const findings: Finding[] = []
  for (let t = 1; t < tiers.length; t++) {
    const prev = tiers[t - 1] as (typeof tiers)[number]
    const tier = tiers[t] as (typeof tiers)[number]
    if (!(tier.min < prev.min)) {
      findings.push(
        errorFinding(
          FINDING_CODES.tierOrder,
          ['tiers', t, 'min'],
          `Tier "${tier.name}" has min ${formatNumber(tier.min)}, which is not below the min ${formatNumber(prev.min)} of tier "${prev.name}" before it; tier mins must strictly decrease.`,
          'List tiers from the highest min to the lowest, each min lower than the one before.',
        ),
      )
    }
  }
  const last = tiers.at(-1)
  if (last !== undefined && last.min !== 0) {
    findings.push(
      errorFinding(
        FINDING_CODES.lastTierMin,
        ['tiers', tiers.length - 1, 'min'],
        `The last tier "${last.name}" has min ${formatNumber(last.min)}; it must be 0 so that every lead gets a tier.`,
        last.min > 0
          ? `Set its min to 0, or add a final tier with min 0 below it.`
          : 'Set its min to 0.',
      ),
    )
  }
  return findings
}
