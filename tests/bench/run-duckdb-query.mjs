// Runs one SQL file in DuckDB (in-memory database, every core), as its own process so that its
// wall time and peak memory are measured as `scoring score`'s are. Usage: node run-duckdb-query.mjs q.sql
import { DuckDBInstance } from '@duckdb/node-api'
import { readFileSync } from 'node:fs'
import process from 'node:process'

const sql = readFileSync(process.argv[2], 'utf8')
const instance = await DuckDBInstance.create(':memory:')
const connection = await instance.connect()
await connection.run(sql)
connection.closeSync()
instance.closeSync()
