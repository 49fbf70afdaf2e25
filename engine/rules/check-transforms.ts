import { FINDING_CODES } from '../../shared/finding-codes.ts'
import type { Finding, FindingPath } from '../../shared/finding-schema.ts'
import type { Factor, Model } from '../../shared/model-schema.ts'
import { factorName, formatNumber, pathText } from './describe.ts'
import { errorFinding } from './finding-builders.ts'

/** Rules on each factor's transform parameters and on every score it can give. */
export function checkTransforms(model: Model): Finding[] {
  return model.factors.flatMap((factor, i) => [
    ...checkParameters(factor, ['factors', i, 'transform']),
    ...checkScores(factor, i),
  ])
}

function checkParameters(factor: Factor, at: FindingPath): Finding[] {
  const t = factor.transform
  const name = `${factorName(factor)} (${t.kind})`
  switch (t.kind) {
    case 'linear':
    case 'log': {
      const findings: Finding[] = []
      if (!(t.min < t.max)) {
        findings.push(
          errorFinding(
            FINDING_CODES.rangeOrder,
            [...at, 'min'],
            `${name}: min ${formatNumber(t.min)} must be less than max ${formatNumber(t.max)}.`,
            t.min > t.max
              ? `Swap min and max${t.kind === 'linear' ? ', and set invert: true if high values should score low' : ''}.`
              : 'Widen the range: set max above min.',
          ),
        )
      }
      if (t.kind === 'log' && !(t.min > 0)) {
        findings.push(
          errorFinding(
            FINDING_CODES.logMinNotPositive,
            [...at, 'min'],
            `${name}: min is ${formatNumber(t.min)}, but a log scale needs min > 0.`,
            'Set min to the smallest positive value that should score above 0 (e.g. 1), or use a linear transform.',
          ),
        )
      }
      return findings
    }
    case 'recency':
      return t.halfLifeDays > 0
        ? []
        : [
            errorFinding(
              FINDING_CODES.halfLifeNotPositive,
              [...at, 'halfLifeDays'],
              `${name}: halfLifeDays is ${formatNumber(t.halfLifeDays)}; it must be greater than 0.`,
              'Set the number of days after which a date counts half as much, e.g. 30.',
            ),
          ]
    case 'buckets':
      return checkBuckets(name, t.edges, t.scores, at)
    case 'category':
    case 'boolean':
      return []
  }
}

function checkBuckets(
  name: string,
  edges: readonly number[],
  scores: readonly number[],
  at: FindingPath,
): Finding[] {
  const findings: Finding[] = []
  for (let k = 1; k < edges.length; k++) {
    const prev = edges[k - 1] as number
    const edge = edges[k] as number
    if (!(edge > prev)) {
      findings.push(
        errorFinding(
          FINDING_CODES.edgesNotIncreasing,
          [...at, 'edges', k],
          `${name}: edges[${k}] (${formatNumber(edge)}) is not greater than edges[${k - 1}] (${formatNumber(prev)}); edges must be strictly increasing.`,
          'Sort the edges from low to high and remove duplicates, keeping one score per bucket.',
        ),
      )
    }
  }
  const needed = edges.length + 1
  if (scores.length !== needed) {
    const diff = needed - scores.length
    findings.push(
      errorFinding(
        FINDING_CODES.scoresLength,
        [...at, 'scores'],
        `${name}: ${edges.length} ${edges.length === 1 ? 'edge needs' : 'edges need'} ${needed} scores (one below the first edge, one per bucket above), but found ${scores.length}.`,
        diff > 0
          ? `Add ${diff} ${diff === 1 ? 'score' : 'scores'}, or remove ${diff} ${diff === 1 ? 'edge' : 'edges'}.`
          : `Remove ${-diff} ${diff === -1 ? 'score' : 'scores'}, or add ${-diff} ${diff === -1 ? 'edge' : 'edges'}.`,
      ),
    )
  }
  return findings
}

/** Every value a factor can contribute as v, with its path: `missing` and the transform's scores. */
function scoresOf(factor: Factor, i: number): [FindingPath, number][] {
  const at = ['factors', i, 'transform']
  const scores: [FindingPath, number][] = [[['factors', i, 'missing'], factor.missing]]
  const t = factor.transform
  switch (t.kind) {
    case 'buckets':
      t.scores.forEach((s, k) => scores.push([[...at, 'scores', k], s]))
      break
    case 'category':
      for (const [key, s] of Object.entries(t.map)) scores.push([[...at, 'map', key], s])
      scores.push([[...at, 'default'], t.default])
      break
    case 'boolean':
      scores.push([[...at, 'whenTrue'], t.whenTrue], [[...at, 'whenFalse'], t.whenFalse])
      break
  }
  return scores
}

function checkScores(factor: Factor, i: number): Finding[] {
  return scoresOf(factor, i).flatMap(([path, s]): Finding[] =>
    s >= 0 && s <= 1
      ? []
      : [
          errorFinding(
            FINDING_CODES.scoreRange,
            path,
            `${factorName(factor)}: ${pathText(path.slice(2))} is ${formatNumber(s)}, outside [0, 1].`,
            `A score is the share of the factor's weight a lead earns: use a value from 0 to 1 (e.g. ${s > 1 ? 1 : 0}).`,
          ),
        ],
  )
}
