import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import { rmSync } from 'node:fs'
import { Readable } from 'node:stream'
import { hasRole } from '../../shared/identity-schema.ts'
import type { AppEnv } from '../http/app-env.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import { orProblem, ProblemError } from '../http/problem.ts'
import { failure, success } from '../../shared/outcome.ts'
import { requireRole } from '../http/require-role.ts'
import { toDatasetRecord } from '../http/api-records.ts'
import {
  DatasetCsvQuerySchema,
  DatasetUploadQuerySchema,
} from '../../shared/dataset-api-schemas.ts'
import {
  checkDatasetQuota,
  describeQuotaBreach,
  uploadAllowance,
  type QuotaBreach,
  type QuotaUsage,
} from '../datasets/check-dataset-quota.ts'
import { DEMO_DATASET, demoCsv } from '../datasets/demo-dataset.ts'
import { matchesEtag } from '../http/matches-etag.ts'
import { neutralizeCsv } from '../datasets/neutralize-csv.ts'
import { parseDatasetCsv } from '../datasets/parse-dataset-csv.ts'
import { AUDIT_ACTIONS } from '../promotion/workflow-events.ts'
import type { DatasetInfo, DatasetStore } from '../store/dataset-store.ts'
import type { RouteDeps } from './route-deps.ts'

/** The built-in demo dataset as the API lists it (generated, so no bytes, hash or author). */
const DEMO_INFO = {
  id: DEMO_DATASET.id,
  name: DEMO_DATASET.name,
  builtin: true,
  fields: [...DEMO_DATASET.fields],
  rows: DEMO_DATASET.count,
  bytes: null,
  sha256: null,
  createdAt: null,
  createdBy: null,
}

