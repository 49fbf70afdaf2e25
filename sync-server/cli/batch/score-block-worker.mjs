// A worker thread's entry: registers tsx (a worker does not inherit the main thread's loader), then
// runs the TypeScript worker named in workerData.
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.entry)
