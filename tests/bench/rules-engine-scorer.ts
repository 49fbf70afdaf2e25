import { Engine, type Almanac, type RuleProperties } from 'json-rules-engine'
import type { Factor, Model, Transform } from '../../shared/model-schema.ts'
import type { PlainLead } from './plain-scorer.ts'

const MS_PER_DAY = 86_400_000
const TRUE_VALUES = [true, 'true', 'yes', '1', 1]
const FALSE_VALUES = [false, 'false', 'no', '0', 0]

/**
 * The model as json-rules-engine rules, the way such engines are used for scoring: one rule per
 * bucket, category key or boolean value (and one for "missing"), each firing an event that carries
 * its contribution; continuous transforms (linear, log, recency) become a computed fact per factor
 * and one rule whose event carries that fact's value. Facts are the lead's fields plus `asOf`.
 */
export function createRulesEngine(model: Model): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true, replaceFactsInEventParams: true })
  model.factors.forEach((factor, index) => {
    for (const rule of rulesOf(factor, index)) engine.addRule(rule)
    const continuous = continuousValue(factor.transform)
    if (continuous) {
      engine.addFact(`v:${factor.id}`, async (_params: unknown, almanac: Almanac) => {
        const x = await almanac.factValue<number | null>(factor.field)
        return x === null || x === undefined
          ? factor.missing
          : continuous(x, await almanac.factValue<number>('asOf'))
      })
    }
  })
  return engine
}

/** Runs the engine on each lead and adds the contributions in factor order; returns the totals. */
export async function scoreWithRules(
  engine: Engine,
  model: Model,
  leads: readonly PlainLead[],
  asOf: number,
): Promise<Float64Array> {
  const totals = new Float64Array(leads.length)
  const contributions = new Float64Array(model.factors.length)
  for (let i = 0; i < leads.length; i++) {
    const { events } = await engine.run({ ...leads[i], asOf })
    contributions.fill(0)
    for (const event of events) {
      const p = event.params as {
        index: number
        contribution?: number
        weight?: number
        v?: number
      }
      contributions[p.index] = p.contribution ?? (p.weight as number) * (p.v as number)
    }
    let total = 0
    for (const c of contributions) total += c
    totals[i] = total
  }
  return totals
}

function rulesOf(factor: Factor, index: number): RuleProperties[] {
  const { field, weight, missing, transform: t } = factor
  const fire = (contribution: number) => ({ type: 'contribution', params: { index, contribution } })
  const isMissing = { fact: field, operator: 'equal', value: null }
  const missingRule = { conditions: { all: [isMissing] }, event: fire(weight * missing) }
  switch (t.kind) {
    case 'buckets': {
      const bounds = [-Infinity, ...t.edges, Infinity]
      return [
        missingRule,
        ...t.scores.map((score, k) => ({
          conditions: {
            all: [
              { fact: field, operator: 'greaterThanInclusive', value: bounds[k] as number },
              { fact: field, operator: 'lessThan', value: bounds[k + 1] as number },
            ],
          },
          event: fire(weight * score),
        })),
      ]
    }
    case 'category': {
      const keys = Object.keys(t.map)
      return [
        missingRule,
        ...keys.map((key) => ({
          conditions: { all: [{ fact: field, operator: 'equal', value: key }] },
          event: fire(weight * (t.map[key] as number)),
        })),
        {
          conditions: { all: [{ fact: field, operator: 'notIn', value: [...keys, null] }] },
          event: fire(weight * t.default),
        },
      ]
    }
    case 'boolean':
      return [
        {
          conditions: { all: [{ fact: field, operator: 'in', value: TRUE_VALUES }] },
          event: fire(weight * t.whenTrue),
        },
        {
          conditions: { all: [{ fact: field, operator: 'in', value: FALSE_VALUES }] },
          event: fire(weight * t.whenFalse),
        },
        {
          conditions: {
            all: [{ fact: field, operator: 'notIn', value: [...TRUE_VALUES, ...FALSE_VALUES] }],
          },
          event: fire(weight * missing),
        },
      ]
    default:
      return [
        {
          conditions: {
            all: [{ fact: `v:${factor.id}`, operator: 'greaterThanInclusive', value: 0 }],
          },
          event: { type: 'contribution', params: { index, weight, v: { fact: `v:${factor.id}` } } },
        },
      ]
  }
}

/** v of a present value for the continuous transforms; undefined for the others. */
function continuousValue(t: Transform): ((x: number, asOf: number) => number) | undefined {
  const clamp = (v: number): number => Math.min(1, Math.max(0, v))
  switch (t.kind) {
    case 'linear':
      return (x) =>
        t.invert ? 1 - clamp((x - t.min) / (t.max - t.min)) : clamp((x - t.min) / (t.max - t.min))
    case 'log':
      return (x) =>
        x <= 0 ? 0 : clamp((Math.log(x) - Math.log(t.min)) / (Math.log(t.max) - Math.log(t.min)))
    case 'recency':
      return (x, asOf) => Math.pow(0.5, Math.max(0, (asOf - x) / MS_PER_DAY) / t.halfLifeDays)
    default:
      return undefined
  }
}
