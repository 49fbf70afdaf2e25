import { existsSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { APP_DIST_DIR } from './app-dist-dir.ts'
import { buildApp } from './build-app.ts'
import type { Logger } from './log/create-logger.ts'

export interface EnsureAppBuildOptions {
  log: Logger
  /** Default dist/ at the repository root. */
  distDir?: string
}

/**
 * Builds the browser app with Vite when `distDir` holds no build yet, so a fresh checkout serves
 * the app on `npm start`. The build goes to a scratch directory that is renamed into place, so a
 * server never serves (and two starting at once never write) a half-written build.
 */
export async function ensureAppBuild({
  log,
  distDir = APP_DIST_DIR,
}: EnsureAppBuildOptions): Promise<void> {
  if (existsSync(join(distDir, 'index.html'))) return
  const started = Date.now()
  log.info('building the app (first start)', { distDir })
  const scratch = `${distDir}.building-${process.pid}-${started}`
  try {
    await buildApp(scratch)
    if (existsSync(join(distDir, 'index.html'))) {
      log.info('the app was built meanwhile by another process', { distDir })
      return
    }
    // A dist/ without index.html is an interrupted build: nothing in it is worth keeping.
    rmSync(distDir, { recursive: true, force: true })
    try {
      renameSync(scratch, distDir)
    } catch (error) {
      // Another process moved its build into place between the check and the rename.
      if (!existsSync(join(distDir, 'index.html'))) throw error
    }
    log.info('app built', { distDir, ms: Date.now() - started })
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
