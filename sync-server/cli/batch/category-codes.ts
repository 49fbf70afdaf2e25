import { isMissing } from '../../../engine/read-value.ts'

/**
 * The codes of a category column: each distinct key (the field's text, exactly) gets the next
 * code, a missing value -1. Keys met as bytes are found by their bytes in a hash table, so a
 * repeated value costs no string; its text is decoded once, the first time.
 */
export interface CategoryCodes {
  /** The distinct keys, by code; grows as new keys are met. */
  readonly keys: string[]
  codeOfText(text: string): number
  codeOfBytes(b: Buffer, start: number, end: number): number
}

/** Distinct byte forms remembered at most; past it, lookups decode the text (still exact). */
const MAX_FORMS = 1 << 16

export function createCategoryCodes(): CategoryCodes {
  const keys: string[] = []
  const byText = new Map<string, number>()
  let size = 1024
  let slots = new Int32Array(size).fill(-1)
  const forms: Buffer[] = []
  const formCodes: number[] = []

  function codeOfText(text: string): number {
    if (isMissing(text)) return -1
    let code = byText.get(text)
    if (code === undefined) {
      code = keys.length
      keys.push(text)
      byText.set(text, code)
    }
    return code
  }

  function hashOf(b: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5
    for (let i = start; i < end; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193)
    return h >>> 0
  }

  function sameBytes(form: Buffer, b: Buffer, start: number, end: number): boolean {
    if (form.length !== end - start) return false
    for (let k = 0; k < form.length; k++) if (form[k] !== b[start + k]) return false
    return true
  }

  function remember(form: Buffer, code: number): void {
    if (forms.length >= MAX_FORMS) return
    if ((forms.length + 1) * 2 > size) {
      size *= 2
      slots = new Int32Array(size).fill(-1)
      forms.forEach((f, k) => place(hashOf(f, 0, f.length), k))
    }
    forms.push(form)
    formCodes.push(code)
    place(hashOf(form, 0, form.length), forms.length - 1)
  }

  function place(hash: number, form: number): void {
    let slot = hash & (size - 1)
    while ((slots[slot] as number) >= 0) slot = (slot + 1) & (size - 1)
    slots[slot] = form
  }

  return {
    keys,
    codeOfText,
    codeOfBytes(b, start, end) {
      let slot = hashOf(b, start, end) & (size - 1)
      for (let form = slots[slot] as number; form >= 0; form = slots[slot] as number) {
        if (sameBytes(forms[form] as Buffer, b, start, end)) return formCodes[form] as number
        slot = (slot + 1) & (size - 1)
      }
      const code = codeOfText(b.toString('utf8', start, end))
      remember(Buffer.from(b.subarray(start, end)), code)
      return code
    },
  }
}
