import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { AuditEntry } from '../../../sync-server/store/audit-store.ts'
import type { ProductionVersion } from '../../../sync-server/store/production-store.ts'
import type { PromotionRequest } from '../../../sync-server/store/promotion-store.ts'
import type { Store } from '../../../sync-server/store/store.ts'
import { verifyAuditChain } from '../../../sync-server/audit/verify-audit-chain.ts'
import { STORE_ADAPTERS, type StoreAdapter } from './store-adapters.ts'

const USER = { id: 'ana', name: 'Ana Analyst' }
const bytes = (...values: number[]) => new Uint8Array(values)

describe.each(STORE_ADAPTERS)('the $name store', (adapter: StoreAdapter) => {
  let store: Store

  beforeEach(async () => {
    store = await adapter.open()
    return () => store.close()
  })
  afterAll(() => adapter.dispose())

  test('a doc’s updates get seqs 1, 2, 3… in commit order, and load back in that order', async () => {
    expect(await store.docs.load('doc-a')).toBeNull()
    expect(await store.docs.has('doc-a')).toBe(false)
    const seqs = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        store.docs.append({ docId: 'doc-a', update: bytes(n), user: USER, at: n, changes: [] }),
      ),
    )
    expect([...seqs].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5])
    await store.docs.append({ docId: 'doc-b', update: bytes(9), user: USER, at: 9, changes: [] })
    const loaded = (await store.docs.load('doc-a'))!
    expect(loaded.lastSeq).toBe(5)
    expect(loaded.updates).toHaveLength(5)
    expect(await store.docs.has('doc-a')).toBe(true)
    const after = await store.docs.updatesAfter('doc-a', 3)
    expect(after.map((u) => u.seq)).toEqual([4, 5])
    // Each seq holds the bytes of the append that got it, whatever order they committed in.
    expect(after.map((u) => [...u.update])).toEqual([4, 5].map((seq) => [seqs.indexOf(seq) + 1]))
    expect((await store.docs.list()).map((d) => [d.id, d.lastSeq])).toEqual([
      ['doc-a', 5],
      ['doc-b', 1],
    ])
  })

  test('compaction folds up to its watermark and never goes backwards', async () => {
    for (let n = 1; n <= 4; n++) {
      await store.docs.append({ docId: 'doc', update: bytes(n), user: USER, at: n, changes: [] })
    }
    await store.docs.compact('doc', bytes(1, 2, 3), 3)
    // A second compactor that folded less arrives late: it changes nothing.
    await store.docs.compact('doc', bytes(1, 2), 2)
    const loaded = (await store.docs.load('doc'))!
    expect([...loaded.state!]).toEqual([1, 2, 3])
    expect(loaded.stateSeq).toBe(3)
    expect(loaded.updates.map((u) => [...u])).toEqual([[4]])
    expect((await store.docs.updatesAfter('doc', 0)).map((u) => u.seq)).toEqual([4])
    expect(await store.docs.stateSeq('doc')).toBe(3)
    expect(await store.docs.stateSeq('no-such-doc')).toBe(0)
  })

  test('the change feed is stored with its update', async () => {
    await store.docs.append({
      docId: 'doc',
      update: bytes(1),
      user: USER,
      at: 5,
      changes: [{ factorId: 'f', field: 'weight', from: 0.1, to: 0.2 }],
    })
    const [change] = await store.changes.list('doc', { after: 0, limit: 10 })
    expect(change).toMatchObject({ seq: 1, at: 5, user: USER, factorId: 'f', from: 0.1, to: 0.2 })
  })

  test('a transaction commits all of its writes or, when it throws, none', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.settings.set('a', '1')
        await tx.audit.append(entry('first'))
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    expect(await store.settings.get('a')).toBeNull()
    expect(await store.audit.list({ after: 0, limit: 10 })).toEqual([])
    await store.transaction(async (tx) => {
      await tx.lockModel('m')
      await tx.settings.set('a', '2')
    })
    expect(await store.settings.get('a')).toBe('2')
  })

  test('audit appends from concurrent transactions stay one chain', async () => {
    const appended = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store.transaction((tx) => tx.audit.append(entry(`action-${i}`))),
      ),
    )
    expect(appended.map((e: AuditEntry) => e.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    )
    expect(await verifyAuditChain(store.audit)).toMatchObject({ ok: true, entries: 12 })
  })

  test('production versions only grow by one; a second version n is refused', async () => {
    await store.docs.append({ docId: 'm', update: bytes(1), user: USER, at: 1, changes: [] })
    await store.snapshots.insert(snapshot('s1'), bytes(0))
    await store.production.insert(version(1))
    await expect(store.production.insert(version(1))).rejects.toThrow()
    await expect(store.production.insert(version(3))).rejects.toThrow()
    await store.production.insert(version(2))
    expect((await store.production.current('m'))?.version).toBe(2)
    expect(await store.production.currentVersions()).toEqual(new Map([['m', 2]]))
  })

  test('a scheduled request is due at its time, and settled by one of racing writers only', async () => {
    await store.docs.append({ docId: 'm', update: bytes(1), user: USER, at: 1, changes: [] })
    await store.snapshots.insert(snapshot('s1'), bytes(0))
    await store.promotions.insert(request('early', 100))
    await store.promotions.insert(request('late', 200))
    await store.promotions.insert(request('unscheduled', null))
    expect(await store.promotions.nextDueAt()).toBeNull()
    for (const id of ['early', 'late', 'unscheduled']) {
      const status = id === 'unscheduled' ? 'approved' : 'scheduled'
      expect(await store.promotions.decide(id, { ...decision, status })).toBe(true)
    }
    expect(await store.promotions.nextDueAt()).toBe(100)
    expect(await store.promotions.listDue(99, 10)).toEqual([])
    expect((await store.promotions.listDue(200, 10)).map((r) => r.id)).toEqual(['early', 'late'])

    const settle = (status: 'promoted' | 'cancelled') =>
      store.promotions.settle('early', 'scheduled', {
        status,
        at: 150,
        by: USER,
        reason: null,
        version: 1,
      })
    expect((await Promise.all([settle('promoted'), settle('cancelled')])).sort()).toEqual([
      false,
      true,
    ])
    const early = await store.promotions.get('early')
    expect(early).toMatchObject({
      settledAt: 150,
      settledBy: USER,
      decidedBy: USER,
      scheduledFor: 100,
    })
    expect(await store.promotions.nextDueAt()).toBe(200)
    // Settled once: a second settlement finds it no longer scheduled, nor a pending one.
    expect(await settle('cancelled')).toBe(false)
    await expect(
      store.transaction(async (tx) => {
        await tx.promotions.insert(request('fresh', 300))
        return tx.promotions.settle('fresh', 'scheduled', {
          status: 'promoted',
          at: 1,
          by: USER,
          reason: null,
          version: 1,
        })
      }),
    ).resolves.toBe(false)
  })

  test('comments on a request list back oldest first, apart from another request’s; a transaction that throws keeps none', async () => {
    await store.docs.append({ docId: 'm', update: bytes(1), user: USER, at: 1, changes: [] })
    await store.snapshots.insert(snapshot('s1'), bytes(0))
    await store.promotions.insert(request('r1', null))
    await store.promotions.insert(request('r2', null))
    const bo = { id: 'bo', name: 'Bo Analyst' }
    const texts = ['first', 'second: ünïcödé ✓', 'x'.repeat(4000), 'fourth']
    const added = []
    for (const [i, body] of texts.entries()) {
      added.push(
        await store.comments.insert({
          requestId: 'r1',
          author: i % 2 ? bo : USER,
          at: 10 - i,
          body,
        }),
      )
    }
    await store.comments.insert({ requestId: 'r2', author: bo, at: 20, body: 'elsewhere' })
    await expect(
      store.transaction(async (tx) => {
        await tx.comments.insert({ requestId: 'r1', author: USER, at: 30, body: 'rolled back' })
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    const listed = await store.comments.list('r1')
    expect(listed).toEqual(added)
    // Oldest first is the order they were added in, whatever times they carry.
    expect(listed.map((c) => c.body)).toEqual(texts)
    expect(listed.map((c) => c.author.id)).toEqual(['ana', 'bo', 'ana', 'bo'])
    expect(listed.map((c) => c.at)).toEqual([10, 9, 8, 7])
    expect(new Set(listed.map((c) => c.id)).size).toBe(4)
    expect((await store.comments.list('r2')).map((c) => c.body)).toEqual(['elsewhere'])
    expect(await store.comments.list('nope')).toEqual([])
    // A comment belongs to a request that exists.
    await expect(
      store.comments.insert({ requestId: 'nope', author: USER, at: 1, body: 'orphan' }),
    ).rejects.toThrow()
  })

  test('a due delivery is claimed by one worker only until its lease ends', async () => {
    const first = await appendAudit(store)
    await store.webhooks.insert({
      id: 'w',
      url: 'http://127.0.0.1:9/hook',
      events: ['production.promoted'],
      secret: 's',
      createdAt: 1,
      createdBy: USER,
    })
    expect(
      await store.webhooks.enqueue({
        eventType: 'production.promoted',
        auditSeq: first.seq,
        body: '{}',
        at: 10,
      }),
    ).toBe(1)
    const claims = await Promise.all([
      store.webhooks.claimDue(10, 5, 1000),
      store.webhooks.claimDue(10, 5, 1000),
    ])
    expect(claims.map((c) => c.length).sort()).toEqual([0, 1])
    expect(await store.webhooks.claimDue(999, 5, 2000)).toEqual([])
    const [again] = await store.webhooks.claimDue(1000, 5, 3000)
    expect(again?.url).toBe('http://127.0.0.1:9/hook')
    await store.webhooks.delivered(again!.id, { attempts: 1, at: 1001, status: 200, error: null })
    expect(await store.webhooks.claimDue(5000, 5, 6000)).toEqual([])
    expect(await store.webhooks.nextDueAt()).toBeNull()
  })
})

function entry(action: string) {
  return { at: 1, actor: USER, action, modelId: 'm', details: { action } }
}

function appendAudit(store: Store): Promise<AuditEntry> {
  return store.transaction((tx) => tx.audit.append(entry('webhook.created')))
}

function snapshot(id: string) {
  return {
    id,
    modelId: 'm',
    label: id,
    hash: 'h',
    model: { id: 'm' } as never,
    findings: [],
    createdAt: 1,
    createdBy: USER,
  }
}

function version(n: number): ProductionVersion {
  return {
    modelId: 'm',
    version: n,
    snapshotId: 's1',
    hash: 'h',
    kind: 'promotion',
    requestId: null,
    rolledBackTo: null,
    promotedAt: n,
    promotedBy: USER,
  }
}

const decision = { at: 50, by: USER, reason: null, version: null }

function request(id: string, scheduledFor: number | null): PromotionRequest {
  return {
    id,
    modelId: 'm',
    snapshotId: 's1',
    hash: 'h',
    note: null,
    datasetId: 'demo',
    asOf: 1,
    impact: null,
    backtest: null,
    findings: [],
    basedOnVersion: 0,
    status: 'pending',
    requestedAt: 10,
    requestedBy: USER,
    decidedAt: null,
    decidedBy: null,
    reason: null,
    version: null,
    scheduledFor,
    settledAt: null,
    settledBy: null,
  }
}
