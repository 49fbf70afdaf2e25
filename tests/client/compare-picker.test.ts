import '../../client/components/sp-impact-panel.ts'
import '../../client/components/sp-backtest-panel.ts'
import type { SpImpactPanel } from '../../client/components/sp-impact-panel.ts'
import type { CompareOption } from '../../client/controllers/compare-controller.ts'
import { backtest } from '../../engine/backtest.ts'
import type { Backtest } from '../../shared/backtest-schema.ts'
import { assert, assertDeepEqual, assertEqual } from './support/assert.ts'
import { cleanup, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle } from './support/wait-for.ts'

const OPTIONS: CompareOption[] = [
  { value: 'editing', label: 'this branch “intent first”' },
  { value: 'doc:q3', label: 'the draft' },
  { value: 'doc:b-2', label: 'branch “firmo”' },
  { value: 'snapshot:s1', label: 'snapshot “tuned”' },
  { value: 'production', label: 'production v2' },
]

/** The select labelled `text` (its label's own text, without the options). */
function selectLabelled(root: HTMLElement, text: string): HTMLSelectElement {
  const select = [...root.querySelectorAll('select')].find(
    (s) => s.labels.length === 1 && s.labels[0]?.textContent?.trim() === text,
  )
  assert(select, `a select labelled ${text}`)
  return select
}

async function mountImpact(): Promise<SpImpactPanel> {
  const panel = mount(document.createElement('sp-impact-panel'))
  panel.compareOptions = OPTIONS
  panel.baselineChoice = 'production'
  panel.candidateChoice = 'editing'
  await settle(panel)
  return panel
}

describe('compare pickers', () => {
  afterEach(cleanup)

  it('offer draft, branches, snapshots and production on both sides, showing the current pair', async () => {
    const panel = await mountImpact()
    const baseline = selectLabelled(panel, 'Baseline')
    const candidate = selectLabelled(panel, 'Candidate')
    for (const select of [baseline, candidate]) {
      assertDeepEqual(
        [...select.options].map((o) => o.textContent?.trim()),
        OPTIONS.map((o) => o.label),
        `${select.name} options`,
      )
    }
    assertEqual(baseline.value, 'production', 'baseline defaults to production')
    assertEqual(candidate.value, 'editing', 'candidate defaults to the doc being edited')
  })

  it('tell the page which side picked what', async () => {
    const panel = await mountImpact()
    const picks: unknown[] = []
    document.body.addEventListener('sp-choose-compared', (e) =>
      picks.push((e as CustomEvent).detail),
    )
    const baseline = selectLabelled(panel, 'Baseline')
    baseline.value = 'snapshot:s1'
    baseline.dispatchEvent(new Event('change', { bubbles: true }))
    const candidate = selectLabelled(panel, 'Candidate')
    candidate.value = 'doc:b-2'
    candidate.dispatchEvent(new Event('change', { bubbles: true }))
    assertDeepEqual(
      picks,
      [
        { role: 'baseline', value: 'snapshot:s1' },
        { role: 'candidate', value: 'doc:b-2' },
      ],
      'picks',
    )
    panel.baselineChoice = 'snapshot:s1'
    await settle(panel)
    assertEqual(selectLabelled(panel, 'Baseline').value, 'snapshot:s1', 'the new choice shows')
  })

  it('appear in the backtest once the dataset has outcomes', async () => {
    const panel = mount(document.createElement('sp-backtest-panel'))
    panel.compareOptions = OPTIONS
    panel.baselineChoice = 'production'
    panel.candidateChoice = 'editing'
    await settle(panel)
    assertEqual(panel.querySelector('select'), null, 'no picker without outcomes')
    panel.comparison = {
      ok: true,
      outcomeField: 'converted',
      baseline: backtestOf(0.5),
      draft: backtestOf(1.5),
    }
    await settle(panel)
    assertEqual(selectLabelled(panel, 'Backtest baseline').value, 'production', 'baseline')
    assertEqual(selectLabelled(panel, 'Backtest candidate').value, 'editing', 'candidate')
  })
})

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
