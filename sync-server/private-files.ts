import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs'

/**
 * Creates `dir` (and missing parents) readable by this user only (0700). A directory that exists
 * already keeps its mode: it may be one the user shares on purpose.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
}

/**
 * Makes `file` readable and writable by this user only (0600): creates it empty when missing, and
 * takes group and other permissions away from an existing one (written by an older version).
 */
export function ensurePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600))
  tightenFile(file)
}

/** Takes group and other permissions away from `file` when it exists. */
export function tightenFile(file: string): void {
  let mode: number
  try {
    mode = statSync(file).mode
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  if ((mode & 0o077) !== 0) chmodSync(file, mode & 0o700)
}
