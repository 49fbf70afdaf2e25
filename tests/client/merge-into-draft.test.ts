import * as Y from 'yjs'
import '../../client/components/sp-model-editor.ts'
import type { SpModelEditor } from '../../client/components/sp-model-editor.ts'
import { readModel, removeFactor, setFactorField, setWeight } from '../../shared/model-doc.ts'
import { assert, assertEqual } from './support/assert.ts'
import { cleanup, docWithModel, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle } from './support/wait-for.ts'

/** The origin the socket's updates carry here, as the stock provider's do (never the local one). */
const SOCKET = { socket: true }

/**
 * The server's copy of the draft, a branch forked from it (with the branch's state vector at the
 * fork), and the editor's copy, which gets every update of the server's as a socket would.
 */
function setUp(): { server: Y.Doc; branch: Y.Doc; forkSv: Uint8Array; draft: Y.Doc } {
  const server = docWithModel()
  const draft = new Y.Doc()
  Y.applyUpdate(draft, Y.encodeStateAsUpdate(server))
  server.on('update', (update: Uint8Array) => Y.applyUpdate(draft, update, SOCKET))
  const branch = new Y.Doc()
  Y.applyUpdate(branch, Y.encodeStateAsUpdate(server))
  return { server, branch, forkSv: Y.encodeStateVector(branch), draft }
}

const factorOf = (doc: Y.Doc, id: string) => {
  const { model } = readModel(doc)
  assert(model, 'the doc holds a model')
  const factor = model.factors.find((f) => f.id === id)
  assert(factor, id)
  return factor
}

async function mountEditor(doc: Y.Doc): Promise<SpModelEditor> {
  const editor = mount(document.createElement('sp-model-editor'))
  editor.doc = doc
  await settle(editor)
  return editor
}

const undoButton = (editor: SpModelEditor) => {
  const button = editor.querySelector<HTMLButtonElement>('button[name=undo]')
  assert(button, 'the Undo button')
  return button
}

const changedBy = (editor: SpModelEditor, factorId: string) =>
  editor.querySelector(`[data-factor-id="${factorId}"] [data-changed-by]`)

describe('a merge the server applies, in the draft’s editor', () => {
  afterEach(cleanup)

  it('arrives as the user’s edit: Undo takes it back, and only it; a co-editor’s edit stays theirs', async () => {
    const { server, branch, forkSv, draft } = setUp()
    const [first, second] = readModel(server).model?.factors ?? []
    assert(first && second, 'two factors')
    setWeight(branch, first.id, 0.123, 'branch-user')
    const editor = await mountEditor(draft)
    assertEqual(undoButton(editor).disabled, true, 'nothing to undo yet')

    const adoption = editor.adoptUpdate(Y.encodeStateAsUpdate(branch, forkSv))
    let arrived = false
    void adoption.arrived.then(() => (arrived = true))
    // A co-editor's edit comes first: it is theirs, not the merge.
    setFactorField(server, second.id, 'label', 'Changed on the draft', 'draft-user')
    await settle(editor)
    assertEqual(undoButton(editor).disabled, true, 'a co-editor’s edit is not the user’s to undo')
    assert(changedBy(editor, second.id), 'the co-editor’s change is shown as theirs')
    assertEqual(arrived, false, 'the merge has not arrived')

    // The server merges the branch, as one update.
    Y.applyUpdate(server, Y.encodeStateAsUpdate(branch, forkSv), 'server')
    await adoption.arrived
    await settle(editor)
    assertEqual(factorOf(draft, first.id).weight, 0.123, 'the branch’s edit arrived')
    assertEqual(changedBy(editor, first.id), null, 'the user’s own merge is not a co-editor’s')
    assertEqual(undoButton(editor).disabled, false, 'Undo is offered')

    undoButton(editor).click()
    assertEqual(factorOf(draft, first.id).weight, first.weight, 'Undo took the merge back')
    assertEqual(factorOf(draft, second.id).label, 'Changed on the draft', 'not the co-editor’s')
  })

  it('a branch that only removed a factor: its merge, deletions alone, is the user’s edit too', async () => {
    const { server, branch, forkSv, draft } = setUp()
    const [first] = readModel(server).model?.factors ?? []
    assert(first, 'a factor')
    const count = readModel(server).model?.factors.length ?? 0
    removeFactor(branch, first.id, 'branch-user')
    const editor = await mountEditor(draft)

    const adoption = editor.adoptUpdate(Y.encodeStateAsUpdate(branch, forkSv))
    Y.applyUpdate(server, Y.encodeStateAsUpdate(branch, forkSv), 'server')
    await adoption.arrived
    await settle(editor)
    assertEqual(readModel(draft).model?.factors.length, count - 1, 'the factor went')
    undoButton(editor).click()
    assertEqual(factorOf(draft, first.id).label, first.label, 'Undo brought it back')
  })

  it('a catch-up that also carries a co-editor’s edit, or one after the wait is cancelled, stays theirs', async () => {
    const { server, branch, forkSv, draft } = setUp()
    const [first, second] = readModel(server).model?.factors ?? []
    assert(first && second, 'two factors')
    setWeight(branch, first.id, 0.123, 'branch-user')
    setWeight(branch, second.id, 0.321, 'branch-user')
    const editor = await mountEditor(draft)

    // The socket was down while the server merged and a co-editor edited: one catch-up update.
    const offline = new Y.Doc()
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(server))
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(branch, forkSv))
    setFactorField(offline, second.id, 'label', 'Meanwhile', 'draft-user')
    const adoption = editor.adoptUpdate(Y.encodeStateAsUpdate(branch, forkSv))
    Y.applyUpdate(draft, Y.encodeStateAsUpdate(offline, Y.encodeStateVector(draft)), SOCKET)
    await adoption.arrived
    await settle(editor)
    assertEqual(factorOf(draft, first.id).weight, 0.123, 'the merge arrived')
    assertEqual(undoButton(editor).disabled, true, 'Undo would take the co-editor’s edit too')

    // Cancelled (the server refused): a later update with the branch's changes is not adopted.
    setWeight(branch, first.id, 0.5, 'branch-user')
    const later = editor.adoptUpdate(Y.encodeStateAsUpdate(branch, forkSv))
    later.cancel()
    await later.arrived
    Y.applyUpdate(server, Y.encodeStateAsUpdate(branch, forkSv), 'server')
    await settle(editor)
    assertEqual(factorOf(draft, first.id).weight, 0.5, 'it arrived')
    assertEqual(undoButton(editor).disabled, true, 'but not as the user’s edit')
  })
})
