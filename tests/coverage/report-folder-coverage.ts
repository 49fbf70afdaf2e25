/**
 * Prints lines and branches covered per top-level folder from the json-summary reports that
 * `npm run coverage` writes, and fails (exit 1) when lines fall under the floor in a gated folder.
 *
 *   coverage/coverage-summary.json         unit + integration suites (engine/, shared/, sync-server/)
 *   coverage/client/coverage-summary.json  browser suite (client/), reported without a floor yet
 */
import { existsSync, readFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'

const LINE_FLOOR = 80
const GATED = ['engine', 'shared', 'sync-server']
const SUMMARIES = ['coverage/coverage-summary.json', 'coverage/client/coverage-summary.json']

interface Counter {
  total: number
  covered: number
}
interface FileSummary {
  lines: Counter
  branches: Counter
}
interface FolderTotals {
  lines: Counter
  branches: Counter
}

const root = resolve('.')

/** Sums each file's counters into its top-level folder (the first path segment under the repo). */
function sumByFolder(summaryFiles: readonly string[]): Map<string, FolderTotals> {
  const folders = new Map<string, FolderTotals>()
  for (const file of summaryFiles) {
    const summary = JSON.parse(readFileSync(file, 'utf8')) as Record<string, FileSummary>
    for (const [path, counts] of Object.entries(summary)) {
      if (path === 'total') continue
      const folder = relative(root, resolve(root, path)).split(/[\\/]/)[0] ?? ''
      const totals = folders.get(folder) ?? {
        lines: { total: 0, covered: 0 },
        branches: { total: 0, covered: 0 },
      }
      totals.lines.total += counts.lines.total
      totals.lines.covered += counts.lines.covered
      totals.branches.total += counts.branches.total
      totals.branches.covered += counts.branches.covered
      folders.set(folder, totals)
    }
  }
  return folders
}

function percent({ total, covered }: Counter): number {
  return total === 0 ? 100 : (100 * covered) / total
}

function main(): void {
  const present = SUMMARIES.filter((file) => existsSync(file))
  const folders = sumByFolder(present)
  const failures: string[] = []
  console.log('\nfolder        lines     branches  floor')
  for (const [folder, totals] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
    const lines = percent(totals.lines)
    const gated = GATED.includes(folder)
    if (gated && lines < LINE_FLOOR) failures.push(`${folder}/ lines ${lines.toFixed(2)}%`)
    console.log(
      `${(folder + '/').padEnd(13)} ${lines.toFixed(2).padStart(6)}%  ${percent(totals.branches)
        .toFixed(2)
        .padStart(6)}%   ${gated ? `${LINE_FLOOR}%` : '-'}`,
    )
  }
  for (const folder of GATED) {
    if (!folders.has(folder)) failures.push(`${folder}/ has no coverage data (${SUMMARIES[0]})`)
  }
  console.log(`\nHTML reports: ${present.map((file) => file.replace('coverage-summary.json', 'index.html')).join(', ')}`)
  if (failures.length > 0) {
    console.error(`\ncoverage under the ${LINE_FLOOR}% line floor: ${failures.join('; ')}`)
    process.exitCode = 1
  }
}

main()
