import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { APP_DIST_DIR, REPO_ROOT } from '../../../sync-server/app-dist-dir.ts'
import { buildApp } from '../../../sync-server/build-app.ts'

/** What the built app is made from: a change in any of these makes dist/ stale. */
const SOURCES = ['client', 'shared', 'engine', 'vite.config.ts']

/**
 * Vitest global setup: builds the app into dist/ (what `npm start` serves) unless a build newer
 * than every source file is there already, so the suite always drives the current code.
 */
export default async function buildAppWhenStale(): Promise<void> {
  const built = modifiedAt(join(APP_DIST_DIR, 'index.html'))
  const newestSource = Math.max(...SOURCES.map((source) => newestIn(join(REPO_ROOT, source))))
  if (built !== null && built >= newestSource) return
  await buildApp(APP_DIST_DIR)
}

function modifiedAt(file: string): number | null {
  try {
    return statSync(file).mtimeMs
  } catch {
    // No build yet.
    return null
  }
}

function newestIn(path: string): number {
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestIn(join(path, entry)))
  return newest
}
