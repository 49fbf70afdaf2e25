// Preloaded (node --import) into a benchmarked command: at exit it prints the process's peak
// resident memory (all threads), which the benchmark reads from stderr.
//
// On Linux that is VmHWM, the high-water mark of this process's own memory. getrusage's maxRSS
// (process.resourceUsage) is not: it keeps the peak of the process before exec, which for a child
// spawned by the benchmark is the benchmark's own size (a 1M-lead run read as 527 MB, the parent's,
// where VmHWM gave its own). Elsewhere maxRSS is the best there is.
import { readFileSync } from 'node:fs'
import process from 'node:process'

function peakKb() {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    if (hwm) return Number(hwm[1])
  } catch {
    // Not Linux: fall back below.
  }
  return process.resourceUsage().maxRSS
}

process.on('exit', () => {
  process.stderr.write(`\npeak-rss-kb ${peakKb()}\n`)
})
