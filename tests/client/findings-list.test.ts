import { readModel, setWeight } from '../../shared/model-doc.ts'
import '../../client/components/sp-model-editor.ts'
import { assert, assertClose, assertEqual } from './support/assert.ts'
import { cleanup, commitInput, docWithModel, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle } from './support/wait-for.ts'

const finding = (code: string) =>
  document.querySelector<HTMLElement>(`[data-finding-code="${code}"]`)

describe('sp-findings-list in the editor', () => {
  afterEach(cleanup)

  it('shows weight-sum after an edit and "normalize weights" fixes it', async () => {
    const doc = docWithModel()
    const editor = mount(document.createElement('sp-model-editor'))
    editor.doc = doc
    await settle(editor)
    assertEqual(finding('weight-sum'), null, 'the demo model is valid')

    const input = document.querySelector<HTMLInputElement>(
      '[data-factor-id="company-size"] input[name="weight"]',
    )
    assert(input, 'weight input')
    commitInput(input, '0.5')
    await settle(editor)
    const shown = finding('weight-sum')
    assert(shown, 'a weight-sum finding is shown')
    assertEqual(shown.dataset.severity, 'error', 'severity')
    assert(shown.textContent?.includes('ormaliz'), 'the hint offers normalization')

    const before = readModel(doc).model?.factors.map((f) => f.weight) ?? []
    const fix = shown.querySelector<HTMLButtonElement>('[data-fix="normalize-weights"]')
    assert(fix, 'a normalize button on the finding')
    fix.click()
    await settle(editor)

    assertEqual(finding('weight-sum'), null, 'the finding is gone')
    const after = readModel(doc).model?.factors.map((f) => f.weight) ?? []
    const sum = before.reduce((a, w) => a + w, 0)
    before.forEach((w, i) => {
      const weight = after[i] ?? NaN
      // Rounded to 4 decimals; the rounding residual lands on the largest weight.
      assertClose(weight, w / sum, 2e-4, `weight ${i} kept its share`)
      assertEqual(Math.round(weight * 1e4) / 1e4, weight, `weight ${i} has at most 4 decimals`)
    })
    assertClose(
      after.reduce((a, w) => a + w, 0),
      1,
      1e-6,
      'the rounded weights still sum to 1',
    )
    assertEqual(
      document.activeElement?.id,
      'sp-findings-title',
      'focus stays on the checks, not the top of the page',
    )
  })

  it('a concurrent change that breaks the sum shows as a finding, with no edit lost', async () => {
    const doc = docWithModel()
    const editor = mount(document.createElement('sp-model-editor'))
    editor.doc = doc
    await settle(editor)
    setWeight(doc, 'bounce', 0.3, 'remote peer')
    await settle(editor)
    assert(finding('weight-sum'), 'weight-sum after a remote edit')
    assertEqual(
      document.querySelector<HTMLInputElement>('[data-factor-id="bounce"] input[name="weight"]')
        ?.value,
      '0.3',
      'the remote weight is shown as written',
    )
  })

  it('lists warnings with their severity (a zero weight)', async () => {
    const doc = docWithModel()
    const editor = mount(document.createElement('sp-model-editor'))
    editor.doc = doc
    await settle(editor)
    const input = document.querySelector<HTMLInputElement>(
      '[data-factor-id="bounce"] input[name="weight"]',
    )
    assert(input, 'weight input')
    commitInput(input, '0')
    await settle(editor)
    const warning = finding('zero-weight')
    assert(warning, 'a zero-weight finding')
    assertEqual(warning.dataset.severity, 'warning', 'severity')
  })
})
