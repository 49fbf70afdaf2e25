import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'

/** A PostgreSQL server of this test run's own: a fresh cluster in a temp dir, on a free loopback port. */
export interface PrivatePostgres {
  /** The URL of a new, empty database in it, for one test. */
  createDatabase(): Promise<string>
  /**
   * Suspends every process of the server (SIGSTOP), as a database host that stopped answering
   * would be: connections stay open and queries wait. Returns what lets them run again.
   */
  freeze(): () => void
  /** Stops the server at once (immediate) and removes its files. */
  stop(): void
  port: number
}

/** The server binaries: the newest version under /usr/lib/postgresql (Debian's layout). */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? null : join(root, versions[0], 'bin')
}

/**
 * Starts a private server from the system's binaries: `initdb` into a temp dir (as the `postgres`
 * user when running as root, since the server refuses to run as root) and `pg_ctl` on a free
 * loopback port with its socket in that dir. Never the machine's shared cluster.
 */
export async function startPrivatePostgres(
  options: { port?: number } = {},
): Promise<PrivatePostgres> {
  const bin = postgresBinDir()
  if (bin === null) throw new Error('PostgreSQL is not installed (apt-get install postgresql)')
  const dir = mkdtempSync(join(tmpdir(), 'scoring-pg-'))
  const asRoot = userInfo().uid === 0
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString())
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString())
    chownSync(dir, uid, gid)
  }
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(bin, tool)
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args
    const result = spawnSync(command, argv, { encoding: 'utf8' })
    if (result.status !== 0) {
      throw new Error(`${tool} failed: ${result.stderr || result.stdout}`)
    }
  }
  const data = join(dir, 'data')
  // --no-sync: a throwaway cluster needs no fsync of its files.
  run('initdb', ['--no-sync', '-A', 'trust', '-U', 'postgres', '-D', data])
  const port = options.port ?? (await freePort())
  run('pg_ctl', [
    '-w',
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    'start',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`,
  ])
  const admin = postgres(`postgres://postgres@127.0.0.1:${port}/postgres`, {
    max: 1,
    onnotice: () => {},
  })
  let databases = 0
  let stopped = false
  return {
    port,
    async createDatabase() {
      const name = `test_${++databases}`
      await admin.unsafe(`CREATE DATABASE ${name}`)
      return `postgres://postgres@127.0.0.1:${port}/${name}`
    },
    freeze() {
      const pids = serverProcesses(data)
      for (const pid of pids) process.kill(pid, 'SIGSTOP')
      return () => {
        for (const pid of pids) process.kill(pid, 'SIGCONT')
      }
    },
    stop() {
      if (stopped) return
      stopped = true
      void admin.end({ timeout: 0 })
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop'])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The postmaster (first line of its pid file) and the processes it started. */
function serverProcesses(data: string): number[] {
  const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // The parent pid is the second field after the parenthesised command name.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster
      } catch {
        return false
      }
    })
    .map(Number)
  return [postmaster, ...children]
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
