/*
 * The app-shell service worker: after the first visit, / and /models/<id> open with no network.
 * Pages are network-first (a new deploy shows at once) and fall back to the cached shell; hashed
 * assets under /assets/ never change, so they are served from the cache first. The API and the
 * sync socket are never cached: the model data lives in IndexedDB, kept by the app itself.
 */
/* global self, caches, fetch, URL, console, setTimeout, clearTimeout */
const CACHE = 'sp-shell-v1'
const SHELL = '/'
/** A page request that takes longer than this is answered from the cache (a flaky network). */
const NAVIGATION_TIMEOUT_MS = 4000

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin || isLive(url.pathname)) return
  if (request.mode === 'navigate') event.respondWith(page(request))
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(request))
})

/** Requests whose answers must come from the server now (API, sync, health, metrics). */
function isLive(path) {
  return /^\/(api|sync|healthz|metrics)(\/|$)/.test(path)
}

/** Caches the shell and every file of the build (the asset manifest lists worker chunks too). */
async function precache() {
  const cache = await caches.open(CACHE)
  const shell = await fetch(SHELL, { cache: 'no-store' })
  if (!shell.ok) throw new Error(`the app shell answered ${shell.status}`)
  const html = await shell.clone().text()
  await cache.put(SHELL, shell)
  const files = new Set()
  for (const match of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) files.add(match[1])
  try {
    const manifest = await fetch('/asset-manifest.json', { cache: 'no-store' })
    if (manifest.ok) {
      for (const entry of Object.values(await manifest.json())) {
        for (const file of [entry.file, ...(entry.css ?? []), ...(entry.assets ?? [])]) {
          if (typeof file === 'string') files.add(`/${file}`)
        }
      }
    }
  } catch (error) {
    // Without the manifest the files the shell names are cached now, the rest when first used.
    console.warn('asset manifest unavailable', error)
  }
  await cache.addAll([...files])
}

async function page(request) {
  const cache = await caches.open(CACHE)
  try {
    const response = await withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS)
    // Every route answers with the same shell: keep the newest for offline use.
    if (response.ok && (response.headers.get('content-type') ?? '').includes('text/html')) {
      await cache.put(SHELL, response.clone())
    }
    return response
  } catch (error) {
    const cached = await cache.match(SHELL)
    if (cached) return cached
    throw error
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE)
  const cached = await cache.match(request)
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) await cache.put(request, response.clone())
  return response
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the network is too slow')), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
