import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import {
  BranchRequestSchema,
  MergeQuerySchema,
  type BranchRecord,
  type BranchSummary,
} from '../../shared/branch-api-schemas.ts'
import { failure } from '../../shared/outcome.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import type { BranchContext } from '../branches/branch-context.ts'
import { createBranch } from '../branches/create-branch.ts'
import { deleteBranch } from '../branches/delete-branch.ts'
import { mergeBranch, readMergeUpdate } from '../branches/merge-branch.ts'
import type { AppEnv } from '../http/app-env.ts'
import { pathParam } from '../http/path-param.ts'
import { orProblem, problemOf } from '../http/problem.ts'
import { readJsonBody } from '../http/read-json-body.ts'
import { requireRole } from '../http/require-role.ts'
import { checkModel } from '../models/check-model.ts'
import type { Branch, BranchWithSeqs } from '../store/branch-store.ts'
import type { RouteDeps } from './route-deps.ts'

/** `/api/models/:id/branches`: fork the draft (or a snapshot), list, merge back, delete. */
export function branchRoutes({ auth, store, rooms, catalog, workflow }: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const context: BranchContext = { store, rooms, workflow }
  const requireModel = async (id: string) => {
    const missing = await checkModel(catalog, id)
    if (missing !== null) throw problemOf(missing)
  }
  const requireBranch = async (id: string, name: string): Promise<BranchWithSeqs> => {
    await requireModel(id)
    const branch = await store.branches.get(id, name)
    if (branch === null) {
      throw problemOf(
        failure(PROBLEM_CODES.branchNotFound, `Model "${id}" has no branch named "${name}".`),
      )
    }
    return branch
  }

  app.post('/', requireRole(auth, 'analyst'), bodyLimit({ maxSize: 16 * 1024 }), async (c) => {
    const modelId = pathParam(c, 'id')
    const { name, from } = await readJsonBody(c, BranchRequestSchema)
    await requireModel(modelId)
    const branch = orProblem(
      await createBranch(context, { modelId, name, from, actor: c.get('identity') }),
    )
    return c.json(toRecord(branch), 201)
  })

  app.get('/', requireRole(auth, 'viewer'), async (c) => {
    const modelId = pathParam(c, 'id')
    await requireModel(modelId)
    return c.json({ branches: (await store.branches.list(modelId)).map(toSummary) })
  })

  app.get('/:name', requireRole(auth, 'viewer'), async (c) =>
    c.json(toSummary(await requireBranch(pathParam(c, 'id'), pathParam(c, 'name')))),
  )

  app.post('/:name/merge', requireRole(auth, 'analyst'), async (c) => {
    const { dryRun } = MergeQuerySchema.parse(c.req.query())
    const branch = await requireBranch(pathParam(c, 'id'), pathParam(c, 'name'))
    const dry = dryRun === '1' || dryRun === 'true'
    return c.json(await mergeBranch(context, branch, c.get('identity'), dry))
  })

  app.get('/:name/merge-update', requireRole(auth, 'analyst'), async (c) => {
    const branch = await requireBranch(pathParam(c, 'id'), pathParam(c, 'name'))
    const update = await readMergeUpdate(context, branch)
    return c.body(new Uint8Array(update), 200, {
      'content-type': 'application/octet-stream',
      'cache-control': 'no-store',
    })
  })

  app.delete('/:name', requireRole(auth, 'analyst'), async (c) => {
    const branch = await requireBranch(pathParam(c, 'id'), pathParam(c, 'name'))
    orProblem(await deleteBranch(context, branch, c.get('identity')))
    return c.body(null, 204)
  })

  return app
}

function toRecord(branch: Branch): BranchRecord {
  return {
    branchId: branch.branchId,
    modelId: branch.modelId,
    name: branch.name,
    forkedAt: new Date(branch.forkedAt).toISOString(),
    forkedBy: branch.forkedBy,
    from: branch.from,
  }
}

function toSummary(branch: BranchWithSeqs): BranchSummary {
  return {
    ...toRecord(branch),
    branchChanges: Math.max(0, branch.branchSeq - branch.forkBranchSeq),
    draftChanges: Math.max(0, branch.draftSeq - branch.forkDraftSeq),
  }
}
