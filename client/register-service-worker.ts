/**
 * Registers the app-shell service worker. A failure is reported on the console and the page keeps
 * working online: caching the shell is an addition, not a precondition.
 */
export function registerServiceWorker(url: string): void {
  if (!('serviceWorker' in navigator)) return
  navigator.serviceWorker.register(url, { scope: '/' }).catch((error: unknown) => {
    console.warn('The app will not open offline: its service worker failed to register.', error)
  })
}
