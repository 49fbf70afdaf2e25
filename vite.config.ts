import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const projectRoot = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  // The app lives in client/ (index.html there); `npm run build` writes it to dist/ at the top.
  root: fileURLToPath(new URL('./client', import.meta.url)),
  publicDir: 'public',
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The service worker precaches every file listed here, worker chunks included.
    manifest: 'asset-manifest.json',
  },
  worker: { format: 'es' },
  server: {
    // `npm run dev` talks to `npm start` (default port 8787) for the API and the sync socket.
    proxy: {
      '/api': process.env.API_ORIGIN ?? 'http://127.0.0.1:8787',
      '/sync': { target: process.env.API_ORIGIN ?? 'http://127.0.0.1:8787', ws: true },
    },
  },
  test: {
    root: projectRoot,
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/client/**', 'tests/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // `npm run coverage`: the code these suites run in this process; the browser suite covers client/.
    coverage: {
      provider: 'v8',
      include: ['engine/**', 'shared/**', 'sync-server/**'],
      exclude: ['tests/**'],
      reporter: ['text-summary', 'json-summary', 'html'],
      reportsDirectory: 'coverage',
    },
  },
})
