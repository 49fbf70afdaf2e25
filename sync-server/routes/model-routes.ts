import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { validateModel, type ValidationResult } from '../../engine/validate-model.ts'
import { FINDING_CODES } from '../../shared/finding-codes.ts'
import type { Finding } from '../../shared/finding-schema.ts'
import { writeModel } from '../../shared/model-doc.ts'
import type { Model } from '../../shared/model-schema.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import type { AppEnv } from '../http/app-env.ts'
import { problemOf, ProblemError } from '../http/problem.ts'
import { readJson } from '../http/read-json-body.ts'
import { requireRole } from '../http/require-role.ts'
import { checkModel } from '../models/check-model.ts'
import { readDraft } from '../models/read-draft.ts'
import { commitOrFail, SERVER_ORIGIN } from '../sync/commit-or-fail.ts'
import type { RouteDeps } from './route-deps.ts'

export const MAX_BODY_BYTES = 1024 * 1024

/** `/api/models`: import a model as a new doc, replace a draft, list models, read one draft with its findings. */
export function modelRoutes({ auth, rooms, catalog }: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const requireModel = async (id: string) => {
    const missing = await checkModel(catalog, id)
    if (missing !== null) throw problemOf(missing)
  }

  app.post('/', requireRole(auth, 'analyst'), bodyLimit({ maxSize: MAX_BODY_BYTES }), async (c) => {
    const { model, findings } = holdableModel(validateModel(await readJson(c)))
    if (await catalog.exists(model.id)) {
      throw new ProblemError(
        409,
        PROBLEM_CODES.modelExists,
        `A model with id "${model.id}" exists.`,
      )
    }
    const identity = c.get('identity')
    await rooms.use(model.id, (room) =>
      commitOrFail(room, identity, SERVER_ORIGIN, () => writeModel(room.doc, model, SERVER_ORIGIN)),
    )
    return c.json({ model, findings }, 201)
  })

  // Models as code: a pipeline pushes the whole model; only fields whose value differs are
  // written, in one change attributed to the caller, so an unchanged field never overrides a
  // co-editor's concurrent edit of it.
  app.put(
    '/:id',
    requireRole(auth, 'analyst'),
    bodyLimit({ maxSize: MAX_BODY_BYTES }),
    async (c) => {
      const id = c.req.param('id')
      await requireModel(id)
      const { model, findings } = holdableModel(validateModel(await readJson(c)))
      if (model.id !== id) {
        throw new ProblemError(
          422,
          PROBLEM_CODES.invalidModel,
          'The model id is not the one in the URL.',
          {
            findings: [
              {
                code: FINDING_CODES.schema,
                severity: 'error',
                path: ['id'],
                message: `The model's id is "${model.id}", but it is sent to "${id}".`,
                hint: `Set "id" to "${id}", or send it to /api/models/${model.id}.`,
              },
            ],
          },
        )
      }
      const identity = c.get('identity')
      const changes = await rooms.use(id, (room) =>
        commitOrFail(room, identity, SERVER_ORIGIN, () =>
          writeModel(room.doc, model, SERVER_ORIGIN),
        ),
      )
      return c.json({ model, findings, changes })
    },
  )

  app.get('/', requireRole(auth, 'viewer'), async (c) => c.json({ models: await catalog.list() }))

  app.get('/:id', requireRole(auth, 'viewer'), async (c) => {
    const id = c.req.param('id')
    await requireModel(id)
    const draft = await rooms.use(id, readDraft)
    return c.json({ id, model: draft.model, draft: draft.input, findings: draft.findings })
  })

  return app
}

/** A model the doc can hold: it matches the schema and its factor ids are unique; else 422. */
function holdableModel(validation: ValidationResult): { model: Model; findings: Finding[] } {
  if (validation.model === null) {
    throw new ProblemError(
      422,
      PROBLEM_CODES.invalidModel,
      'The model does not match the schema.',
      {
        findings: validation.findings,
      },
    )
  }
  const duplicates = validation.findings.filter((f) => f.code === FINDING_CODES.duplicateFactorId)
  if (duplicates.length > 0) {
    // The doc keys factors by id, so a model with duplicate ids cannot be held as a draft.
    throw new ProblemError(422, PROBLEM_CODES.invalidModel, 'Factor ids must be unique.', {
      findings: duplicates,
    })
  }
  return { model: validation.model, findings: validation.findings }
}
