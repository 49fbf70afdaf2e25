// A worker thread's entry when the CLI runs from its TypeScript sources: registers tsx (a worker
// does not inherit the main thread's loader), then runs the worker module given as its argument.
import process from 'node:process'
import { register } from 'tsx/esm/api'

register()
await import(process.argv[2])
