/// <reference types="vite/client" />
import './components/sp-app.ts'
import { registerServiceWorker } from './register-service-worker.ts'

// The built app registers its service worker so /models/<id> opens with no network after the
// first visit; the dev server serves modules that change on every edit, so it does not.
if (import.meta.env.PROD) registerServiceWorker('/sw.js')
