import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import '../../client/components/sp-model-editor.ts'
import type { SpFactorRow } from '../../client/components/sp-factor-row.ts'
import type { SpModelEditor } from '../../client/components/sp-model-editor.ts'
import { compileModel } from '../../engine/compile-model.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { scoreLead } from '../../engine/score-lead.ts'
import { readModel, setWeight } from '../../shared/model-doc.ts'
import type { Model } from '../../shared/model-schema.ts'
import { assert, assertDeepEqual, assertEqual } from './support/assert.ts'
import { cleanup, commitInput, docWithModel, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle, waitFor } from './support/wait-for.ts'

async function mountEditor(doc: Y.Doc, awareness: Awareness | null = null): Promise<SpModelEditor> {
  const editor = mount(document.createElement('sp-model-editor'))
  editor.doc = doc
  editor.awareness = awareness
  editor.datasetFields = ['employees', 'industry', 'country', 'email_opens']
  await settle(editor)
  return editor
}

const model = (doc: Y.Doc): Model => {
  const { model } = readModel(doc)
  assert(model, 'the doc holds a model')
  return model
}
const factor = (doc: Y.Doc, id: string) => model(doc).factors.find((f) => f.id === id)
const control = <E extends HTMLElement = HTMLInputElement>(selector: string) => {
  const element = document.querySelector<E>(selector)
  assert(element, selector)
  return element
}
const button = (name: string) =>
  [...document.querySelectorAll<HTMLButtonElement>('button')].find(
    (b) => b.textContent?.trim() === name || b.getAttribute('aria-label') === name,
  )
const press = (key: string, shift = false) =>
  window.dispatchEvent(
    new KeyboardEvent('keydown', { key, ctrlKey: true, shiftKey: shift, cancelable: true }),
  )

