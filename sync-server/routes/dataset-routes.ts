import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import { Readable } from 'node:stream'
import { bodyLimit } from 'hono/body-limit'
import type { Auth } from '../auth/create-auth.ts'
import type { AppEnv } from '../http/app-env.ts'
import { PROBLEM_CODES, ProblemError } from '../http/problem.ts'
import { readJsonBody } from '../http/read-json-body.ts'
import { requireRole } from '../http/require-role.ts'
import { toDatasetRecord } from '../promotion/api-records.ts'
import {
  DatasetCsvQuerySchema,
  DatasetUploadQuerySchema,
  ReferenceDatasetBodySchema,
} from '../../shared/dataset-api-schemas.ts'
import { DEMO_DATASET, demoCsv } from '../promotion/demo-dataset.ts'
import { neutralizeCsv } from '../promotion/neutralize-csv.ts'
import { matchesEtag } from '../promotion/matches-etag.ts'
import { parseDatasetCsv } from '../promotion/parse-dataset-csv.ts'
import { requireModel } from '../promotion/require-found.ts'
import type { WorkflowContext } from '../promotion/workflow-context.ts'
import { AUDIT_ACTIONS } from '../promotion/workflow-events.ts'
import type { DatasetInfo } from '../store/dataset-store.ts'

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

/**
 * `/api/datasets`: upload a reference dataset (CSV, analysts), list, describe and download them;
 * `/api/models/:id/reference-dataset`: the dataset a model's promotions are judged on (the demo
 * leads until one is chosen).
 */
export function datasetRoutes(auth: Auth, ctx: WorkflowContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { store, workflow } = ctx
  const requireDataset = (id: string): DatasetInfo => {
    const info = store.datasets.get(id)
    if (info === null) {
      throw new ProblemError(404, PROBLEM_CODES.datasetNotFound, `There is no dataset "${id}".`)
    }
    return info
  }

  app.post('/api/datasets', requireRole(auth, 'analyst'), async (c) => {
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
    workflow.commit((record) => {
      store.datasets.insert(info, parsed.bytes)
      record({
        at: info.createdAt,
        actor: info.createdBy,
        action: AUDIT_ACTIONS.datasetUploaded,
        modelId: null,
        details: { datasetId: info.id, name: info.name, rows: info.rows, sha256: info.sha256 },
      })
    })
    return c.json(toDatasetRecord(info), 201)
  })

  app.get('/api/datasets', requireRole(auth, 'viewer'), (c) =>
    c.json({ datasets: [DEMO_INFO, ...store.datasets.list().map(toDatasetRecord)] }),
  )

  app.get('/api/datasets/:id', requireRole(auth, 'viewer'), (c) => {
    const id = c.req.param('id')
    return c.json(id === DEMO_DATASET.id ? DEMO_INFO : toDatasetRecord(requireDataset(id)))
  })

  app.get('/api/datasets/:id/csv', requireRole(auth, 'viewer'), (c) => {
    const id = c.req.param('id')
    const raw = DatasetCsvQuerySchema.parse(c.req.query()).raw === '1'
    const { name, bytes, sha256 } =
      id === DEMO_DATASET.id
        ? { name: DEMO_DATASET.name, ...demoCsv() }
        : { ...requireDataset(id), bytes: store.datasets.csv(id) ?? Buffer.alloc(0) }
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

  app.get('/api/models/:id/reference-dataset', requireRole(auth, 'viewer'), (c) => {
    const modelId = c.req.param('id')
    requireModel(ctx, modelId)
    const choice = store.datasets.referenceOf(modelId)
    return c.json(
      choice === null
        ? { modelId, datasetId: DEMO_DATASET.id, chosenAt: null, chosenBy: null }
        : { ...choice, chosenAt: new Date(choice.chosenAt).toISOString() },
    )
  })

  app.put(
    '/api/models/:id/reference-dataset',
    requireRole(auth, 'analyst'),
    bodyLimit({ maxSize: 16 * 1024 }),
    async (c) => {
      const modelId = c.req.param('id')
      const { datasetId } = await readJsonBody(c, ReferenceDatasetBodySchema)
      requireModel(ctx, modelId)
      if (datasetId !== DEMO_DATASET.id) requireDataset(datasetId)
      const identity = c.get('identity')
      const choice = {
        modelId,
        datasetId,
        chosenAt: Date.now(),
        chosenBy: { id: identity.id, name: identity.name },
      }
      workflow.commit((record) => {
        if (datasetId === DEMO_DATASET.id) store.datasets.clearReference(modelId)
        else store.datasets.setReference(choice)
        record({
          at: choice.chosenAt,
          actor: choice.chosenBy,
          action: AUDIT_ACTIONS.referenceChosen,
          modelId,
          details: { datasetId },
        })
      })
      return c.json({ ...choice, chosenAt: new Date(choice.chosenAt).toISOString() })
    },
  )

  return app
}

/** A name safe inside a Content-Disposition header. */
function fileNameOf(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100) || 'dataset'
}
