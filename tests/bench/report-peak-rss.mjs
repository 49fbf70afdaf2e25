// Preloaded (node --import) into a benchmarked command: at exit it prints the process's peak
// resident memory (all threads), which the benchmark reads from stderr.
import process from 'node:process'

process.on('exit', () => {
  process.stderr.write(`\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`)
})
