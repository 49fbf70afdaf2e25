#!/usr/bin/env node
// The bin entry: runs the CLI from its bundle (built on first run, see cli-bundle.mjs), so it
// starts without compiling TypeScript; where no bundle can be built (say, node_modules is
// read-only), it registers tsx and runs the TypeScript sources as they are.
import process from 'node:process'
import { URL } from 'node:url'
import { cliBundleMain } from './cli-bundle.mjs'

const { main } = await import(await cliBundleMain().catch(fromSources))
process.exitCode = await main(process.argv.slice(2))

async function fromSources() {
  const { register } = await import('tsx/esm/api')
  register()
  return new URL('./main.ts', import.meta.url).href
}
