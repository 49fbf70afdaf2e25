import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { readModel, setWeight, writeModel } from '../../shared/model-doc.ts'
import '../../client/components/sp-model-editor.ts'
import { localDbName, openModelSession } from '../../client/doc/open-model-session.ts'
import { assert, assertEqual } from './support/assert.ts'
import { cleanup, mount, uniqueId } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle, waitFor } from './support/wait-for.ts'

const local = (modelId: string) => openModelSession({ modelId, token: null, syncUrl: null })

describe('IndexedDB persistence', () => {
  afterEach(cleanup)

  it('an edit survives destroying the doc and re-opening it from IndexedDB', async () => {
    const modelId = uniqueId('persist')
    const first = local(modelId)
    await first.whenLocal
    assertEqual(first.storage.status, 'ready', 'storage ready')
    const written = writeModel(first.doc, { ...DEMO_MODEL, id: modelId })
    assert(written.ok, 'model written')
    setWeight(first.doc, 'bounce', 0.42, 'test')
    await first.destroy()

    const second = local(modelId)
    await second.whenLocal
    const model = readModel(second.doc).model
    assert(model, 'the model is back')
    assertEqual(model.id, modelId, 'same model')
    assertEqual(model.factors.find((f) => f.id === 'bounce')?.weight, 0.42, 'the edit is back')

    // The editor renders straight from the local copy, with no socket at all.
    const editor = mount(document.createElement('sp-model-editor'))
    editor.doc = second.doc
    await settle(editor)
    assertEqual(
      document.querySelector<HTMLInputElement>('[data-factor-id="bounce"] input[name="weight"]')
        ?.value,
      '0.42',
      'rendered from IndexedDB',
    )
    await second.destroy()
  })

  it('a storage failure is reported, not swallowed', async () => {
    const modelId = uniqueId('broken')
    // A database of that name with another shape (no y-indexeddb stores) cannot hold the doc.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(localDbName(modelId), 1)
      request.onsuccess = () => {
        request.result.close()
        resolve()
      }
      request.onerror = () => reject(request.error)
    })
    // y-indexeddb itself rejects on such a database; the session reports it as storage state.
    const onRejection = (event: PromiseRejectionEvent) => event.preventDefault()
    window.addEventListener('unhandledrejection', onRejection)
    try {
      const session = local(modelId)
      await session.whenLocal
      const failed = await waitFor(
        () => (session.storage.status === 'failed' ? session.storage : null),
        'a storage failure',
      )
      assert(failed.message.includes('lacks'), `the message says what is wrong: ${failed.message}`)
      await session.destroy()
    } finally {
      window.removeEventListener('unhandledrejection', onRejection)
    }
  })
})
