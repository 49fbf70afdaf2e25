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
  let lastSeen = -1
  return {
    lastBreak(b, from) {
      lastSeen = -1
      if (!inQuotes && b.indexOf(QUOTE, from) < 0) {
        const at = b.lastIndexOf(LF)
        return at >= from ? at + 1 : -1
      }
      for (let i = from; i < b.length; i++) {
        const c = b[i] as number
        if (c === QUOTE) inQuotes = !inQuotes
        else if (c === LF && !inQuotes) lastSeen = i + 1
      }
      return lastSeen
    },
  }
}
