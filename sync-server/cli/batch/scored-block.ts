/** A block of input scored in some thread: its output bytes, how many leads it held, its line breaks. */
export interface ScoredBlock {
  readonly output: Uint8Array
  readonly length: number
  readonly lines: number
  /** The first bad record, its line counted from the block's first line (0); leads before it are in output. */
  readonly error: { readonly message: string; readonly line: number } | null
}

/** How a scoring run ended: leads written, and the bad record that stopped it, if any. */
export interface ScoringOutcome {
  readonly count: number
  readonly error: { readonly message: string; readonly line: number } | null
}
