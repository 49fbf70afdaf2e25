const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const

/** Parses a token lifetime such as `45s`, `30m`, `8h` or `7d` into seconds; null when unreadable. */
export function parseTtl(text: string): number | null {
  const match = /^(\d{1,6})([smhd])$/.exec(text.trim())
  if (match === null) return null
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS]
  return seconds > 0 ? seconds : null
}
