/** The lead file formats the CLI reads. */
export const LEAD_FORMATS = { csv: 'csv', jsonl: 'jsonl' } as const
export type LeadFormat = (typeof LEAD_FORMATS)[keyof typeof LEAD_FORMATS]

const BY_EXTENSION: Record<string, LeadFormat> = { csv: 'csv', jsonl: 'jsonl', ndjson: 'jsonl' }

/** The format named by --input-format, else by the file's extension; stdin ("-") must name it. */
export function leadFormatOf(
  path: string,
  explicit: string | undefined,
): { ok: true; format: LeadFormat } | { ok: false; reason: string } {
  if (explicit !== undefined) {
    return explicit === 'csv' || explicit === 'jsonl'
      ? { ok: true, format: explicit }
      : { ok: false, reason: `--input-format must be csv or jsonl, not '${explicit}'` }
  }
  if (path === '-') return { ok: false, reason: 'reading stdin needs --input-format csv|jsonl' }
  const extension = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase()
  const format = extension === undefined ? undefined : BY_EXTENSION[extension]
  return format === undefined
    ? {
        ok: false,
        reason: `cannot tell the format of ${path}: name it .csv or .jsonl, or pass --input-format`,
      }
    : { ok: true, format }
}
