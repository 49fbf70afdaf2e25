import '../../client/components/sp-branch-list.ts'
import type { SpBranchList } from '../../client/components/sp-branch-list.ts'
import type { BranchSummary } from '../../shared/branch-api-schemas.ts'
import { assert, assertDeepEqual, assertEqual } from './support/assert.ts'
import { cleanup, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle } from './support/wait-for.ts'

const ana = { id: 'ana', name: 'Ana Analyst' }
const hour = 3_600_000

function branch(name: string, extra: Partial<BranchSummary> = {}): BranchSummary {
  return {
    branchId: `b-${name}`,
    modelId: 'q3 score',
    name,
    forkedAt: new Date(Date.now() - 2 * hour).toISOString(),
    forkedBy: ana,
    from: null,
    branchChanges: 3,
    draftChanges: 1,
    ...extra,
  }
}

async function mountList(props: Partial<SpBranchList>): Promise<SpBranchList> {
  const list = mount(document.createElement('sp-branch-list'))
  Object.assign(list, { modelId: 'q3 score', modelName: 'Q3 score', ...props })
  await settle(list)
  return list
}

const buttonNamed = (root: HTMLElement, name: string) =>
  [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)

describe('sp-branch-list', () => {
  afterEach(cleanup)

  it('lists each branch with who forked it, when, the changes on each side and a link to it', async () => {
    const list = await mountList({
      branches: [branch('intent first'), branch('firmo', { branchChanges: 1, draftChanges: 0 })],
    })
    const items = [...list.querySelectorAll<HTMLLIElement>('li[data-branch]')]
    assertDeepEqual(
      items.map((li) => li.dataset.branch),
      ['intent first', 'firmo'],
      'branches in order',
    )
    const first = items[0] as HTMLLIElement
    assertEqual(
      first.querySelector('a')?.getAttribute('href'),
      '/models/q3%20score/branches/intent%20first',
      'link to the branch editor',
    )
    const text = first.textContent?.replace(/\s+/g, ' ') ?? ''
    assert(text.includes('forked by Ana Analyst 2 h ago'), `who and when: ${text}`)
    assert(text.includes('3 changes on the branch, 1 change on the draft'), `changes: ${text}`)
    const second = (items[1] as HTMLLIElement).textContent?.replace(/\s+/g, ' ') ?? ''
    assert(second.includes('1 change on the branch, 0 changes on the draft'), second)
    assertEqual(
      list.querySelector('ul')?.getAttribute('aria-label'),
      'Branches of Q3 score',
      'list label',
    )
  })

  it('offers New branch only to those who may create one', async () => {
    const viewer = await mountList({ branches: [branch('a')], canCreate: false })
    assertEqual(buttonNamed(viewer, 'New branch'), undefined, 'no New branch for a viewer')
    cleanup()
    const analyst = await mountList({ branches: [], canCreate: true })
    assert(buttonNamed(analyst, 'New branch'), 'New branch for an analyst')
  })

  it('asks for snapshots when the form opens and sends the trimmed name with the snapshot picked', async () => {
    const list = await mountList({ canCreate: true })
    const wanted: string[] = []
    list.addEventListener('sp-want-snapshots', (e) =>
      wanted.push((e as CustomEvent<{ modelId: string }>).detail.modelId),
    )
    buttonNamed(list, 'New branch')?.click()
    await settle(list)
    assertDeepEqual(wanted, ['q3 score'], 'snapshots asked for once the form opened')
    list.snapshots = [{ id: 's1', label: 'tuned' }]
    await settle(list)
    const created: unknown[] = []
    list.addEventListener('sp-create-branch', (e) => created.push((e as CustomEvent).detail))
    const form = list.querySelector('form')
    assert(form, 'the form')
    const name = form.querySelector<HTMLInputElement>('input[name=branch-name]')
    const from = form.querySelector<HTMLSelectElement>('select[name=branch-from]')
    assert(name && from, 'labelled name and fork point')
    assertDeepEqual(
      [...from.options].map((o) => o.textContent?.trim()),
      ['the draft', 'snapshot “tuned”'],
      'fork from the draft or a snapshot',
    )
    name.value = '  intent first  '
    form.requestSubmit()
    from.value = 's1'
    form.requestSubmit()
    assertDeepEqual(
      created,
      [
        { modelId: 'q3 score', name: 'intent first', from: null },
        { modelId: 'q3 score', name: 'intent first', from: 's1' },
      ],
      'create requests',
    )
  })

  it('shows why a create failed', async () => {
    const list = await mountList({ canCreate: true })
    buttonNamed(list, 'New branch')?.click()
    list.problem = 'A branch named “a” already exists.'
    await settle(list)
    assertEqual(
      list.querySelector('[role=alert]')?.textContent?.trim(),
      'A branch named “a” already exists.',
      'the problem',
    )
  })
})
