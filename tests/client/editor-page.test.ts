import { DEMO_MODEL } from '../../engine/demo-model.ts'
import '../../client/components/sp-editor-page.ts'
import { writeLocalModel } from '../../client/doc/local-model.ts'
import { assert, assertEqual } from './support/assert.ts'
import { cleanup, commitInput, mount, uniqueId } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { waitFor } from './support/wait-for.ts'

const weightInput = (id: string) =>
  document.querySelector<HTMLInputElement>(`[data-factor-id="${id}"] input[name="weight"]`)
const changedTier = () =>
  document.querySelector('[data-impact="changed-tier"]')?.textContent?.trim().split(/\s/)[0]

function openPage(modelId: string): HTMLElement {
  const page = mount(document.createElement('sp-editor-page'))
  page.modelId = modelId
  return page
}

describe('sp-editor-page without a server', () => {
  afterEach(cleanup)

  it('renders the local copy, previews impact, and keeps edits across a reopen', async () => {
    const modelId = uniqueId('page')
    const written = await writeLocalModel({ ...DEMO_MODEL, id: modelId })
    assert(written.ok, 'model written locally')

    const page = openPage(modelId)
    await waitFor(() => weightInput('company-size'), 'the editor rendered from IndexedDB')
    assertEqual(
      document.querySelector('[data-sync-state]')?.getAttribute('data-sync-state'),
      'offline',
      'no socket: offline',
    )
    await waitFor(() => changedTier() === '0', 'an impact report of the unchanged draft')

    const input = weightInput('company-size')
    assert(input, 'weight input')
    commitInput(input, '0.02')
    const moved = await waitFor(
      () => (changedTier() !== '0' ? changedTier() : null),
      'the preview to show leads changing tier',
    )
    assert(Number(moved?.replace(/,/g, '')) > 0, `leads change tier (${moved})`)
    assert(document.querySelector('[data-finding-code="weight-sum"]'), 'the sum finding is live')

    page.remove()
    openPage(modelId)
    await waitFor(() => weightInput('company-size')?.value === '0.02', 'the edit after reopening')
  })
})
