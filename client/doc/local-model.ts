import type { Finding } from '../../shared/finding-schema.ts'
import { readModelInput, writeModel } from '../../shared/model-doc.ts'
import type { ModelInput } from '../../shared/model-schema.ts'
import { LOCAL_ORIGIN } from './local-origin.ts'
import { openModelSession } from './open-model-session.ts'

export type LocalWriteResult = { ok: true } | { ok: false; findings: Finding[]; message: string }

/**
 * Writes a model into this browser's copy of its doc, for creating a model while the server cannot
 * be reached: the editor's socket sends it up on the next connection.
 */
export async function writeLocalModel(model: ModelInput): Promise<LocalWriteResult> {
  const session = openModelSession({ modelId: model.id, token: null, syncUrl: null })
  try {
    await session.whenLocal
    if (session.storage.status === 'failed') {
      return { ok: false, findings: [], message: session.storage.message }
    }
    const written = writeModel(session.doc, model, LOCAL_ORIGIN)
    if (!written.ok)
      return { ok: false, findings: written.findings, message: 'The model is not valid.' }
    return { ok: true }
  } finally {
    await session.destroy()
  }
}

/** The model JSON this browser holds for a model id (an empty model when it holds none). */
export async function readLocalModel(modelId: string): Promise<Record<string, unknown>> {
  const session = openModelSession({ modelId, token: null, syncUrl: null })
  try {
    await session.whenLocal
    return readModelInput(session.doc) as Record<string, unknown>
  } finally {
    await session.destroy()
  }
}
