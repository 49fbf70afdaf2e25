import type { Context } from 'hono'
import { assert } from '../../shared/assert.ts'

/** A parameter of the path the route was mounted or declared at (`:id`); its absence is a bug. */
export function pathParam(c: Context, name: string): string {
  const value = c.req.param(name) as string | undefined
  assert(value !== undefined, `the route has no :${name} parameter`)
  return value
}
