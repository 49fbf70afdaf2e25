import { validateModel, type ValidationResult } from '../../engine/validate-model.ts'
import { readModelInput } from '../../shared/model-doc.ts'
import type { Room } from '../sync/room.ts'

export interface Draft extends ValidationResult {
  /** What the doc holds, shaped as model JSON, even when it does not parse. */
  input: unknown
}

/** The live draft of a room: decoded from its doc and validated (schema and rules). */
export function readDraft(room: Room): Draft {
  const input = readModelInput(room.doc)
  return { input, ...validateModel(input) }
}
