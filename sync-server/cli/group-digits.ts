/**
 * A whole number with its thousands grouped by commas, as toLocaleString('en-US') writes it. That
 * call loads the locale data first (30 ms or more, once per process), which the one-line summary
 * of a short run should not pay; other numbers are handed to it.
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US')
  const digits = String(Math.abs(n))
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1)
  for (let at = out.length; at < digits.length; at += 3) out += `,${digits.slice(at, at + 3)}`
  return n < 0 || Object.is(n, -0) ? `-${out}` : out
}