/** `/api/datasets`: upload a reference dataset (CSV, analysts), list, describe and download them. */
export function datasetRoutes({ auth, store, workflow }: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const requireDataset = async (id: string): Promise<DatasetInfo> => {
    const info = await store.datasets.get(id)
    if (info === null) {
      throw new ProblemError(404, PROBLEM_CODES.datasetNotFound, `There is no dataset "${id}".`)
    }
    return info
  }

  app.post('/', requireRole(auth, 'analyst'), async (c) => {
    const { name } = DatasetUploadQuerySchema.parse(c.req.query())
    if ((c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/')) {
      throw new ProblemError(
        415,
        PROBLEM_CODES.unsupportedMediaType,
        'Send the CSV itself as the body (Content-Type: text/csv), not a form.',
      )
    }
    const identity = c.get('identity')
    const { options } = workflow
    const usageNow = async (datasets: DatasetStore): Promise<QuotaUsage> => ({
      mine: await datasets.usage(identity.id),
      all: await datasets.usage(null),
    })
    const quotaProblem = (breach: QuotaBreach) =>
      new ProblemError(409, PROBLEM_CODES.datasetQuotaExceeded, describeQuotaBreach(breach), {
        ...breach,
      })
    const before = await usageNow(store.datasets)
    const early = checkDatasetQuota(options, before, 0)
    if (early !== null) throw quotaProblem(early)
    if (Number(c.req.header('content-length') ?? 0) > options.maxDatasetBytes) {
      throw new ProblemError(
        413,
        PROBLEM_CODES.payloadTooLarge,
        `The CSV is larger than ${options.maxDatasetBytes} bytes.`,
      )
    }
    // The upload may have what is left of the quotas, checked as the bytes arrive.
    const maxBytes = Math.min(options.maxDatasetBytes, uploadAllowance(options, before))
    const upload = await store.datasets.uploadFile()
    const parsed = await parseDatasetCsv(
      c.req.raw.body,
      { maxBytes, maxRows: options.maxDatasetRows },
      upload,
    )
    if (!parsed.ok) {
      if (parsed.status === 413 && maxBytes < options.maxDatasetBytes) {
        throw quotaProblem(
          checkDatasetQuota(options, before, maxBytes + 1) ?? {
            scope: 'user',
            kind: 'bytes',
            limit: options.datasetQuotaUserBytes,
            used: before.mine.bytes,
          },
        )
      }
      const code = parsed.status === 413 ? PROBLEM_CODES.payloadTooLarge : PROBLEM_CODES.invalidCsv
      throw new ProblemError(
        parsed.status,
        code,
        parsed.reason,
        parsed.line === undefined ? {} : { line: parsed.line },
      )
    }
    const info: DatasetInfo = {
      id: randomUUID(),
      name: name ?? `Upload of ${new Date().toISOString().slice(0, 10)}`,
      fields: parsed.fields,
      rows: parsed.rows,
      bytes: parsed.bytes,
      sha256: parsed.sha256,
      createdAt: Date.now(),
      createdBy: { id: identity.id, name: identity.name },
    }
    // A refused or failed commit leaves no file behind (a renamed one is dropped by purge).
    const discard = async () => {
      rmSync(upload, { force: true })
      await store.datasets.purge()
    }
    let stored
    try {
      stored = await workflow.commit(async (tx, record) => {
        // Checked again where it counts: parallel uploads were each within the quota at their start.
        const breach = checkDatasetQuota(options, await usageNow(tx.datasets), info.bytes)
        if (breach !== null) {
          return failure(PROBLEM_CODES.datasetQuotaExceeded, describeQuotaBreach(breach), {
            ...breach,
          })
        }
        await tx.datasets.insert(info, upload)
        await record({
          at: info.createdAt,
          actor: info.createdBy,
          action: AUDIT_ACTIONS.datasetUploaded,
          modelId: null,
          details: { datasetId: info.id, name: info.name, rows: info.rows, sha256: info.sha256 },
        })
        return success(null)
      })
    } catch (error) {
      await discard()
      throw error
    }
    if (!stored.ok) await discard()
    orProblem(stored)
    return c.json(toDatasetRecord(info), 201)
  })

  app.get('/', requireRole(auth, 'viewer'), async (c) =>
    c.json({ datasets: [DEMO_INFO, ...(await store.datasets.list()).map(toDatasetRecord)] }),
  )

  app.get('/:id', requireRole(auth, 'viewer'), async (c) => {
    const id = c.req.param('id')
    return c.json(id === DEMO_DATASET.id ? DEMO_INFO : toDatasetRecord(await requireDataset(id)))
  })

  app.get('/:id/csv', requireRole(auth, 'viewer'), async (c) => {
    const id = c.req.param('id')
    const raw = DatasetCsvQuerySchema.parse(c.req.query()).raw === '1'
    const demo = id === DEMO_DATASET.id ? demoCsv() : null
    const { name, sha256 } =
      demo === null ? await requireDataset(id) : { name: DEMO_DATASET.name, ...demo }
    // The bytes of a dataset never change, so the browser may cache them and revalidate by hash;
    // the defused form is another representation of them, with its own tag.
    const headers = {
      etag: raw ? `"${sha256}"` : `"${sha256}-defused"`,
      'cache-control': 'private, no-cache',
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileNameOf(name)}.csv"`,
    }
    if (matchesEtag(c.req.header('if-none-match'), headers.etag)) return c.body(null, 304, headers)
    // An upload streams from where it is kept: a large download is never held in memory.
    const csv = demo === null ? await store.datasets.openCsv(id) : Readable.from([demo.bytes])
    if (csv === null) {
      throw new ProblemError(404, PROBLEM_CODES.datasetNotFound, `There is no dataset "${id}".`)
    }
    const body = raw ? (Readable.toWeb(csv) as ReadableStream<Uint8Array>) : neutralizeCsv(csv)
    return c.body(body, 200, headers)
  })

  app.delete('/:id', requireRole(auth, 'analyst'), async (c) => {
    const id = c.req.param('id')
    if (id === DEMO_DATASET.id) {
      throw new ProblemError(
        409,
        PROBLEM_CODES.datasetInUse,
        'The built-in demo dataset cannot be deleted.',
      )
    }
    const info = await requireDataset(id)
    const identity = c.get('identity')
    if (info.createdBy.id !== identity.id && !hasRole(identity.role, 'release-manager')) {
      throw new ProblemError(
        403,
        PROBLEM_CODES.forbidden,
        'Only the analyst who uploaded a dataset, or a release manager, may delete it.',
      )
    }
    const removed = await workflow.commit(async (tx, record) => {
      const models = await tx.datasets.referencedBy(id)
      if (models.length > 0) {
        return failure(
          PROBLEM_CODES.datasetInUse,
          `The dataset is the reference dataset of ${models.join(', ')}; choose another for ` +
            'them first (PUT /api/models/:id/reference-dataset), so their promotions stay judged ' +
            'on data that exists.',
          { models },
        )
      }
      if (!(await tx.datasets.remove(id))) {
        return failure(PROBLEM_CODES.datasetNotFound, `There is no dataset "${id}".`)
      }
      await record({
        at: Date.now(),
        actor: { id: identity.id, name: identity.name },
        action: AUDIT_ACTIONS.datasetDeleted,
        modelId: null,
        details: { datasetId: id, name: info.name, sha256: info.sha256 },
      })
      return success(null)
    })
    orProblem(removed)
    // The record is gone for good once committed; only then do its bytes go.
    await store.datasets.purge()
    return c.body(null, 204)
  })

  return app
}

/** A name safe inside a Content-Disposition header. */
function fileNameOf(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100) || 'dataset'
}
