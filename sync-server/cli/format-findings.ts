import type { Finding, FindingPath } from '../../shared/finding-schema.ts'

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** A finding's path as code would write it: factors[2].weight, transform.map["big co"]. */
export function formatFindingPath(path: FindingPath): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`
    else out += `[${JSON.stringify(key)}]`
  }
  return out === '' ? '(model)' : out
}

/** One finding on two lines: severity, code, path and message, then the hint. */
export function formatFinding(finding: Finding): string {
  const head = `${finding.severity} ${finding.code} at ${formatFindingPath(finding.path)}: ${finding.message}`
  return finding.hint === '' ? `${head}\n` : `${head}\n  hint: ${finding.hint}\n`
}

/** "2 errors, 1 warning" */
export function summarizeFindings(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length
  const warnings = findings.length - errors
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
}

/** Every finding, then the summary line; "valid: no findings" when there are none. */
export function formatFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'valid: no findings\n'
  return `${findings.map(formatFinding).join('')}${summarizeFindings(findings)}\n`
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
