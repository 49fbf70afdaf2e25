import type { Lead } from '../../../shared/lead-schema.ts'
import { LeadInputError } from '../lead-input-error.ts'
import { parseLeadLine } from '../parse-lead-line.ts'

/**
 * Text is decoded a slice of this size at a time: V8 makes a string over 128 KB a large object,
 * many times slower to create and collect than a few small ones.
 */
const SLICE_BYTES = 64 << 10
const LF = 10
const OPEN_BRACE = 123
/** Line breaks as Node's readline splits lines (the JSONL reader of the other commands): LF, CRLF or a lone CR. */
const LINE_BREAK = /\r?\n|\r(?!\n)/

/** The leads of a block of JSON lines, its line breaks (all of them unless stopped early), and the bad line. */
export interface ParsedJsonlBlock {
  readonly leads: Lead[]
  readonly lines: number
  /** The first bad line, counted from the block's first line (0); `leads` are the ones before it. */
  readonly error: { readonly message: string; readonly line: number } | null
}

/**
 * Parses a block of whole lines (readLineBlocks) into leads, one JSON object per line; blank lines
 * are skipped. Stops at the first bad line, or after `limit` leads.
 */
export function parseJsonlBlock(b: Buffer, limit = Infinity): ParsedJsonlBlock {
  const leads: Lead[] = []
  // Line of the block where the current slice starts.
  let line = 0
  try {
    for (let start = 0; start < b.length && leads.length < limit;) {
      const end = sliceEnd(b, start)
      const text = b.toString('utf8', start, end)
      start = end
      const pieces = text.includes('\r') ? text.split(LINE_BREAK) : text.split('\n')
      // Every piece but the last ends at a break; the last is empty when the slice ends with one,
      // else it is the block's last line, which lacks its break.
      for (let k = 0; k < pieces.length && leads.length < limit; k++) {
        const piece = pieces[k] as string
        if (piece.charCodeAt(0) !== OPEN_BRACE && piece.trim() === '') continue
        leads.push(parseLeadLine(piece, line + k))
      }
      line += pieces.length - 1
    }
  } catch (error) {
    if (!(error instanceof LeadInputError)) throw error
    return { leads, lines: line, error: { message: error.message, line: error.line as number } }
  }
  return { leads, lines: line, error: null }
}

/** Where the slice from `start` ends: after the last line feed within SLICE_BYTES, or after its line. */
function sliceEnd(b: Buffer, start: number): number {
  if (b.length - start <= SLICE_BYTES) return b.length
  const last = b.lastIndexOf(LF, start + SLICE_BYTES - 1)
  if (last >= start) return last + 1
  const next = b.indexOf(LF, start + SLICE_BYTES)
  return next < 0 ? b.length : next + 1
}
