import { noChange } from 'lit'
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js'

/**
 * Keeps a form control showing the doc's value, except while the user is in it: a remote edit
 * must not overwrite what someone is typing. Use as `<input ${liveValue(text)}>`; the host
 * re-renders on focusout so the control catches up once left.
 */
class LiveValueDirective extends Directive {
  constructor(part: PartInfo) {
    super(part)
    if (part.type !== PartType.ELEMENT) throw new Error('liveValue() is an element directive')
  }

  render(_value: string): typeof noChange {
    return noChange
  }

  override update(part: ElementPart, [value]: [string]): typeof noChange {
    const element = part.element as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement
    const focused = element.ownerDocument.activeElement === element
    if (!focused && element.value !== value) element.value = value
    return noChange
  }
}

export const liveValue = directive(LiveValueDirective)

/** How a number is shown in an input: as is, or empty when the doc holds no number. */
export function numberText(value: number): string {
  return Number.isFinite(value) ? String(value) : ''
}
