import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensurePrivateDir, tightenFile } from '../private-files.ts'

export const SECRET_FILE = 'secret'

/**
 * The HS256 key: SCORING_SECRET when given, else the secret kept in `dataDir` (generated once,
 * mode 0600), so the server and `scoring token` agree without configuration.
 */
export function loadSecret(dataDir: string, configured: string | undefined): Uint8Array {
  if (configured !== undefined && configured !== '') return new TextEncoder().encode(configured)
  const file = join(dataDir, SECRET_FILE)
  // A secret file an older version left readable by others is made private before it is used.
  tightenFile(file)
  const existing = readSecretFile(file)
  if (existing !== null) return existing
  ensurePrivateDir(dataDir)
  try {
    // 'wx' fails when another process created the file first; then that one's secret wins.
    writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  const created = readSecretFile(file)
  if (created === null) throw new Error(`the secret file ${file} is empty`)
  return created
}

function readSecretFile(file: string): Uint8Array | null {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  const secret = text.trim()
  return secret === '' ? null : new TextEncoder().encode(secret)
}
