import { html, nothing, type TemplateResult } from 'lit'
import type { RemoteChange } from '../controllers/model-draft-controller.ts'

/** What the editor says under one field: its error, and who changed it from elsewhere. */
export interface FieldNote {
  error?: string | undefined
  remote?: RemoteChange | undefined
}

/** The id of a field's note, for `aria-describedby`. */
export function noteId(scope: string, field: string): string {
  return `note-${scope}-${field}`.replace(/[^A-Za-z0-9_-]/g, '_')
}

/** The message under a field: the error (role alert) and/or "changed by Ana". */
export function renderFieldNote(id: string, note: FieldNote | undefined): TemplateResult {
  const error = note?.error
  const remote = note?.remote
  if (!error && !remote) return html`<span class="field-note" id=${id} hidden></span>`
  return html`<span class="field-note" id=${id}>
    ${error ? html`<span class="field-error" role="alert">${error}</span>` : nothing}
    ${
      remote
        ? html`<span class="field-remote" role="status" data-changed-by=${remote.by}
            >Changed by ${remote.by}</span
          >`
        : nothing
    }
  </span>`
}

/** `aria-invalid` of a field: "true" with an error, absent without. */
export function invalidIf(note: FieldNote | undefined): 'true' | typeof nothing {
  return note?.error ? 'true' : nothing
}
