/**
 * Dataset uploads against the bytes they carry: six analysts upload a 60 MiB CSV each, at once, to
 * `npm start` in a child process; the server's peak RSS (VmHWM) is compared with what holding the
 * uploads in memory would take (their 360 MiB). Goal: the peak grows by less than one upload.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAuth } from '../../sync-server/auth/create-auth.ts'
import { spawnApiServer } from './api-bench-server.ts'
import { row, withGoal, type BenchSection } from './bench-timing.ts'

const UPLOADS = 6
const MIB = 1024 * 1024
const UPLOAD_BYTES = 60 * MIB

/** A CSV of about `bytes`, with rows long enough to stay under the server's row limit. */
function makeCsv(bytes: number): Buffer {
  const header = 'id,company,country,industry,employees,revenue,last_seen,demo,note\n'
  const line = `lead-000001,Acme Corporation Ltd,US,software,250,12000000,2025-11-01T10:00:00Z,yes,${'n'.repeat(120)}\n`
  return Buffer.from(header + line.repeat(Math.floor((bytes - header.length) / line.length)))
}

/** A figure of /proc/<pid>/status in MiB (VmRSS now, VmHWM the peak so far). */
function memoryMiB(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024
}

export async function runBench(): Promise<BenchSection> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scoring-upload-bench-'))
  const secret = 'upload-bench-secret-long-enough-for-hs256'
  const server = await spawnApiServer({ DATA_DIR: dataDir, SCORING_SECRET: secret })
  try {
    const auth = createAuth(new TextEncoder().encode(secret))
    const tokens = await Promise.all(
      Array.from({ length: UPLOADS }, (_, i) =>
        auth.mintToken({ id: `uploader-${i}`, name: `Uploader ${i}`, role: 'analyst' }, 3600),
      ),
    )
    const csv = makeCsv(UPLOAD_BYTES)
    const body = new Blob([new Uint8Array(csv)])
    const before = memoryMiB(server.pid, 'VmRSS')
    const started = performance.now()
    const statuses = await Promise.all(
      tokens.map(async (token) => {
        const response = await fetch(`${server.url}/api/datasets`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
          body,
        })
        await response.arrayBuffer()
        return response.status
      }),
    )
    const ms = performance.now() - started
    if (statuses.some((status) => status !== 201)) {
      throw new Error(`uploads answered ${statuses.join(', ')}`)
    }
    const peak = memoryMiB(server.pid, 'VmHWM')
    const uploadedMiB = (UPLOADS * csv.length) / MIB
    const growth = peak - before
    const timed = row(
      `${UPLOADS} × ${(csv.length / MIB).toFixed(0)} MiB CSV uploads at once`,
      { medianMs: ms, runsMs: [ms] },
      1,
    )
    return {
      rows: [
        withGoal(
          timed,
          `peak RSS +${growth.toFixed(0)} MiB (from ${before.toFixed(0)}) < one upload (${(csv.length / MIB).toFixed(0)} MiB); holding them: ${uploadedMiB.toFixed(0)} MiB`,
          growth < csv.length / MIB,
        ),
      ],
      figures: { rssBeforeMiB: before, peakRssMiB: peak, growthMiB: growth, uploadedMiB },
    }
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
