#!/usr/bin/env node
// The bin entry: registers tsx so the TypeScript CLI runs with no build step.
import process from 'node:process'
import { register } from 'tsx/esm/api'

register()
const { main } = await import('./main.ts')
process.exitCode = await main(process.argv.slice(2))