/** Two docs kept in sync both ways, as two browsers through the server. */
function pairedDocs(): [Y.Doc, Y.Doc] {
  const a = docWithModel()
  const b = new Y.Doc()
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  a.on(
    'update',
    (u: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(b, u, 'peer'),
  )
  b.on(
    'update',
    (u: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(a, u, 'peer'),
  )
  return [a, b]
}

describe('the model editor owns the session: undo, redo, kinds, focus', () => {
  afterEach(cleanup)

  it('names the outcome column for everyone, clears it, and Suggest weights undoes in one step', async () => {
    const [doc, peer] = pairedDocs()
    const editor = await mountEditor(doc)
    commitInput(control('input[name="model-outcome-field"]'), ' converted ')
    await settle(editor)
    assertEqual(model(peer).outcomeField, 'converted', 'the co-editor reads the outcome column')
    commitInput(control('input[name="model-outcome-field"]'), '')
    await settle(editor)
    assertEqual(model(peer).outcomeField, undefined, 'cleared')

    const fitted = { 'company-size': 0.1, 'demo-requested': 0.3 }
    assert(editor.setWeights(fitted), 'the weights were written')
    await settle(editor)
    assertEqual(factor(peer, 'demo-requested')?.weight, 0.3, 'the co-editor has them')
    button('Undo')?.click()
    await settle(editor)
    assertDeepEqual(
      model(peer).factors.map((f) => f.weight),
      DEMO_MODEL.factors.map((f) => f.weight),
      'one Undo takes back every suggested weight',
    )
  })

  it('undo and redo take back this user’s edits (buttons and keys), never a co-editor’s', async () => {
    const doc = docWithModel()
    const editor = await mountEditor(doc)
    assert(button('Undo')?.disabled, 'nothing to undo yet')
    commitInput(control('[data-factor-id="bounce"] input[name=weight]'), '0.2')
    setWeight(doc, 'company-size', 0.33, 'peer')
    await settle(editor)
    button('Undo')?.click()
    await settle(editor)
    assertEqual(factor(doc, 'bounce')?.weight, 0.05, 'own weight edit undone')
    assertEqual(factor(doc, 'company-size')?.weight, 0.33, 'the co-editor’s edit stays')
    press('z', true)
    await settle(editor)
    assertEqual(factor(doc, 'bounce')?.weight, 0.2, 'redone by Ctrl+Shift+Z')
    press('z')
    await settle(editor)
    assertEqual(factor(doc, 'bounce')?.weight, 0.05, 'undone by Ctrl+Z')
    // In a text box that is not the model's, or while typing, Ctrl+Z is the box's own.
    const typing = control('[data-factor-id="bounce"] input[name=label]')
    typing.focus()
    typing.value = 'Bounces'
    press('z', true)
    await settle(editor)
    assertEqual(factor(doc, 'bounce')?.weight, 0.05, 'no redo while typing in a field')
    typing.blur()
    const other = mount(document.createElement('input'))
    other.focus()
    press('z', true)
    assertEqual(factor(doc, 'bounce')?.weight, 0.05, 'no redo from another text box')
  })

  it('undo never reverts a co-editor’s later change of the same field', async () => {
    const doc = docWithModel()
    const editor = await mountEditor(doc)
    commitInput(control('[data-factor-id="bounce"] input[name=weight]'), '0.2')
    setWeight(doc, 'bounce', 0.4, 'peer')
    await settle(editor)
    button('Undo')?.click()
    await settle(editor)
    assertEqual(factor(doc, 'bounce')?.weight, 0.4, 'the later remote value stands')
  })

  it('remove, normalize, a kind switch and a restore are each one undoable step', async () => {
    const doc = docWithModel()
    const editor = await mountEditor(doc)
    const original = model(doc)

    button('Remove Email bounce rate')?.click()
    await settle(editor)
    assertEqual(factor(doc, 'bounce'), undefined, 'removed')
    assert(
      document.activeElement?.closest('[data-factor-id="demo-requested"]'),
      'focus moves to the next row, not the top of the page',
    )
    button('Undo')?.click()
    await settle(editor)
    assertDeepEqual(model(doc), original, 'remove undone')

    commitInput(control('[data-factor-id="bounce"] input[name=weight]'), '0.5')
    await settle(editor)
    control<HTMLButtonElement>('[data-fix="normalize-weights"]').click()
    await settle(editor)
    assertEqual(document.querySelector('[data-finding-code="weight-sum"]'), null, 'normalized')
    button('Undo')?.click()
    await settle(editor)
    assertEqual(factor(doc, 'bounce')?.weight, 0.5, 'normalize undone in one step')
    button('Undo')?.click()
    await settle(editor)

    const kind = control<HTMLSelectElement>(
      '[data-factor-id="industry-fit"] select[name="transform-kind"]',
    )
    kind.value = 'linear'
    kind.dispatchEvent(new Event('change', { bubbles: true }))
    await settle(editor)
    assertEqual(factor(doc, 'industry-fit')?.transform.kind, 'linear', 'switched')
    button('Undo')?.click()
    await settle(editor)
    assertDeepEqual(model(doc), original, 'the kind switch is undone in one step')

    const snapshot: Model = {
      ...original,
      factors: original.factors.slice(0, 2),
      tiers: [{ name: 'all', min: 0 }],
    }
    assertEqual(editor.apply({ type: 'replace-model', model: snapshot }), true, 'restored')
    await settle(editor)
    assertDeepEqual(model(doc).factors.length, 2, 'the snapshot is the draft')
    button('Undo')?.click()
    await settle(editor)
    assertDeepEqual(model(doc), original, 'the restore is undone')
  })

  it('categories → linear → categories gives the map back', async () => {
    const doc = docWithModel()
    const editor = await mountEditor(doc)
    const before = factor(doc, 'industry-fit')?.transform
    const kind = () =>
      control<HTMLSelectElement>('[data-factor-id="industry-fit"] select[name="transform-kind"]')
    for (const to of ['linear', 'category']) {
      kind().value = to
      kind().dispatchEvent(new Event('change', { bubbles: true }))
      await settle(editor)
    }
    assertDeepEqual(factor(doc, 'industry-fit')?.transform, before, 'the map and default are back')
  })

  it('category values named __proto__, constructor and toString are kept, read back and scored', async () => {
    const doc = docWithModel()
    const editor = await mountEditor(doc)
    const map = control<HTMLTextAreaElement>(
      '[data-factor-id="industry-fit"] textarea[name="transform-map"]',
    )
    map.focus()
    map.value = '__proto__ = 0.5\nconstructor = 0.7\ntoString = 0.2\nsoftware = 1'
    map.dispatchEvent(new Event('change', { bubbles: true }))
    await settle(editor)
    const reloaded = new Y.Doc()
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(doc))
    const { model } = readModel(reloaded)
    const transform = model?.factors.find((f) => f.id === 'industry-fit')?.transform
    assert(transform?.kind === 'category', 'still categories')
    assertDeepEqual(
      Object.keys(transform.map).sort(),
      ['__proto__', 'constructor', 'software', 'toString'],
      'every own key read back after a reload',
    )
    assertEqual(transform.map['__proto__'], 0.5, 'the __proto__ score')
    const scored = scoreLead(compileModel(model!), { industry: 'constructor' }, { asOf: 0 })
    assertEqual(scored.contributions['industry-fit'], 0.7 * 0.15, 'scored by its own key')
    assertEqual(document.querySelector('[data-finding-code="schema"]'), null, 'no schema error')
  })

  it('a co-editor’s change to the field just committed shows at once, with who made it', async () => {
    const [mine, theirs] = pairedDocs()
    const awareness = new Awareness(mine)
    const theirAwareness = new Awareness(theirs)
    theirAwareness.setLocalStateField('user', { id: 'ana', name: 'Ana', color: '#123456' })
    // The awareness states travel as the server relays them.
    awareness.states.set(theirs.clientID, theirAwareness.getLocalState()!)
    const editor = await mountEditor(mine, awareness)
    const input = control('[data-factor-id="bounce"] input[name=weight]')
    input.focus()
    input.value = '0.2'
    input.dispatchEvent(new Event('change', { bubbles: true }))
    await settle(editor)
    // Ana's value wins the merge while this field still has focus.
    setWeight(theirs, 'bounce', 0.3)
    await settle(editor)
    assertEqual(factor(mine, 'bounce')?.weight, 0.3, 'the doc holds Ana’s value')
    assertEqual(document.activeElement, input, 'still focused')
    assertEqual(input.value, '0.3', 'the focused box shows the doc’s value, not a stale one')
    const note = document.getElementById(input.getAttribute('aria-describedby') ?? '')
    assert(note?.querySelector('[data-changed-by="Ana"]'), `who changed it: ${note?.textContent}`)
    input.blur()
  })

  it('dragging a slider moves the number box and the total before release', async () => {
    const doc = docWithModel()
    const editor = await mountEditor(doc)
    const slider = control('[data-factor-id="bounce"] input[name="weight-slider"]')
    slider.value = '0.3'
    slider.dispatchEvent(new Event('input', { bubbles: true }))
    await settle(editor)
    await settle(control<SpFactorRow>('sp-factor-row[data-factor-id="bounce"]'))
    assertEqual(control('[data-factor-id="bounce"] input[name=weight]').value, '0.3', 'number box')
    assert(
      control<HTMLElement>('.weight-total').textContent?.includes('1.25'),
      'total while dragging',
    )
    assertEqual(factor(doc, 'bounce')?.weight, 0.05, 'nothing written while dragging')
    slider.dispatchEvent(new Event('change', { bubbles: true }))
    await settle(editor)
    assertEqual(factor(doc, 'bounce')?.weight, 0.3, 'written on release')
  })

  it('a new factor reads a dataset field not used yet; an empty label is a finding', async () => {
    const doc = docWithModel()
    const editor = await mountEditor(doc)
    button('Add factor')?.click()
    await settle(editor)
    const added = model(doc).factors.at(-1)
    assert(added, 'a factor was added')
    const used = DEMO_MODEL.factors.map((f) => f.field)
    assert(!used.includes(added.field), `reads an unused field, got ${added.field}`)
    assertEqual(added.field, 'country', 'the first dataset field not yet used')
    assert(/^f-[0-9a-f]{20}$/.test(added.id), `a random id: ${added.id}`)
    commitInput(control(`[data-factor-id="${added.id}"] input[name=label]`), '')
    await settle(editor)
    const finding = await waitFor(
      () => document.querySelector<HTMLElement>('[data-finding-code="empty-label"]'),
      'an empty-label finding',
    )
    assertEqual(finding.dataset.severity, 'warning', 'a warning')
    finding.querySelector<HTMLButtonElement>('button')?.click()
    assertEqual(
      document.activeElement,
      control(`[data-factor-id="${added.id}"] input[name=label]`),
      '"Show" jumps to the field',
    )
  })
})
