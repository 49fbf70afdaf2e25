import { userInfo } from 'node:os'
import type { Identity } from '../shared/identity-schema.ts'
import { ensureAppBuild } from './ensure-app-build.ts'
import { createLogger } from './log/create-logger.ts'
import { readConfig } from './read-config.ts'
import { startServer } from './start-server.ts'
import { IntegrityError } from './store/integrity-error.ts'

/** The user `npm start` signs in: the person running the server on their own machine. */
const LOCAL_TOKEN_TTL_SECONDS = 7 * 86_400

async function main(): Promise<void> {
  const log = createLogger((line) => process.stdout.write(line))
  const config = readConfig(process.env)
  if (!config.ok) {
    log.error('bad configuration', { reason: config.reason })
    process.stderr.write(`\n  ${config.reason}\n\n`)
    process.exitCode = config.exitCode
    return
  }
  // Hostile input is handled where it arrives; anything escaping is a bug to log, not a reason
  // to drop every other connection (each update was committed before it was shared).
  process.on('uncaughtException', (error) => log.error('uncaught exception', { error }))
  process.on('unhandledRejection', (error) => log.error('unhandled rejection', { error }))

  const { port, host, dataDir, secret, workflow, sync, durability, database } = config.config
  const { shutdownTimeoutSeconds } = config.config
  const startAnyway = config.config.startAnyway || process.argv.slice(2).includes('--force')
  try {
    await ensureAppBuild({ log })
  } catch (error) {
    log.error('the browser app could not be built', { error })
    process.exitCode = 1
    return
  }
  let server
  try {
    server = await startServer({
      port,
      host,
      dataDir,
      secret,
      log,
      workflow,
      sync,
      durability,
      startAnyway,
      database,
    })
  } catch (error) {
    if (error instanceof IntegrityError) process.stderr.write(`\n  ${error.message}\n\n`)
    log.error('the server could not start', { error, port, host, dataDir })
    process.exitCode = 1
    return
  }
  const local: Identity = { id: 'local', name: localName(), role: 'release-manager' }
  const token = await server.mintToken(local, LOCAL_TOKEN_TTL_SECONDS)
  const signIn = `${server.url}/#token=${token}`
  // The link carries a week-long release-manager token: it goes to the person at the terminal,
  // never into the log record, which log collectors keep and ship.
  log.info('sign-in link printed', { url: server.url, user: local.id, role: local.role, dataDir })
  process.stderr.write(`\n  Scoring Playground is running. Sign in with:\n\n    ${signIn}\n\n`)

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn('second signal: exiting without a clean shutdown', { signal })
      process.exit(1)
    }
    stopping = true
    log.info('shutting down', { signal, timeoutSeconds: shutdownTimeoutSeconds })
    // Whatever the drain waits on (a database that stopped answering, a peer that never closes),
    // the process ends: a rolling restart must be able to count on it.
    setTimeout(() => {
      log.error('shutdown forced: the drain did not finish within SHUTDOWN_TIMEOUT', {
        timeoutSeconds: shutdownTimeoutSeconds,
      })
      process.exit(1)
    }, shutdownTimeoutSeconds * 1000).unref()
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('shutdown failed', { error })
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

function localName(): string {
  try {
    return userInfo().username || 'Local user'
  } catch {
    return 'Local user'
  }
}

await main()
