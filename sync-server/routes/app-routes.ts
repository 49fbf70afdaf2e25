import { readFile, stat } from 'node:fs/promises'
import { join, normalize, sep } from 'node:path'
import { Hono, type Context } from 'hono'
import { getMimeType } from 'hono/utils/mime'
import type { AppEnv } from '../http/app-env.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import { ProblemError } from '../http/problem.ts'

export interface AppRouteDeps {
  /** The built app (`npm run build` writes it to dist/). */
  distDir: string
}

/** Hashed file names change with their content, so a browser may keep them for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable'
/** The shell, the service worker and the manifest name the current build: always revalidate. */
const REVALIDATE = 'no-cache'

/** Paths that belong to the server; the app never answers for them. */
const SERVER_PATH = /^\/(api|sync|healthz|metrics)(\/|$)/

/**
 * The browser app from `distDir`: its files (hashed `/assets/*` cached for good, everything else
 * revalidated) and, for any other GET outside the API, the app shell `index.html`, whose router
 * shows `/`, `/models/<id>` or its own not-found page. No token: the shell holds no data.
 */
export function appRoutes({ distDir }: AppRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const root = normalize(distDir + sep)

  app.get('*', async (c, next) => {
    const path = c.req.path
    // Left to the app's not-found problem: an unknown API path is not a page of the app.
    if (SERVER_PATH.test(path)) return next()
    const file = await findFile(root, path)
    if (file !== null) {
      return sendFile(c, file, path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE)
    }
    // A missing hashed asset is an old build's file: answering with the shell would hand a
    // script tag HTML, and the service worker would cache it.
    if (path.startsWith('/assets/')) return next()
    const shell = join(root, 'index.html')
    if ((await fileSize(shell)) === null) {
      throw new ProblemError(
        503,
        PROBLEM_CODES.appNotBuilt,
        'The browser app is not built: run `npm run build` (or `npm start`, which builds it).',
      )
    }
    return sendFile(c, shell, REVALIDATE)
  })
  return app
}

/** The regular file under `root` that a URL path names, or null (directories and escapes too). */
async function findFile(root: string, urlPath: string): Promise<string | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    // A malformed escape names no file; the shell's router shows its not-found page.
    return null
  }
  if (decoded.includes('\0')) return null
  const file = normalize(join(root, decoded))
  if (!file.startsWith(root) || file === root) return null
  return (await fileSize(file)) === null ? null : file
}

async function fileSize(file: string): Promise<number | null> {
  try {
    const info = await stat(file)
    return info.isFile() ? info.size : null
  } catch {
    // Absent or unreadable: not a file of the app.
    return null
  }
}

async function sendFile(c: Context<AppEnv>, file: string, cacheControl: string): Promise<Response> {
  const body = await readFile(file)
  return c.body(body, 200, {
    'content-type': getMimeType(file) ?? 'application/octet-stream',
    'cache-control': cacheControl,
    'x-content-type-options': 'nosniff',
  })
}
