import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { readModel } from '../../shared/model-doc.ts'
import '../../client/components/sp-factor-row.ts'
import '../../client/components/sp-model-editor.ts'
import type { SpModelEditor } from '../../client/components/sp-model-editor.ts'
import { assert, assertEqual } from './support/assert.ts'
import { cleanup, commitInput, docWithModel, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle, waitFor } from './support/wait-for.ts'

function weightsOf(doc: Parameters<typeof readModel>[0]): Record<string, number> {
  const model = readModel(doc).model
  assert(model, 'the doc holds a model')
  return Object.fromEntries(model.factors.map((f) => [f.id, f.weight]))
}

async function mountEditor(doc = docWithModel()): Promise<SpModelEditor> {
  const editor = mount(document.createElement('sp-model-editor'))
  editor.doc = doc
  await settle(editor)
  return editor
}

describe('sp-factor-row', () => {
  afterEach(cleanup)

  it('renders one row per factor, each with the stable hooks', async () => {
    const editor = await mountEditor()
    const rows = [...document.querySelectorAll<HTMLElement>('[data-factor-id]')]
    assertEqual(rows.length, DEMO_MODEL.factors.length, 'rows')
    DEMO_MODEL.factors.forEach((factor, i) => {
      const row = rows[i]
      assert(row, `row ${i}`)
      assertEqual(row.dataset.factorId, factor.id, `row ${i} id`)
      const weight = row.querySelector<HTMLInputElement>('input[name="weight"]')
      assert(weight, `${factor.id} has a weight input`)
      assertEqual(weight.getAttribute('inputmode'), 'decimal', 'a decimal keyboard on phones')
      assertEqual(Number(weight.value), factor.weight, `${factor.id} weight shown`)
      // Every control has an accessible name.
      assert(weight.labels && weight.labels.length > 0, 'the weight input is labelled')
    })
    assert(editor.querySelector('[data-factor-id] input[name="label"]'), 'label input')
  })

  it('committing a weight writes that weight to the doc and no other', async () => {
    const doc = docWithModel()
    await mountEditor(doc)
    const before = weightsOf(doc)
    const input = document.querySelector<HTMLInputElement>(
      '[data-factor-id="web-engagement"] input[name="weight"]',
    )
    assert(input, 'weight input of web-engagement')
    commitInput(input, '0.37')
    const after = weightsOf(doc)
    assertEqual(after['web-engagement'], 0.37, 'the committed weight')
    for (const [id, weight] of Object.entries(before)) {
      if (id !== 'web-engagement') assertEqual(after[id], weight, `${id} untouched`)
    }
  })

  it('typing without committing writes nothing; a non-number gets an inline error', async () => {
    const doc = docWithModel()
    const editor = await mountEditor(doc)
    const input = document.querySelector<HTMLInputElement>(
      '[data-factor-id="bounce"] input[name="weight"]',
    )
    assert(input, 'weight input of bounce')
    input.value = '0.9'
    input.dispatchEvent(new Event('input', { bubbles: true }))
    assertEqual(weightsOf(doc).bounce, 0.05, 'input events do not commit')
    commitInput(input, 'abc')
    await settle(editor)
    assertEqual(weightsOf(doc).bounce, 0.05, 'text is not written')
    assertEqual(input.value, 'abc', 'what was typed stays, to be corrected')
    assertEqual(input.getAttribute('aria-invalid'), 'true', 'the box is marked')
    const note = document.getElementById(input.getAttribute('aria-describedby') ?? '')
    assert(
      note?.textContent?.includes('not a number'),
      `the message under it: ${note?.textContent}`,
    )
    commitInput(input, '0.07')
    await settle(editor)
    assertEqual(weightsOf(doc).bounce, 0.07, 'a number is written')
    assertEqual(input.hasAttribute('aria-invalid'), false, 'the mark goes with the error')
  })

  it('a negative weight marks its box with the finding under it', async () => {
    const doc = docWithModel()
    const editor = await mountEditor(doc)
    const input = document.querySelector<HTMLInputElement>(
      '[data-factor-id="bounce"] input[name="weight"]',
    )
    assert(input, 'weight input of bounce')
    commitInput(input, '-0.2')
    await settle(editor)
    assertEqual(weightsOf(doc).bounce, -0.2, 'the value is kept in the doc, as typed')
    assertEqual(input.getAttribute('aria-invalid'), 'true', 'the box is marked')
    const note = document.getElementById(input.getAttribute('aria-describedby') ?? '')
    assert(
      note?.textContent?.includes('outside [0, 1]'),
      `the finding under it: ${note?.textContent}`,
    )
    const listed = document.querySelector('[data-finding-code="weight-range"]')
    assert(listed?.textContent?.includes('Email bounce rate'), 'the check names it by label')
  })

  it('a remote weight change shows in the row, but not in the field being typed in', async () => {
    const doc = docWithModel()
    const editor = await mountEditor(doc)
    const row = (id: string) =>
      document.querySelector<HTMLInputElement>(`[data-factor-id="${id}"] input[name="weight"]`)
    const typing = row('bounce')
    assert(typing, 'bounce weight input')
    typing.focus()
    typing.value = '0.0'
    const { setWeight } = await import('../../shared/model-doc.ts')
    setWeight(doc, 'bounce', 0.11, 'remote')
    setWeight(doc, 'company-size', 0.21, 'remote')
    await settle(editor)
    assertEqual(row('company-size')?.value, '0.21', 'the other row follows the doc')
    assertEqual(typing.value, '0.0', 'the focused field keeps what is typed')
    typing.blur()
    await waitFor(() => row('bounce')?.value === '0.11', 'the field to catch up after blur')
  })

  it('reorders and removes factors through the doc', async () => {
    const doc = docWithModel()
    const editor = await mountEditor(doc)
    const moveDown = document.querySelector<HTMLButtonElement>(
      '[data-factor-id="company-size"] button[aria-label="Move Company size down"]',
    )
    assert(moveDown, 'move down button')
    moveDown.click()
    await settle(editor)
    const order = () => readModel(doc).model?.factors.map((f) => f.id)
    assertEqual(order()?.[0], 'industry-fit', 'first after moving')
    assertEqual(order()?.[1], 'company-size', 'second after moving')
    const ids = [...document.querySelectorAll<HTMLElement>('[data-factor-id]')].map(
      (e) => e.dataset.factorId,
    )
    assertEqual(ids.join(), order()?.join(), 'rows follow the doc order')
    document
      .querySelector<HTMLButtonElement>(
        '[data-factor-id="bounce"] button[aria-label="Remove Email bounce rate"]',
      )
      ?.click()
    await settle(editor)
    assertEqual(order()?.includes('bounce'), false, 'bounce removed from the doc')
    assertEqual(document.querySelector('[data-factor-id="bounce"]'), null, 'bounce row gone')
  })
})
