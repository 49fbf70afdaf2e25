import { describe, expect, test } from 'vitest'
import {
  checkWebhookTarget,
  type ResolveHost,
} from '../../../sync-server/webhooks/check-webhook-target.ts'
import { forbiddenRangeOf } from '../../../sync-server/webhooks/forbidden-address-range.ts'
import {
  ForbiddenAddressError,
  guardedLookup,
} from '../../../sync-server/webhooks/guarded-lookup.ts'

// Address rules are checked as values: nothing here sends a packet anywhere.

/** A resolver with fixed answers: which name resolves to what is the input under test. */
const resolveFrom =
  (answers: Record<string, string[]>): ResolveHost =>
  async (host) => {
    const found = answers[host]
    if (found === undefined) throw Object.assign(new Error(host), { code: 'ENOTFOUND' })
    return found
  }

const check = (url: string, answers: Record<string, string[]> = {}, allowPrivate = false) =>
  checkWebhookTarget(url, { allowPrivate, resolve: resolveFrom(answers) })

describe('forbidden address ranges', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.100.100.200', 'shared address space'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback (embedded IPv4)'],
    ['::ffff:7f00:1', 'loopback (embedded IPv4)'],
    ['::ffff:a9fe:a9fe', 'link-local (cloud metadata) (embedded IPv4)'],
    ['::127.0.0.1', 'loopback (embedded IPv4)'],
    ['64:ff9b::10.0.0.1', 'private (embedded IPv4)'],
    ['2002:c0a8:0101::1', 'private (6to4)'],
    ['fc00::1', 'unique-local'],
    ['fd00:ec2::254', 'unique-local'],
    ['fe80::1%eth0', 'link-local'],
    ['FE80::abcd', 'link-local'],
    ['ff02::1', 'multicast'],
    ['localhost', 'not an IP address'],
  ])('%s is refused: %s', (address, range) => {
    expect(forbiddenRangeOf(address)).toBe(range)
  })

  test.each([
    '8.8.8.8',
    '172.32.0.1',
    '192.169.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
  ])('%s is public', (address) => {
    expect(forbiddenRangeOf(address)).toBeNull()
  })
})

describe('webhook targets', () => {
  test.each([
    'http://127.0.0.1/hook',
    'http://127.1/hook',
    'http://0x7f000001/hook',
    'http://2130706433/hook',
    'http://0177.0.0.1/hook',
    'http://0/hook',
    'http://[::1]:8080/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[0:0:0:0:0:ffff:7f00:1]/hook',
    'http://localhost/hook',
    'http://LOCALHOST./hook',
    'http://api.localhost/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/latest',
    'http://10.0.0.5/hook',
    'https://192.168.0.10/hook',
  ])('%s is refused in every spelling', async (url) => {
    const answer = await check(url)
    expect(answer.ok).toBe(false)
    if (!answer.ok) expect(answer.reason).toMatch(/may not reach .*WEBHOOK_ALLOW_PRIVATE/)
  })

  test('a host name is judged by every address it resolves to', async () => {
    const answers = {
      'hooks.example.com': ['93.184.216.34'],
      'internal.example.com': ['10.0.0.7'],
      'mixed.example.com': ['93.184.216.34', '::1'],
      'metadata.example.com': ['169.254.169.254'],
    }
    expect(await check('https://hooks.example.com/x', answers)).toEqual({ ok: true })
    for (const host of ['internal', 'mixed', 'metadata']) {
      const answer = await check(`https://${host}.example.com/x`, answers)
      expect(answer.ok, host).toBe(false)
    }
    const unknown = await check('https://nowhere.example.com/x', answers)
    expect(unknown).toEqual({
      ok: false,
      reason: 'The webhook host "nowhere.example.com" cannot be resolved.',
    })
  })

  test('credentials in the URL are refused even when private targets are allowed', async () => {
    for (const url of ['https://user:pw@hooks.example.com/x', 'http://token@127.0.0.1/x']) {
      const answer = await check(url, { 'hooks.example.com': ['93.184.216.34'] }, true)
      expect(answer.ok, url).toBe(false)
      if (!answer.ok) expect(answer.reason).toMatch(/credentials/)
    }
    expect(await check('http://127.0.0.1:9/x', {}, true)).toEqual({ ok: true })
  })

  test('at delivery, the lookup the socket uses refuses a name that resolves to loopback', async () => {
    // "localhost" resolves through the hosts file; the lookup fails before any connection.
    const error = await new Promise<Error | null>((resolve) =>
      guardedLookup('localhost', { all: true }, (failure) => resolve(failure)),
    )
    expect(error).toBeInstanceOf(ForbiddenAddressError)
    expect(error?.message).toMatch(/^localhost: loopback/)
  })
})
