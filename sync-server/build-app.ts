import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { REPO_ROOT } from './app-dist-dir.ts'

/**
 * Builds the browser app into `outDir` with `vite build`, in a child process whose NODE_ENV is
 * `production`: Vite (and Lit) follow NODE_ENV, so a build started from a process running under
 * another one (a test runner's `test`) would otherwise be a development build. The child's output
 * goes to stderr; stdout carries the server's JSON log lines.
 */
export function buildApp(outDir: string): Promise<void> {
  const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js')
  const args = [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn']
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', process.stderr, process.stderr],
    })
    child.once('error', reject)
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`vite build failed (${signal ?? `exit code ${code}`})`)),
    )
  })
}
