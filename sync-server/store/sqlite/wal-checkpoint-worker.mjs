// The thread that checkpoints the SQLite file's WAL (see wal-checkpointer.ts): its own connection,
// one PASSIVE checkpoint per request (it never waits for readers or writers), the result sent back.
// Plain JavaScript, so the thread starts without a TypeScript loader.
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'

const db = new Database(workerData.file, { fileMustExist: true })
// The checkpoint syncs the WAL and the file as the server's own connection would.
db.pragma(`synchronous = ${workerData.synchronous}`)
db.pragma('busy_timeout = 5000')

parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close()
    parentPort.close()
    return
  }
  const [result] = db.pragma('wal_checkpoint(PASSIVE)')
  parentPort.postMessage(result)
})
