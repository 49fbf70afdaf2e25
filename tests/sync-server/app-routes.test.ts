import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { silentLogger } from '../../sync-server/log/create-logger.ts'
import { ensureAppBuild } from '../../sync-server/ensure-app-build.ts'
import { startTestServer, type TestServer } from './support/test-server.ts'

const SHELL = '<!doctype html><title>Scoring Playground</title><sp-app></sp-app>'
const SCRIPT = 'console.log("app")'

/** A tiny stand-in for dist/: the routes serve whatever build they are given. */
function makeFixtureDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scoring-app-dist-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), SHELL)
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), SCRIPT)
  writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
  writeFileSync(join(dir, 'asset-manifest.json'), '{}')
  return dir
}

describe('the app served by the server', () => {
  let server: TestServer
  let dist: string

  beforeAll(async () => {
    dist = makeFixtureDist()
    server = await startTestServer({ appDir: dist })
  })
  afterAll(async () => {
    await server.dispose()
    rmSync(dist, { recursive: true, force: true })
  })

  test('every page of the app is the shell, with no token and revalidated', async () => {
    for (const path of ['/', '/models/demo-lead-score', '/models/x/', '/some/other/page']) {
      const res = await fetch(`${server.url}${path}`)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type'), path).toContain('text/html')
      expect(res.headers.get('cache-control'), path).toBe('no-cache')
      expect(await res.text(), path).toBe(SHELL)
    }
  })

  test('hashed assets are cached for good; the service worker and manifest are revalidated', async () => {
    const asset = await fetch(`${server.url}/assets/index-abc123.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-type')).toContain('javascript')
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(await asset.text()).toBe(SCRIPT)

    const worker = await fetch(`${server.url}/sw.js`)
    expect(worker.status).toBe(200)
    expect(worker.headers.get('content-type')).toContain('javascript')
    expect(worker.headers.get('cache-control')).toBe('no-cache')

    const manifest = await fetch(`${server.url}/asset-manifest.json`)
    expect(manifest.headers.get('content-type')).toContain('application/json')
    expect(manifest.headers.get('cache-control')).toBe('no-cache')
    expect(await manifest.json()).toEqual({})
  })

  test('a missing asset is a 404, not the shell', async () => {
    const res = await fetch(`${server.url}/assets/index-old999.js`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
  })

  test('server paths stay the server’s: unknown API paths are problem+json 404s', async () => {
    for (const path of ['/api/unknown', '/api', '/sync', '/metrics/x', '/healthz/x']) {
      const res = await fetch(`${server.url}${path}`, {
        headers: { authorization: `Bearer ${server.tokens.viewer}` },
      })
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type'), path).toBe('application/problem+json')
      expect((await res.json()).code, path).toBe('not-found')
    }
    // The API around the app still answers as before.
    const me = await fetch(`${server.url}/api/me`)
    expect(me.status).toBe(401)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })

  test('paths escaping the build directory get the shell, never a file outside it', async () => {
    const secretName = `outside-${Date.now()}.txt`
    writeFileSync(join(dist, '..', secretName), 'not for the web')
    try {
      for (const path of [`/..%2f${secretName}`, `/%2e%2e/${secretName}`, '/%E0%A4%A']) {
        const res = await fetch(`${server.url}${path}`)
        expect(res.status, path).toBe(200)
        expect(await res.text(), path).toBe(SHELL)
      }
    } finally {
      rmSync(join(dist, '..', secretName), { force: true })
    }
  })

  test('posting to a page is not served the shell', async () => {
    const res = await fetch(`${server.url}/models/x`, { method: 'POST', body: '{}' })
    expect(res.status).toBe(404)
  })
})

test('without a build the pages answer 503 app-not-built, and the API still works', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'scoring-app-none-'))
  const server = await startTestServer({ appDir: join(empty, 'dist') })
  try {
    const res = await fetch(`${server.url}/models/x`)
    expect(res.status).toBe(503)
    expect((await res.json()).code).toBe('app-not-built')
    const me = await fetch(`${server.url}/api/me`, {
      headers: { authorization: `Bearer ${server.tokens.analyst}` },
    })
    expect(me.status).toBe(200)
  } finally {
    await server.dispose()
    rmSync(empty, { recursive: true, force: true })
  }
})

test('ensureAppBuild builds the app where none is, and leaves an existing build alone', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'scoring-app-build-'))
  const distDir = join(parent, 'dist')
  try {
    await ensureAppBuild({ log: silentLogger, distDir })
    const html = readFileSync(join(distDir, 'index.html'), 'utf8')
    const script = /src="\/assets\/([^"]+\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    // A production build (no Lit development mode), even when started under a test runner.
    expect(readFileSync(join(distDir, 'assets', script!), 'utf8')).not.toContain(
      'Lit is in dev mode',
    )
    expect(existsSync(join(distDir, 'sw.js'))).toBe(true)
    expect(existsSync(join(distDir, 'asset-manifest.json'))).toBe(true)

    writeFileSync(join(distDir, 'index.html'), SHELL)
    await ensureAppBuild({ log: silentLogger, distDir })
    expect(readFileSync(join(distDir, 'index.html'), 'utf8')).toBe(SHELL)
  } finally {
    rmSync(parent, { recursive: true, force: true })
  }
}, 60_000)
