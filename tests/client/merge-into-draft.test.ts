import * as Y from 'yjs'
import '../../client/components/sp-model-editor.ts'
import type { SpModelEditor } from '../../client/components/sp-model-editor.ts'
import { LOCAL_ORIGIN } from '../../client/doc/local-origin.ts'
import { readModel, setFactorField, setWeight } from '../../shared/model-doc.ts'
import { assert, assertEqual } from './support/assert.ts'
import { cleanup, docWithModel, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle } from './support/wait-for.ts'

/** A branch as the server forks one: the draft's state, and the branch's state vector at the fork. */
function fork(draft: Y.Doc): { branch: Y.Doc; forkSv: Uint8Array } {
  const branch = new Y.Doc()
  Y.applyUpdate(branch, Y.encodeStateAsUpdate(draft))
  return { branch, forkSv: Y.encodeStateVector(branch) }
}

const factorOf = (doc: Y.Doc, id: string) => {
  const { model } = readModel(doc)
  assert(model, 'the doc holds a model')
  const factor = model.factors.find((f) => f.id === id)
  assert(factor, id)
  return factor
}

describe('merging a branch into the draft in the editor', () => {
  afterEach(cleanup)

  it('keeps both sides, travels as the user’s edit, and Undo takes it back', async () => {
    const draft = docWithModel()
    const [first, second] = readModel(draft).model?.factors ?? []
    assert(first && second, 'two factors')
    const { branch, forkSv } = fork(draft)
    setWeight(branch, first.id, 0.123, 'branch-user')
    setFactorField(draft, second.id, 'label', 'Changed on the draft', 'draft-user')

    const editor = mount(document.createElement('sp-model-editor')) as SpModelEditor
    editor.doc = draft
    await settle(editor)
    const sent: unknown[] = []
    draft.on('update', (_u: Uint8Array, origin: unknown) => sent.push(origin))

    assertEqual(editor.applyUpdate(Y.encodeStateAsUpdate(branch, forkSv)), true, 'merged')
    assertEqual(factorOf(draft, first.id).weight, 0.123, 'the branch’s edit')
    assertEqual(factorOf(draft, second.id).label, 'Changed on the draft', 'the draft’s edit kept')
    assertEqual(sent.length, 1, 'one update to send')
    assertEqual(sent[0], LOCAL_ORIGIN, 'with the local origin, as this user’s edit')

    assertEqual(
      editor.applyUpdate(Y.encodeStateAsUpdate(branch, forkSv)),
      false,
      'merging twice brings nothing new',
    )

    await settle(editor)
    const undo = editor.querySelector<HTMLButtonElement>('button[name=undo]')
    assert(undo && !undo.disabled, 'Undo is offered')
    undo.click()
    assertEqual(factorOf(draft, first.id).weight, first.weight, 'Undo took the merge back')
    assertEqual(factorOf(draft, second.id).label, 'Changed on the draft', 'not the draft’s edit')
  })
})
