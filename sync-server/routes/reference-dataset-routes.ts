import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { success } from '../../shared/outcome.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import { DEMO_DATASET } from '../datasets/demo-dataset.ts'
import type { AppEnv } from '../http/app-env.ts'
import { pathParam } from '../http/path-param.ts'
import { problemOf, ProblemError } from '../http/problem.ts'
import { readJsonBody } from '../http/read-json-body.ts'
import { requireRole } from '../http/require-role.ts'
import { checkModel } from '../models/check-model.ts'
import { ReferenceDatasetBodySchema } from '../../shared/dataset-api-schemas.ts'
import { AUDIT_ACTIONS } from '../promotion/workflow-events.ts'
import type { RouteDeps } from './route-deps.ts'

/**
 * `/api/models/:id/reference-dataset`: the dataset a model's promotions are judged on (the demo
 * leads until one is chosen); analysts choose it.
 */
export function referenceDatasetRoutes({
  auth,
  store,
  catalog,
  workflow,
}: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const requireModel = async (modelId: string) => {
    const missing = await checkModel(catalog, modelId)
    if (missing !== null) throw problemOf(missing)
  }

  app.get('/', requireRole(auth, 'viewer'), async (c) => {
    const modelId = pathParam(c, 'id')
    await requireModel(modelId)
    const choice = await store.datasets.referenceOf(modelId)
    return c.json(
      choice === null
        ? { modelId, datasetId: DEMO_DATASET.id, chosenAt: null, chosenBy: null }
        : { ...choice, chosenAt: new Date(choice.chosenAt).toISOString() },
    )
  })

  app.put('/', requireRole(auth, 'analyst'), bodyLimit({ maxSize: 16 * 1024 }), async (c) => {
    const modelId = pathParam(c, 'id')
    const { datasetId } = await readJsonBody(c, ReferenceDatasetBodySchema)
    await requireModel(modelId)
    if (datasetId !== DEMO_DATASET.id && (await store.datasets.get(datasetId)) === null) {
      throw new ProblemError(
        404,
        PROBLEM_CODES.datasetNotFound,
        `There is no dataset "${datasetId}".`,
      )
    }
    const identity = c.get('identity')
    const choice = {
      modelId,
      datasetId,
      chosenAt: Date.now(),
      chosenBy: { id: identity.id, name: identity.name },
    }
    await workflow.commit(async (tx, record) => {
      if (datasetId === DEMO_DATASET.id) await tx.datasets.clearReference(modelId)
      else await tx.datasets.setReference(choice)
      await record({
        at: choice.chosenAt,
        actor: choice.chosenBy,
        action: AUDIT_ACTIONS.referenceChosen,
        modelId,
        details: { datasetId },
      })
      return success(null)
    })
    return c.json({ ...choice, chosenAt: new Date(choice.chosenAt).toISOString() })
  })

  return app
}
