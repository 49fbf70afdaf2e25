import '../../client/components/sp-merge-preview.ts'
import type { SpMergePreview } from '../../client/components/sp-merge-preview.ts'
import type { MergeResult } from '../../shared/branch-api-schemas.ts'
import { assert, assertDeepEqual, assertEqual } from './support/assert.ts'
import { cleanup, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle } from './support/wait-for.ts'

async function mountPreview(result: MergeResult): Promise<SpMergePreview> {
  const preview = mount(document.createElement('sp-merge-preview'))
  preview.branchName = 'intent first'
  preview.labels = { size: 'Company size', intent: 'Intent' }
  preview.preview = { state: 'ready', result }
  await settle(preview)
  return preview
}

const text = (element: Element | null) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
const buttonNamed = (root: HTMLElement, name: string) =>
  [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)

describe('sp-merge-preview', () => {
  afterEach(cleanup)

  it('says in words which fields the merge changes, and for those both sides changed, what is kept and dropped', async () => {
    const preview = await mountPreview({
      changed: ['factors.intent.weight', 'tiers', 'factors.size.label', 'outcomeField'],
      bothChanged: [{ field: 'factors.size.label', won: 'Headcount', lost: 'Employees' }],
      applied: false,
    })
    assertDeepEqual(
      [...preview.querySelectorAll('[data-merge-field]')].map(text),
      ['weight of factor “Intent”', 'the tiers', 'the outcome field'],
      'changed fields in words',
    )
    assertDeepEqual(
      [...preview.querySelectorAll('[data-merge-conflict]')].map(text),
      ['label of factor “Company size”: kept “Headcount”, dropped “Employees”'],
      'both changed',
    )
    assert(text(preview).includes('The merge changes 4 fields of the draft'), text(preview))
  })

  it('confirms or cancels', async () => {
    const preview = await mountPreview({
      changed: ['factors.unknown-id.weight'],
      bothChanged: [],
      applied: false,
    })
    assertEqual(
      text(preview.querySelector('[data-merge-field]')),
      'weight of factor “unknown-id”',
      'a factor without a label goes by its id',
    )
    const events: string[] = []
    for (const type of ['sp-confirm-merge', 'sp-cancel-merge'])
      preview.addEventListener(type, () => events.push(type))
    buttonNamed(preview, 'Confirm merge')?.click()
    buttonNamed(preview, 'Cancel')?.click()
    assertDeepEqual(events, ['sp-confirm-merge', 'sp-cancel-merge'], 'events')
  })

  it('says there is nothing new to merge, with nothing to confirm', async () => {
    const preview = await mountPreview({ changed: [], bothChanged: [], applied: false })
    assert(text(preview).includes('Nothing new to merge'), text(preview))
    assertEqual(buttonNamed(preview, 'Confirm merge'), undefined, 'no Confirm')
    assert(buttonNamed(preview, 'Close'), 'Close instead')
  })

  it('shows a failed dry run', async () => {
    const preview = mount(document.createElement('sp-merge-preview'))
    preview.preview = { state: 'failed', message: 'The server cannot be reached (offline).' }
    await settle(preview)
    assert(
      text(preview.querySelector('[role=alert]')).includes('The server cannot be reached'),
      text(preview),
    )
  })
})
