import { fileURLToPath } from 'node:url'

/** The repository root, found from this file (never from the working directory). */
export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))

/** Where `npm run build` writes the browser app and where the server serves it from. */
export const APP_DIST_DIR = fileURLToPath(new URL('../dist', import.meta.url))
