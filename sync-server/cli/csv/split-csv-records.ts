const QUOTE = 34
const LF = 10

/**
 * Finds where whole records end in a byte stream read piece by piece: a line break outside quotes
 * ends a record. The quote state carries from one call to the next, so each byte is looked at once.
 */
export interface CsvRecordSplitter {
  /**
   * The index just past the last record break in b[0, length), looking only at b[from, length)
   * (the bytes before were seen by an earlier call, with b[0] the first byte not yet cut off); -1
   * when there is none.
   */
  lastBreak(b: Buffer, from: number): number
}

export function createCsvRecordSplitter(): CsvRecordSplitter {
  let inQuotes = false
  return {
    lastBreak(b, from) {
      // Quotes are rare: jump from one to the next (memchr), and between them outside quotes take
      // the last line break of the stretch, looked for backwards from its end.
      let last = -1
      let i = from
      for (;;) {
        const quote = b.indexOf(QUOTE, i)
        if (!inQuotes) {
          const end = quote < 0 ? b.length : quote
          const lf = end > i ? b.lastIndexOf(LF, end - 1) : -1
          if (lf >= i) last = lf + 1
        }
        if (quote < 0) return last
        inQuotes = !inQuotes
        i = quote + 1
      }
    },
  }
}
