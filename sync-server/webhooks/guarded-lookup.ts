import { lookup, type LookupAddress, type LookupAllOptions } from 'node:dns'
import type { LookupFunction } from 'node:net'
import { forbiddenRangeOf } from './forbidden-address-range.ts'

/** A delivery stopped before connecting: the target is (or resolves to) a forbidden address. */
export class ForbiddenAddressError extends Error {
  constructor(host: string, range: string) {
    super(`${host}: ${range}`)
    this.name = 'ForbiddenAddressError'
  }
}

/** dns.lookup that fails with ForbiddenAddressError when any address of the name is forbidden. */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true } as LookupAllOptions, (error, addresses) => {
    const done = callback as (error: Error | null, ...result: unknown[]) => void
    if (error !== null) return done(error, '', 0)
    const list = addresses as LookupAddress[]
    for (const { address } of list) {
      const range = forbiddenRangeOf(address)
      if (range !== null) {
        return done(
          new ForbiddenAddressError(hostname, `${range} (it resolves to ${address})`),
          '',
          0,
        )
      }
    }
    const first = list[0]
    if (first === undefined)
      return done(Object.assign(new Error(hostname), { code: 'ENOTFOUND' }), '', 0)
    if ((options as { all?: boolean }).all === true) return done(null, list)
    done(null, first.address, first.family)
  })
}
