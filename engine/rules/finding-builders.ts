import type { FindingCode } from '../../shared/finding-codes.ts'
import type { Finding, FindingPath } from '../../shared/finding-schema.ts'

/** A finding that blocks promotion. */
export function errorFinding(
  code: FindingCode,
  path: FindingPath,
  message: string,
  hint: string,
): Finding {
  return { code, severity: 'error', path, message, hint }
}

/** A finding worth a look that does not block promotion. */
export function warningFinding(
  code: FindingCode,
  path: FindingPath,
  message: string,
  hint: string,
): Finding {
  return { code, severity: 'warning', path, message, hint }
}
