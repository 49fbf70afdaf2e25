import '../../client/components/sp-backtest-panel.ts'
import {
  SUGGEST_WEIGHTS_EVENT,
  type SpBacktestPanel,
} from '../../client/components/sp-backtest-panel.ts'
import { backtest } from '../../engine/backtest.ts'
import type { Backtest } from '../../shared/backtest-schema.ts'
import { assert, assertEqual } from './support/assert.ts'
import { cleanup, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle } from './support/wait-for.ts'

/** A real backtest of twenty leads whose totals rank converters `strength` well. */
function backtestOf(strength: number): Backtest {
  const totals = Float64Array.from({ length: 20 }, (_, i) => ((i * 7) % 20) / 20)
  const outcomes = Int8Array.from(totals, (t, i) => (t * strength + (i % 3) / 3 > 0.8 ? 1 : 0))
  const result = backtest(
    {
      totals,
      tierIndex: Int8Array.from(totals, (t) => (t >= 0.5 ? 0 : 1)),
      compiled: { tierNames: ['A', 'B'] },
    },
    outcomes,
  )
  assert(result.ok, 'the fixture has converters and non-converters')
  return result.backtest
}

function panel(): SpBacktestPanel {
  return mount(document.createElement('sp-backtest-panel'))
}

describe('sp-backtest-panel', () => {
  afterEach(cleanup)

  it('shows both AUCs with intervals, a lift bar per decile and model, and conversion per tier', async () => {
    const element = panel()
    const baseline = backtestOf(0.5)
    const draft = backtestOf(1.5)
    element.comparison = { ok: true, outcomeField: 'converted', baseline, draft }
    await settle(element)
    const draftAuc = element.querySelector('[data-backtest="auc-draft"]')?.textContent ?? ''
    assert(draftAuc.includes(draft.auc.toFixed(3)), `draft AUC shown: ${draftAuc}`)
    assert(draftAuc.includes(draft.aucInterval[0].toFixed(3)), 'with its interval')
    assertEqual(element.querySelectorAll('.lift-chart rect.draft').length, 10, 'ten draft bars')
    assertEqual(
      element.querySelectorAll('.lift-chart rect.baseline').length,
      10,
      'ten baseline bars',
    )
    const tierA = element.querySelector('tr[data-tier="A"]')?.textContent ?? ''
    const rate = `${(100 * (draft.tiers[0]?.rate ?? NaN)).toFixed(1)}%`
    assert(tierA.includes(rate), `tier A's draft rate ${rate} in “${tierA}”`)
  })

  it('Suggest weights asks once, shows progress while fitting, then the AUCs before and after', async () => {
    const element = panel()
    element.comparison = {
      ok: true,
      outcomeField: 'converted',
      baseline: backtestOf(1),
      draft: backtestOf(1),
    }
    await settle(element)
    let asked = 0
    element.addEventListener(SUGGEST_WEIGHTS_EVENT, () => asked++)
    const button = [...element.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Suggest weights'),
    )
    assert(button, 'a Suggest weights button')
    button.click()
    assertEqual(asked, 1, 'one request')

    element.fit = { state: 'fitting', fraction: 0.4 }
    await settle(element)
    assertEqual(element.querySelector('progress')?.value, 0.4, 'progress shown')
    assert(button.disabled, 'no second fit while one runs')

    const part = { leads: 700, positives: 90, startAuc: 0.71, fittedAuc: 0.76 }
    element.fit = { state: 'done', train: part, holdout: { ...part, leads: 300 }, applied: true }
    await settle(element)
    assertEqual(
      element.querySelector('[data-fit-status]')?.getAttribute('data-fit-status'),
      'applied',
      'applied',
    )
    const holdout = element.querySelector('tr[data-fit-part="holdout"]')?.textContent ?? ''
    assert(
      holdout.includes('0.710') && holdout.includes('0.760'),
      `start and fitted AUC: ${holdout}`,
    )
  })

  it('explains a missing outcome column, and a viewer cannot suggest weights', async () => {
    const element = panel()
    element.readonly = true
    element.comparison = {
      ok: false,
      outcomeField: 'won',
      code: 'no-outcome-column',
      message: "The dataset has no outcome column 'won'.",
    }
    await settle(element)
    assert(
      element.querySelector('[data-backtest-problem="no-outcome-column"]'),
      'the problem shown',
    )
    const button = element.querySelector('button')
    assert(button?.disabled, 'Suggest weights disabled')
  })
})
