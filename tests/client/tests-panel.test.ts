import { DEMO_AS_OF } from '../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import '../../client/components/sp-editor-page.ts'
import { readLocalModel, writeLocalModel } from '../../client/doc/local-model.ts'
import type { ModelTest } from '../../shared/model-schema.ts'
import { assert, assertEqual } from './support/assert.ts'
import { cleanup, commitInput, mount, uniqueId } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { waitFor } from './support/wait-for.ts'

const AS_OF = new Date(DEMO_AS_OF).toISOString()

/** A lead the demo model scores about 0.98: big, software, engaged, a demo asked for today. */
const HOT: ModelTest = {
  id: 'hot',
  label: 'Hot account',
  asOf: AS_OF,
  lead: {
    employees: 5000,
    industry: 'software',
    email_opens_90d: 12,
    page_views_30d: 50,
    bounce_rate: 0,
    demo_requested: true,
    last_activity_at: AS_OF,
  },
  expect: { tier: 'A', minTotal: 0.9 },
}

const row = (id: string) => document.querySelector(`tr[data-test-id="${id}"]`)
const resultOf = (id: string) => row(id)?.getAttribute('data-test-result')
const weightInput = (id: string) =>
  document.querySelector<HTMLInputElement>(`[data-factor-id="${id}"] input[name="weight"]`)

async function openAsAnalyst(): Promise<string> {
  const modelId = uniqueId('tests')
  const written = await writeLocalModel({ ...DEMO_MODEL, id: modelId, tests: [HOT] })
  assert(written.ok, 'model written locally')
  const page = mount(document.createElement('sp-editor-page'))
  page.identity = { id: 'ana', name: 'Ana Analyst', role: 'analyst' }
  page.modelId = modelId
  return modelId
}

/** Picks a file in a file input as a user would. */
function pickFile(input: HTMLInputElement, name: string, text: string): void {
  const transfer = new DataTransfer()
  transfer.items.add(new File([text], name, { type: 'text/csv' }))
  input.files = transfer.files
  input.dispatchEvent(new Event('change', { bubbles: true }))
}

const testsInDoc = async (modelId: string) =>
  ((await readLocalModel(modelId)).tests ?? []) as ModelTest[]

describe('model tests in the editor', () => {
  afterEach(cleanup)

  it('shows pass or fail live as a weight moves, and a failing test blocks promotion', async () => {
    await openAsAnalyst()
    await waitFor(() => resultOf('hot') === 'pass', 'the test to pass on the model as written')
    const demo = await waitFor(() => weightInput('demo-requested'), 'the weight input')
    commitInput(demo, '0.02')
    await waitFor(
      () => resultOf('hot') === 'fail',
      'the test to fail once demo requests weigh less',
    )
    assert(row('hot')?.textContent?.includes('expected a total of at least 0.9'), 'why it fails')
    assert(document.querySelector('[data-finding-code="test-failed"]'), 'a test-failed finding')
    commitInput(demo, '0.2')
    await waitFor(() => resultOf('hot') === 'pass', 'the test to pass again')
  })

  it('pins a mover of the impact preview as a test expecting its tier in the draft', async () => {
    const modelId = await openAsAnalyst()
    commitInput(await waitFor(() => weightInput('company-size'), 'weight input'), '0.02')
    const add = await waitFor(
      () => document.querySelector<HTMLButtonElement>('button[data-add-test-row]'),
      'a mover with "Add as test"',
    )
    const leadRow = Number(add.dataset.addTestRow)
    add.click()
    const pinned = await waitFor(async () => {
      const tests = await testsInDoc(modelId)
      return tests.length === 2 ? tests[1] : null
    }, 'the pinned lead in the doc')
    const resolved = pinned
    assertEqual(resolved.asOf, AS_OF, 'scored at the dataset instant')
    assert(resolved.label?.endsWith(`lead ${leadRow + 1}`), `labelled by row (${resolved.label})`)
    assert(resolved.expect.tier, 'expects a tier')
    await waitFor(
      () => resultOf(resolved.id) === 'pass',
      'the pinned lead passing on the draft it was taken from',
    )
  })

  it('imports tests from a CSV, refuses a bad one whole, and removes a test', async () => {
    const modelId = await openAsAnalyst()
    await waitFor(() => resultOf('hot'), 'the tests panel')
    const input = document.querySelector<HTMLInputElement>('.tests input[type="file"]')
    assert(input, 'the import input')

    pickFile(
      input,
      'bad.csv',
      'test_label,expect_tier,expect_min_total,employees\nA,,,10\nB,C,lots,20\n',
    )
    const alert = await waitFor(() => document.querySelector('.tests [role="alert"]'), 'an alert')
    assert(alert.textContent?.includes('Row 2'), `row 2 named (${alert.textContent})`)
    assert(alert.textContent?.includes('"lots" is not a number'), 'row 3 named')
    assertEqual((await testsInDoc(modelId)).length, 1, 'nothing imported')

    pickFile(
      input,
      'golden.csv',
      'test_label,test_as_of,expect_tier,expect_max_total,employees,industry\n' +
        `Tiny shop,${AS_OF},D,0.3,3,retail\n` +
        `Mid software,${AS_OF},C,,200,software\n`,
    )
    await waitFor(
      () => document.querySelectorAll('tr[data-test-id]').length === 3,
      'two imported tests',
    )
    const tests = await waitFor(async () => {
      const held = await testsInDoc(modelId)
      return held.length === 3 ? held : null
    }, 'the imported tests in the doc')
    const shop = tests.find((t) => t.label === 'Tiny shop')
    assertEqual(JSON.stringify(shop?.lead), '{"employees":"3","industry":"retail"}', 'the lead')
    assertEqual(JSON.stringify(shop?.expect), '{"tier":"D","maxTotal":0.3}', 'the expectation')
    assert(!document.querySelector('.tests [role="alert"]'), 'the alert is gone')

    document
      .querySelector<HTMLButtonElement>('button[aria-label="Remove test Hot account"]')
      ?.click()
    await waitFor(() => row('hot') === null, 'the removed test gone from the panel')
    await waitFor(
      async () => (await testsInDoc(modelId)).every((t) => t.id !== 'hot'),
      'the removed test gone from the doc',
    )
  })
})
