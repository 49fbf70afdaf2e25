/**
 * Our sync server in a process of its own (as the reference server is), for the benchmark.
 * Options come as JSON in argv[2]; it reports its URLs and tokens over IPC, stops on
 * `{ type: 'stop' }` (answering how long the clean shutdown, compaction included, took and how
 * many updates it persisted) and exits when its parent goes away.
 */
import { startServer } from '../../sync-server/start-server.ts'

export interface OurServerOptions {
  dataDir: string
  persistence: boolean
  secret: string
}

export interface OurServerReady {
  type: 'ready'
  url: string
  syncUrl: string
  writerToken: string
  listenerToken: string
}

export interface OurServerStopped {
  type: 'stopped'
  closeMs: number
  updatesPersisted: number
  /** How long the SQLite commits of updates took, from the server's own histogram. */
  commits: CommitTimes
}

export interface CommitTimes {
  count: number
  meanMs: number
  over1ms: number
  over5ms: number
  over10ms: number
  over50ms: number
}

const options = JSON.parse(process.argv[2] ?? '{}') as OurServerOptions
const server = await startServer({
  port: 0,
  dataDir: options.dataDir,
  secret: options.secret,
  persistence: options.persistence,
  seedDemo: false,
  // Hundreds of listeners share one bench identity; the per-user cap is for people, not this.
  sync: { maxConnectionsPerUser: Number.MAX_SAFE_INTEGER },
})
const ready: OurServerReady = {
  type: 'ready',
  url: server.url,
  syncUrl: server.syncUrl,
  writerToken: await server.mintToken({
    id: 'bench-writer',
    name: 'Bench writer',
    role: 'analyst',
  }),
  listenerToken: await server.mintToken({
    id: 'bench-listener',
    name: 'Bench listener',
    role: 'analyst',
  }),
}
process.send?.(ready)

const stop = async (): Promise<OurServerStopped> => {
  const persisted = (await server.metrics.updatesPersisted.get()).values[0]?.value ?? 0
  const commits = await commitTimes()
  const started = performance.now()
  await server.close()
  return {
    type: 'stopped',
    closeMs: performance.now() - started,
    updatesPersisted: persisted,
    commits,
  }
}

async function commitTimes(): Promise<CommitTimes> {
  const { values } = await server.metrics.persistSeconds.get()
  const find = (suffix: string, le?: number) =>
    values.find((v) => v.metricName?.endsWith(suffix) && (le === undefined || v.labels.le === le))
      ?.value ?? Number.NaN
  const count = find('_count')
  return {
    count,
    meanMs: (find('_sum') / count) * 1000,
    over1ms: count - find('_bucket', 0.001),
    over5ms: count - find('_bucket', 0.005),
    over10ms: count - find('_bucket', 0.01),
    over50ms: count - find('_bucket', 0.05),
  }
}
process.on('message', (message: { type: string }) => {
  if (message.type !== 'stop') return
  void stop().then((stopped) => {
    process.send?.(stopped, () => process.exit(0))
  })
})
process.on('disconnect', () => {
  void stop().finally(() => process.exit(0))
})
