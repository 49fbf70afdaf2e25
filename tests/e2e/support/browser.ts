import { chromium, type Browser, type BrowserContext } from 'playwright-core'

/** The system's Chromium (Debian package `chromium`); these tests never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Readable at the size the app is designed for. */
export const VIEWPORT = { width: 1280, height: 800 }

/** A headless Chromium; each `newContext()` of it is a separate user (own storage, own cookies). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS })
}

/**
 * A Chromium with a profile kept in `userDataDir`: closing and launching it again is a browser
 * restart (IndexedDB, localStorage and the service worker survive).
 */
export function launchPersistentBrowser(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: VIEWPORT,
  })
}
