import { hasRole, type Role } from '../../shared/identity-schema.ts'
import type { AuditEntry } from '../store/audit-store.ts'

/** A URL without the user name and password it may carry; text that is not a URL stays as it is. */
export function withoutUrlCredentials(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return text
  }
  if (url.username === '' && url.password === '') return text
  url.username = ''
  url.password = ''
  return url.href
}

/**
 * An audit entry as `role` may read it: URL credentials are never shown (entries written before
 * URLs with credentials were refused may hold some), and a webhook's URL — where the server sends
 * events, often an internal address — is for release managers, who manage webhooks, only. The
 * entry's hash still covers what is stored; `/api/audit/verify` checks that on the server.
 */
export function redactAuditEntry(entry: AuditEntry, role: Role): AuditEntry {
  const url = entry.details.url
  if (typeof url !== 'string') return entry
  const details = { ...entry.details }
  if (entry.action.startsWith('webhook.') && !hasRole(role, 'release-manager')) {
    delete details.url
    details.redacted = ['url']
  } else {
    details.url = withoutUrlCredentials(url)
  }
  return { ...entry, details }
}
