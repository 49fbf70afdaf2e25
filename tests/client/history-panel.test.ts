import '../../client/components/sp-history-panel.ts'
import type { ChangeRecord, SnapshotSummary } from '../../shared/model-api-schemas.ts'
import type { SpHistoryPanel } from '../../client/components/sp-history-panel.ts'
import { assert, assertDeepEqual, assertEqual } from './support/assert.ts'
import { cleanup, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle } from './support/wait-for.ts'

const ana = { id: 'ana', name: 'Ana Analyst' }
const SNAPSHOTS: SnapshotSummary[] = [
  {
    id: 's2',
    label: 'tuned',
    hash: 'ab12cd34ef',
    createdAt: '2025-06-02T10:00:00Z',
    createdBy: ana,
  },
  {
    id: 's1',
    label: 'baseline',
    hash: '99ff00aa11',
    createdAt: '2025-06-01T10:00:00Z',
    createdBy: ana,
  },
]
const CHANGES: ChangeRecord[] = [
  {
    id: 3,
    seq: 3,
    at: '2025-06-02T10:00:00Z',
    user: ana,
    factorId: 'company-size',
    field: 'weight',
    from: 0.2,
    to: 0.41,
  },
  {
    id: 2,
    seq: 2,
    at: '2025-06-02T09:00:00Z',
    user: ana,
    factorId: 'bounce',
    field: 'factor',
    from: null,
    to: { label: 'Bounce' },
  },
  {
    id: 1,
    seq: 1,
    at: '2025-06-02T08:00:00Z',
    user: ana,
    factorId: null,
    field: 'name',
    from: 'Old',
    to: 'New',
  },
]

async function mountPanel(canEdit: boolean): Promise<SpHistoryPanel> {
  const panel = mount(document.createElement('sp-history-panel'))
  panel.changes = CHANGES
  panel.snapshots = SNAPSHOTS
  panel.canEdit = canEdit
  await settle(panel)
  return panel
}

let listening = new AbortController()

/** The details of every `type` event the panel fires during this test. */
function captured<T>(type: string): T[] {
  const details: T[] = []
  document.body.addEventListener(type, (e) => details.push((e as CustomEvent<T>).detail), {
    signal: listening.signal,
  })
  return details
}

const text = (element: Element | null | undefined) =>
  (element?.textContent ?? '').replace(/\s+/g, ' ')

describe('sp-history-panel', () => {
  afterEach(() => {
    cleanup()
    listening.abort()
    listening = new AbortController()
  })

  it('says who changed what, newest first', async () => {
    await mountPanel(true)
    const rows = [...document.querySelectorAll<HTMLElement>('[data-change-id]')]
    assertDeepEqual(
      rows.map((r) => r.dataset.changeId),
      ['3', '2', '1'],
      'order',
    )
    assert(
      text(rows[0]).includes('Ana Analyst changed weight of company-size from 0.2 to 0.41'),
      `weight change in words: ${text(rows[0])}`,
    )
    assert(text(rows[1]).includes('Ana Analyst added factor “Bounce”'), 'factor added, by label')
    assert(text(rows[2]).includes('changed name from “Old” to “New”'), 'model field')
    assertEqual(rows[0]?.dataset.changeUser, 'ana', 'the author is a hook')
  })

  it('names factors by label, formats numbers and leaves out internal order changes', async () => {
    const panel = mount(document.createElement('sp-history-panel'))
    const at = '2025-06-02T11:00:00Z'
    panel.labels = { 'f-0a1b2c3d4e5f60718293': 'Company size' }
    panel.changes = [
      {
        id: 5,
        seq: 5,
        at,
        user: ana,
        factorId: 'f-0a1b2c3d4e5f60718293',
        field: 'order',
        from: 2,
        to: 2.75,
      },
      {
        id: 4,
        seq: 4,
        at,
        user: ana,
        factorId: 'f-0a1b2c3d4e5f60718293',
        field: 'weight',
        from: 0.1,
        to: 0.30000000000000004,
      },
    ]
    await settle(panel)
    const rows = [...document.querySelectorAll<HTMLElement>('[data-change-id]')]
    assertDeepEqual(
      rows.map((r) => r.dataset.changeId),
      ['4'],
      'the order change is not listed',
    )
    assert(
      text(rows[0]).includes('Ana Analyst changed weight of Company size from 0.1 to 0.3 '),
      `formatted, by label: ${text(rows[0])}`,
    )
  })

  it('takes a snapshot with the typed label, and restores one', async () => {
    await mountPanel(true)
    const taken = captured<{ label: string }>('sp-take-snapshot')
    const restored = captured<{ snapshot: SnapshotSummary }>('sp-restore-snapshot')
    const input = document.querySelector<HTMLInputElement>('input[name="snapshot-label"]')
    assert(input, 'a label field')
    input.value = '  before the demo  '
    document.querySelector<HTMLButtonElement>('.history form button[type=submit]')?.click()
    assertDeepEqual(taken, [{ label: 'before the demo' }], 'take event')
    assertEqual(input.value, '', 'the field is cleared for the next one')

    const restore = document.querySelector<HTMLButtonElement>(
      '[data-snapshot-id="s1"] button[aria-label="Restore snapshot baseline"]',
    )
    assert(restore, 'a restore button per snapshot')
    restore.click()
    await settle(document.querySelector('sp-history-panel')!)
    assertEqual(restored.length, 0, 'nothing restored before it is confirmed')
    const confirm = document.querySelector('[data-snapshot-id="s1"] [role=alertdialog]')
    assert(text(confirm).includes('Replace the draft, for everyone'), `says what: ${text(confirm)}`)
    confirm?.querySelector<HTMLButtonElement>('button[name="cancel"]')?.click()
    await settle(document.querySelector('sp-history-panel')!)
    assertEqual(restored.length, 0, 'cancel restores nothing')
    document
      .querySelector<HTMLButtonElement>('[data-snapshot-id="s1"] button[name="restore"]')
      ?.click()
    await settle(document.querySelector('sp-history-panel')!)
    document.querySelector<HTMLButtonElement>('button[name="confirm-restore"]')?.click()
    assertEqual(restored[0]?.snapshot.id, 's1', 'restore event names the snapshot')
  })

  it('lists snapshots newest first, whatever order they arrive in', async () => {
    const panel = await mountPanel(true)
    panel.snapshots = [...SNAPSHOTS].reverse()
    await settle(panel)
    assertDeepEqual(
      [...document.querySelectorAll<HTMLElement>('[data-snapshot-id]')].map(
        (r) => r.dataset.snapshotId,
      ),
      ['s2', 's1'],
      'newest first',
    )
  })

  it('an empty label takes nothing', async () => {
    await mountPanel(true)
    const taken = captured<{ label: string }>('sp-take-snapshot')
    const form = document.querySelector<HTMLFormElement>('.history form')
    assert(form, 'form')
    form.requestSubmit()
    assertEqual(taken.length, 0, 'no event without a label')
  })

  it('viewers see snapshots but cannot take or restore them', async () => {
    await mountPanel(false)
    assertEqual(document.querySelectorAll('[data-snapshot-id]').length, 2, 'snapshots listed')
    assertEqual(document.querySelector('input[name="snapshot-label"]'), null, 'no take form')
    assertEqual(document.querySelector('[data-snapshot-id] button'), null, 'no restore')
  })
})
