/** A lead file that was read but holds bad data (a ragged CSV row, a line that is not a JSON object). */
export class LeadInputError extends Error {
  constructor(
    message: string,
    /** The 1-based line of the input where the bad record is, when known. */
    readonly line: number | undefined,
  ) {
    super(message)
    this.name = 'LeadInputError'
  }
}
