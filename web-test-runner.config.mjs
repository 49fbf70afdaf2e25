// Component tests in real Chromium: `npm run test:browser` (files tests/client/**/*.test.ts).
// Uses the system's Chromium (Debian package `chromium`); it never downloads a browser.
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import process from 'node:process'
import { esbuildPlugin } from '@web/dev-server-esbuild'
import { chromeLauncher } from '@web/test-runner-chrome'
import { WebSocketServer } from 'ws'

const require = createRequire(import.meta.url)

/**
 * A stock y-websocket relay on a loopback port, so tests drive the real WebsocketProvider over a
 * real socket. Tests read its URL from GET /__test-relay on the test server.
 */
function relayPlugin() {
  let server = null
  let url = ''
  return {
    name: 'y-websocket-relay',
    async serverStart() {
      const { setupWSConnection } = require('y-websocket-reference/bin/utils')
      server = createServer()
      const wss = new WebSocketServer({ server })
      wss.on('connection', (socket, request) => setupWSConnection(socket, request))
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
      url = `ws://127.0.0.1:${server.address().port}`
    },
    async serverStop() {
      server?.closeAllConnections?.()
      await new Promise((resolve) => server?.close(resolve) ?? resolve())
    },
    serve(context) {
      if (context.path === '/__test-relay') return { body: JSON.stringify({ url }), type: 'json' }
    },
  }
}

export default {
  files: ['tests/client/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: focus events fire only in the focused page, and editors react to focus.
  concurrency: 1,
  testFramework: { config: { timeout: 15_000 } },
  // Lit announces its development build once per file; everything else the page logs is shown.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  // With --coverage (`npm run coverage`): what the browser ran of client/, next to the unit report.
  coverageConfig: {
    include: ['client/**'],
    report: true,
    reportDir: 'coverage/client',
    reporters: ['json-summary', 'html'],
  },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), relayPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          '--headless=new',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    }),
  ],
}
