import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, test } from 'vitest'
import type { Model } from '../../../shared/model-schema.ts'
import { hashModel } from '../../../sync-server/models/hash-model.ts'
import type { PostgresStore } from '../../../sync-server/store/postgres/open-postgres-store.ts'
import { DATABASE_FILE } from '../../../sync-server/store/sqlite/open-sqlite-database.ts'
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts'
import { reweighted, SMALL_MODEL } from './support/models.ts'
import {
  approve,
  call,
  importAndSnapshot,
  requestPromotion,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from './support/promotion-server.ts'

/**
 * Approval promotes exactly the content the request was judged on, by hash: a snapshot whose
 * stored content changed behind the server's back is refused, and one request never promotes the
 * content of another. The store is tampered with directly, as an attacker with database access or
 * a corrupted disk would.
 */

let pg: Promise<PrivatePostgres> | null = null
let server: PromotionServer | undefined

afterEach(async () => {
  await server?.dispose()
  server = undefined
})
afterAll(async () => {
  if (pg !== null) (await pg).stop()
})

interface Adapter {
  name: string
  start(): Promise<PromotionServer>
  /** Rewrites a stored snapshot's model (and, when given, its hash) past the immutability guard. */
  tamper(server: PromotionServer, snapshotId: string, model: Model, hash?: string): Promise<void>
}

const ADAPTERS: Adapter[] = [
  {
    name: 'sqlite',
    start: () => startPromotionServer(),
    async tamper(server, snapshotId, model, hash) {
      const db = new Database(join(server.dataDir, DATABASE_FILE))
      try {
        db.exec('DROP TRIGGER snapshots_immutable_update')
        db.prepare(
          'UPDATE snapshots SET model_json = ?, hash = COALESCE(?, hash) WHERE id = ?',
        ).run(JSON.stringify(model), hash ?? null, snapshotId)
      } finally {
        db.close()
      }
    },
  },
  {
    name: 'postgres',
    async start() {
      pg ??= startPrivatePostgres()
      const url = await (await pg).createDatabase()
      return startPromotionServer({ database: { url, poolSize: 4 } })
    },
    async tamper(server, snapshotId, model, hash) {
      const sql = (server.store as PostgresStore).sql
      await sql.begin(async (tx) => {
        await tx`ALTER TABLE snapshots DISABLE TRIGGER snapshots_immutable`
        await tx`UPDATE snapshots SET model_json = ${JSON.stringify(model)},
          hash = COALESCE(${hash ?? null}::text, hash) WHERE id = ${snapshotId}`
        await tx`ALTER TABLE snapshots ENABLE TRIGGER snapshots_immutable`
      })
    },
  },
]

/** What production and the request look like: nothing may move on a refused approval. */
async function releaseState(server: PromotionServer, modelId: string, requestId: string) {
  const token = server.tokenOf('viewer')
  const [production, request, audit] = await Promise.all([
    call(server, 'GET', `/api/production/${modelId}/versions`, { token }),
    call(server, 'GET', `/api/promotions/${requestId}`, { token }),
    call(server, 'GET', `/api/audit?modelId=${modelId}`, { token }),
  ])
  return {
    production: production.body,
    status: request.body.status,
    promotions: (audit.body.entries as { action: string }[]).filter(
      (e) => e.action === 'production.promoted',
    ).length,
  }
}

describe.each(ADAPTERS)('on $name', (adapter) => {
  test.each([
    ['its content changed, its stored hash kept', false],
    ['its content and its stored hash both changed', true],
  ])(
    'approval of a request whose snapshot was rewritten (%s) is refused: 409 snapshot-hash-mismatch, nothing promoted',
    async (_, rehash) => {
      server = await adapter.start()
      const snapshotId = await importAndSnapshot(server, SMALL_MODEL)
      const requested = await requestPromotion(server, 'releaseManager', 'small', snapshotId)
      expect(requested.status).toBe(201)
      const approvedHash = requested.body.hash as string
      expect(approvedHash).toBe(hashModel(SMALL_MODEL))
      const before = await releaseState(server, 'small', requested.body.id)

      const swapped = reweighted(SMALL_MODEL, 'small', 0.1)
      await adapter.tamper(server, snapshotId, swapped, rehash ? hashModel(swapped) : undefined)
      const stored = await call(server, 'GET', `/api/models/small/snapshots/${snapshotId}`, {
        token: server.tokenOf('viewer'),
      })
      // The tampering took: the server now reads the other content.
      expect(stored.body.model.factors[0].weight).toBe(0.1)

      const approved = await approve(server, 'releaseManager2', requested.body.id)
      expect(approved.status).toBe(409)
      expect(approved.headers.get('content-type')).toBe('application/problem+json')
      expect(approved.body).toMatchObject({
        code: 'snapshot-hash-mismatch',
        expected: approvedHash,
        actual: hashModel(swapped),
      })
      expect(approved.body.detail).toContain(snapshotId)
      expect(await releaseState(server, 'small', requested.body.id)).toEqual(before)
      expect(before).toMatchObject({ status: 'pending', promotions: 0 })
      const production = await call(server, 'GET', '/api/production/small', {
        token: server.tokenOf('viewer'),
      })
      expect([production.status, production.body.code]).toEqual([404, 'not-in-production'])

      // Nor can the rewritten snapshot be requested afresh when its hash no longer matches it.
      if (!rehash) {
        const again = await requestPromotion(server, 'releaseManager', 'small', snapshotId)
        expect([again.status, again.body.code]).toEqual([409, 'snapshot-hash-mismatch'])
      }
    },
  )

  test('of two requests for different snapshots, approving one promotes its content only; the other cannot follow', async () => {
    server = await adapter.start()
    const firstId = await importAndSnapshot(server, SMALL_MODEL)
    const first = await call(server, 'GET', `/api/models/small/snapshots/${firstId}`, {
      token: server.tokenOf('viewer'),
    })
    const second = reweighted(SMALL_MODEL, 'small', 0.3)
    const put = await call(server, 'PUT', '/api/models/small', {
      token: server.tokenOf('analyst'),
      body: second,
    })
    expect(put.status).toBe(200)
    const secondId = await takeSnapshot(server, 'small', 'second')
    const one = await requestPromotion(server, 'releaseManager', 'small', firstId)
    const two = await requestPromotion(server, 'releaseManager', 'small', secondId)
    expect([one.status, two.status]).toEqual([201, 201])
    expect(one.body.hash).toBe(hashModel(SMALL_MODEL))
    expect(two.body.hash).toBe(hashModel(second))
    expect(one.body.hash).not.toBe(two.body.hash)

    const approved = await approve(server, 'releaseManager2', two.body.id)
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({
      version: 1,
      snapshotId: secondId,
      hash: two.body.hash,
      requestId: two.body.id,
    })
    const production = await call(server, 'GET', '/api/production/small', {
      token: server.tokenOf('viewer'),
    })
    expect(production.body.model).toEqual(second)
    expect(production.body.model).not.toEqual(first.body.model)

    const late = await approve(server, 'releaseManager2', one.body.id)
    expect([late.status, late.body.code]).toEqual([409, 'stale-request'])
    const after = await call(server, 'GET', '/api/production/small', {
      token: server.tokenOf('viewer'),
    })
    expect([after.body.version, after.body.hash]).toEqual([1, two.body.hash])
    expect(after.body.model).toEqual(second)
    const scored = await call(server, 'POST', '/api/score/small', {
      token: server.tokenOf('viewer'),
      body: { leads: [{ employees: 1000, demo_requested: false }] },
    })
    // 0.3 × 1 under the second snapshot's weights (0.6 under the first's).
    expect(scored.body.results[0].total).toBeCloseTo(0.3, 12)
  })
})
