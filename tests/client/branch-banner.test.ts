import '../../client/components/sp-branch-banner.ts'
import type { SpBranchBanner } from '../../client/components/sp-branch-banner.ts'
import { assert, assertDeepEqual, assertEqual } from './support/assert.ts'
import { cleanup, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle } from './support/wait-for.ts'

const BRANCH = {
  branchId: 'b-0123456789abcdef0123',
  modelId: 'q3',
  name: 'intent first',
  forkedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
  forkedBy: { id: 'ana', name: 'Ana' },
  from: null,
}

async function mountBanner(props: Partial<SpBranchBanner>): Promise<SpBranchBanner> {
  const banner = mount(document.createElement('sp-branch-banner'))
  Object.assign(banner, { branch: BRANCH, modelName: 'Q3 score', ...props })
  await settle(banner)
  return banner
}

const text = (element: Element | null) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
const buttonNamed = (root: HTMLElement, name: string) =>
  [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)

describe('sp-branch-banner', () => {
  afterEach(cleanup)

  it('says whose branch it is, of what, forked from what and when', async () => {
    const banner = await mountBanner({})
    assert(
      text(banner).includes('Branch intent first of Q3 score, forked from draft by Ana 2 h ago.'),
      text(banner),
    )
    cleanup()
    const fromSnapshot = await mountBanner({
      branch: { ...BRANCH, from: 's1' },
      snapshotLabel: 'tuned',
    })
    assert(text(fromSnapshot).includes('forked from snapshot “tuned” by Ana'), text(fromSnapshot))
  })

  it('offers Merge… and Delete… only to those allowed, and deletes after a confirmation', async () => {
    const viewer = await mountBanner({ canMerge: false, canDelete: false })
    assertEqual(viewer.querySelectorAll('button').length, 0, 'nothing for a viewer')
    cleanup()
    const banner = await mountBanner({ canMerge: true, canDelete: true })
    const events: string[] = []
    for (const type of ['sp-merge-branch', 'sp-delete-branch'])
      banner.addEventListener(type, () => events.push(type))
    buttonNamed(banner, 'Merge…')?.click()
    buttonNamed(banner, 'Delete…')?.click()
    await settle(banner)
    assertDeepEqual(events, ['sp-merge-branch'], 'Delete… only asks')
    assert(text(banner).includes('Delete branch “intent first”?'), text(banner))
    buttonNamed(banner, 'Keep it')?.click()
    await settle(banner)
    assertEqual(buttonNamed(banner, 'Delete branch'), undefined, 'kept')
    buttonNamed(banner, 'Delete…')?.click()
    await settle(banner)
    buttonNamed(banner, 'Delete branch')?.click()
    assertDeepEqual(events, ['sp-merge-branch', 'sp-delete-branch'], 'deleted once confirmed')
  })
})
