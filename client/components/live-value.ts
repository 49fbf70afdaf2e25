import { noChange } from 'lit'
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js'

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement

/** What each control last showed from the doc, or last committed: its value is "clean" then. */
const clean = new WeakMap<Control, string>()

/**
 * Keeps a form control showing the doc's value. A control being typed in keeps what is typed
 * until it is committed (a remote edit must not wipe unsaved typing), but a control that is
 * focused and clean — untouched, or just committed — follows the doc at once, so a co-editor's
 * change is never hidden by a stale value. Use as `<input ${liveValue(text)}>` (or
 * `liveValue(text, true)` to keep refused typing in place); the host
 * re-renders on focusout so a control left with unsaved typing catches up.
 */
class LiveValueDirective extends Directive {
  constructor(part: PartInfo) {
    super(part)
    if (part.type !== PartType.ELEMENT) throw new Error('liveValue() is an element directive')
  }

  render(_value: string, _keep?: boolean): typeof noChange {
    return noChange
  }

  override update(part: ElementPart, [value, keep]: [string, boolean?]): typeof noChange {
    const element = part.element as Control
    // What was typed and refused stays until it is corrected (its error says why).
    if (keep === true) return noChange
    if (!clean.has(element)) {
      // Committing makes what the control shows its clean value, until the doc says otherwise.
      element.addEventListener('change', () => clean.set(element, element.value))
    }
    const focused = element.ownerDocument.activeElement === element
    const dirty = focused && element.value !== (clean.get(element) ?? element.value)
    if (!dirty) {
      if (element.value !== value) element.value = value
      clean.set(element, value)
    }
    return noChange
  }
}

export const liveValue = directive(LiveValueDirective)

/**
 * True when Ctrl+Z in `element` belongs to its text: a text box outside the model's fields (a
 * snapshot label), or a model field holding typing that is not committed yet.
 */
export function ownsTextUndo(element: Element): boolean {
  const textBox =
    element instanceof HTMLTextAreaElement ||
    (element instanceof HTMLInputElement && !NOT_TEXT.has(element.type))
  if (!textBox) return false
  const control = element as Control
  return !clean.has(control) || control.value !== clean.get(control)
}

const NOT_TEXT: ReadonlySet<string> = new Set(['range', 'checkbox', 'radio', 'button', 'submit'])

/** How a number is shown in an input: as is, or empty when the doc holds no number. */
export function numberText(value: number): string {
  return Number.isFinite(value) ? String(value) : ''
}
