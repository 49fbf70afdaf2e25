import '../../client/components/sp-impact-panel.ts'
import { analyzeImpact } from '../../engine/analyze-impact.ts'
import { createColumnScorer } from '../../engine/create-column-scorer.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import type { SpImpactPanel } from '../../client/components/sp-impact-panel.ts'
import type { DatasetInfo } from '../../client/workers/impact-messages.ts'
import { assert, assertEqual } from './support/assert.ts'
import { cleanup, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle } from './support/wait-for.ts'

const AS_OF = Date.parse('2026-01-01T00:00:00Z')

function csvInfo(extra: Partial<DatasetInfo> = {}): DatasetInfo {
  return {
    name: 'leads.csv',
    demo: false,
    leads: 2,
    fields: ['email', 'employees'],
    present: { email: 2, employees: 2 },
    labels: { field: 'email', values: ['ana@example.com', 'bo@example.com'] },
    delimiter: ';',
    asOf: AS_OF,
    outcomeField: null,
    ...extra,
  }
}

async function mountPanel(info: DatasetInfo, report = true): Promise<SpImpactPanel> {
  const panel = mount(document.createElement('sp-impact-panel'))
  panel.datasetInfo = info
  panel.factorFields = Object.fromEntries(DEMO_MODEL.factors.map((f) => [f.id, f.field]))
  if (report) {
    const data = {
      length: 2,
      columns: { email: info.labels?.values ?? ['', ''], employees: ['5000', '12'] },
    }
    const shifted = {
      ...DEMO_MODEL,
      factors: DEMO_MODEL.factors.map((f, i) => ({
        ...f,
        weight: i === 0 ? f.weight + 0.1 : i === 1 ? f.weight - 0.1 : f.weight,
      })),
    }
    panel.report = analyzeImpact(
      createColumnScorer(data, DEMO_MODEL, { asOf: AS_OF }),
      createColumnScorer(data, shifted, { asOf: AS_OF }),
    )
  }
  await settle(panel)
  return panel
}

const text = (element: Element | null | undefined) =>
  (element?.textContent ?? '').replace(/\s+/g, ' ')

describe('sp-impact-panel with an opened file', () => {
  afterEach(cleanup)

  it('warns next to the file name about the model fields the file lacks, with who carries each', async () => {
    await mountPanel(csvInfo())
    const warning = document.querySelector('.impact-source + [data-dataset-coverage]')
    assert(warning, 'a warning right below the file name')
    const missing = DEMO_MODEL.factors.map((f) => f.field).filter((f) => f !== 'employees')
    assert(text(warning).includes('leads.csv has no column for'), `says so: ${text(warning)}`)
    for (const field of missing) assert(text(warning).includes(field), `names ${field}`)
    assertEqual(
      document.querySelector<HTMLElement>('[data-field="employees"]')?.dataset.present,
      '2',
      'how many leads carry a field it has',
    )
    assert(
      text(document.querySelector('.impact-source')).includes('semicolon-separated'),
      'separator',
    )
  })

  it('says a header-only file has no leads instead of showing empty figures', async () => {
    await mountPanel(
      csvInfo({ leads: 0, present: { email: 0, employees: 0 }, labels: null }),
      false,
    )
    assert(
      text(document.querySelector('[data-dataset-empty]')).includes('leads.csv has no leads'),
      'no leads',
    )
    assertEqual(document.querySelector('.impact-figures'), null, 'no figures')
    assert(!text(document.querySelector('.impact')).includes('0 leads'), 'not "0 leads"')
    assertEqual(document.querySelector('[data-dataset-coverage]'), null, 'nothing to warn about')
  })

  it('offers the way back to the demo leads, and names movers by the file’s email column', async () => {
    const panel = await mountPanel(csvInfo())
    let asked = 0
    panel.addEventListener('sp-use-demo-leads', () => asked++)
    const back = [...document.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Use the demo leads'),
    )
    assert(back, 'a button back to the demo leads')
    back.click()
    assertEqual(asked, 1, 'asks for the demo leads')
    const movers = document.querySelector('table.movers')
    assert(text(movers?.querySelector('thead')).includes('Lead (email)'), 'column named')
    assert(text(movers).includes('@example.com'), `movers by email: ${text(movers)}`)

    panel.datasetInfo = { ...csvInfo(), demo: true, name: 'Demo leads', delimiter: null }
    await settle(panel)
    const again = [...document.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Use the demo leads'),
    )
    assertEqual(again, undefined, 'no such button while on the demo leads')
  })
})
