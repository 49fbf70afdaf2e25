import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import '../../client/components/sp-model-editor.ts'
import '../../client/components/sp-presence-list.ts'
import { assert, assertDeepEqual, assertEqual } from './support/assert.ts'
import { cleanup, docWithModel, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle } from './support/wait-for.ts'

/** A peer's awareness, as the server relays it: `user` stamped with the token's identity. */
function peer(user: { id: string; name: string; color: string }, focus: unknown = null): Awareness {
  const awareness = new Awareness(new Y.Doc())
  awareness.setLocalState({ user, focus })
  return awareness
}

function relay(from: Awareness, to: Awareness): void {
  applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [from.clientID]), 'relay')
}

const users = () =>
  [...document.querySelectorAll<HTMLElement>('[data-presence-user]')].map(
    (e) => e.dataset.presenceUser,
  )

describe('sp-presence-list', () => {
  const awarenesses: Awareness[] = []
  afterEach(() => {
    cleanup()
    for (const a of awarenesses.splice(0)) a.destroy()
  })

  it('renders one element per present user, keyed by the token subject', async () => {
    const local = new Awareness(new Y.Doc())
    local.setLocalState({ user: { id: 'me', name: 'Me Myself', color: '#112233' } })
    const alice = peer({ id: 'alice', name: 'Alice Archer', color: '#aa0000' })
    const aliceTab2 = peer({ id: 'alice', name: 'Alice Archer', color: '#aa0000' })
    const bob = peer({ id: 'bob', name: 'Bob', color: '#0000bb' })
    awarenesses.push(local, alice, aliceTab2, bob)
    for (const p of [alice, aliceTab2, bob]) relay(p, local)

    const list = mount(document.createElement('sp-presence-list'))
    list.awareness = local
    await settle(list)
    assertDeepEqual(users(), ['me', 'alice', 'bob'], 'one entry per user, two tabs count once')
    const aliceEl = document.querySelector<HTMLElement>('[data-presence-user="alice"]')
    assertEqual(aliceEl?.style.getPropertyValue('--user-color'), '#aa0000', 'in their colour')
    assertEqual(aliceEl?.textContent?.includes('AA'), true, 'initials shown')

    // Bob leaves: the server relays a null state.
    bob.setLocalState(null)
    relay(bob, local)
    await settle(list)
    assertDeepEqual(users(), ['me', 'alice'], 'bob left')
  })

  it('shows on each factor row who is editing it, in their colour', async () => {
    const doc = docWithModel()
    const local = new Awareness(doc)
    const alice = peer(
      { id: 'alice', name: 'Alice', color: '#aa0000' },
      {
        factorId: 'bounce',
        field: 'weight',
      },
    )
    awarenesses.push(local, alice)
    const editor = mount(document.createElement('sp-model-editor'))
    editor.doc = doc
    editor.awareness = local
    await settle(editor)
    relay(alice, local)
    await settle(editor)
    const row = document.querySelector<HTMLElement>('[data-factor-id="bounce"]')
    assert(row, 'bounce row')
    const badge = row.querySelector<HTMLElement>('[data-editing-user="alice"]')
    assert(badge, 'alice shown on the row she edits')
    assertEqual(badge.style.getPropertyValue('--user-color'), '#aa0000', 'badge colour')
    assertEqual(row.style.getPropertyValue('--editor-color'), '#aa0000', 'row colour')
    assertEqual(
      document.querySelectorAll('[data-editing-user]').length,
      1,
      'no other row shows an editor',
    )
  })

  it("publishes this tab's focus on a factor in awareness", async () => {
    const doc = docWithModel()
    const local = new Awareness(doc)
    awarenesses.push(local)
    const editor = mount(document.createElement('sp-model-editor'))
    editor.doc = doc
    editor.awareness = local
    await settle(editor)
    document
      .querySelector<HTMLInputElement>('[data-factor-id="industry-fit"] input[name="label"]')
      ?.focus()
    assertDeepEqual(
      local.getLocalState()?.focus,
      { factorId: 'industry-fit', field: 'label' },
      'focus published',
    )
    ;(document.activeElement as HTMLElement | null)?.blur()
    assertEqual(local.getLocalState()?.focus, null, 'focus cleared on leaving')
  })
})
