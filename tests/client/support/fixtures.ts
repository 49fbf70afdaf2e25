import * as Y from 'yjs'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { writeModel } from '../../../shared/model-doc.ts'
import type { Model } from '../../../shared/model-schema.ts'

/** A fresh doc holding `model` (the demo model unless given). */
export function docWithModel(model: Model = DEMO_MODEL): Y.Doc {
  const doc = new Y.Doc()
  const written = writeModel(doc, model)
  if (!written.ok) throw new Error('the fixture model has duplicate ids')
  return doc
}

/** Mounts an element in the page and returns it; `cleanup` removes everything mounted. */
export function mount<E extends HTMLElement>(element: E): E {
  document.body.append(element)
  mounted.push(element)
  return element
}

const mounted: HTMLElement[] = []

export function cleanup(): void {
  for (const element of mounted.splice(0)) element.remove()
}

/** Sets an input's value as a user would and fires `change` (the commit event). */
export function commitInput(input: HTMLInputElement, value: string): void {
  input.focus()
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
  // As in a browser: `change` fires on leaving the field, before the focus moves.
  input.dispatchEvent(new Event('change', { bubbles: true }))
  input.blur()
}

/** A unique id per test run, so IndexedDB state from other runs never leaks in. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}
