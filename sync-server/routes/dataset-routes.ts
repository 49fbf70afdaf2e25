import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import { Readable } from 'node:stream'
import type { AppEnv } from '../http/app-env.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import { ProblemError } from '../http/problem.ts'
import { success } from '../../shared/outcome.ts'
import { requireRole } from '../http/require-role.ts'
import { toDatasetRecord } from '../http/api-records.ts'
import {
  DatasetCsvQuerySchema,
  DatasetUploadQuerySchema,
} from '../../shared/dataset-api-schemas.ts'
import { DEMO_DATASET, demoCsv } from '../datasets/demo-dataset.ts'
import { matchesEtag } from '../http/matches-etag.ts'
import { neutralizeCsv } from '../datasets/neutralize-csv.ts'
import { parseDatasetCsv } from '../datasets/parse-dataset-csv.ts'
import { AUDIT_ACTIONS } from '../promotion/workflow-events.ts'
import type { DatasetInfo } from '../store/dataset-store.ts'
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
    const maxBytes = workflow.options.maxDatasetBytes
    if (Number(c.req.header('content-length') ?? 0) > maxBytes) {
      throw new ProblemError(
        413,
        PROBLEM_CODES.payloadTooLarge,
        `The CSV is larger than ${maxBytes} bytes.`,
      )
    }
    const parsed = await parseDatasetCsv(c.req.raw.body, {
      maxBytes,
      maxRows: workflow.options.maxDatasetRows,
    })
    if (!parsed.ok) {
      const code = parsed.status === 413 ? PROBLEM_CODES.payloadTooLarge : PROBLEM_CODES.invalidCsv
      throw new ProblemError(
        parsed.status,
        code,
        parsed.reason,
        parsed.line === undefined ? {} : { line: parsed.line },
      )
    }
    const identity = c.get('identity')
    const info: DatasetInfo = {
      id: randomUUID(),
      name: name ?? `Upload of ${new Date().toISOString().slice(0, 10)}`,
      fields: parsed.fields,
      rows: parsed.rows,
      bytes: parsed.bytes.length,
      sha256: parsed.sha256,
      createdAt: Date.now(),
      createdBy: { id: identity.id, name: identity.name },
    }
    await workflow.commit(async (tx, record) => {
      await tx.datasets.insert(info, parsed.bytes)
      await record({
        at: info.createdAt,
        actor: info.createdBy,
        action: AUDIT_ACTIONS.datasetUploaded,
        modelId: null,
        details: { datasetId: info.id, name: info.name, rows: info.rows, sha256: info.sha256 },
      })
      return success(null)
    })
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
    const { name, bytes, sha256 } =
      id === DEMO_DATASET.id
        ? { name: DEMO_DATASET.name, ...demoCsv() }
        : {
            ...(await requireDataset(id)),
            bytes: (await store.datasets.csv(id)) ?? new Uint8Array(),
          }
    // The bytes of a dataset never change, so the browser may cache them and revalidate by hash;
    // the defused form is another representation of them, with its own tag.
    const headers = {
      etag: raw ? `"${sha256}"` : `"${sha256}-defused"`,
      'cache-control': 'private, no-cache',
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileNameOf(name)}.csv"`,
    }
    if (matchesEtag(c.req.header('if-none-match'), headers.etag)) return c.body(null, 304, headers)
    if (raw) return c.body(new Uint8Array(bytes), 200, headers)
    return c.body(neutralizeCsv(Readable.from([bytes])), 200, headers)
  })

  return app
}

/** A name safe inside a Content-Disposition header. */
function fileNameOf(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100) || 'dataset'
}
