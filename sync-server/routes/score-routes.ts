import { Hono, type MiddlewareHandler } from 'hono'
import { scoreLeads } from '../../engine/score-lead.ts'
import type { AppEnv } from '../http/app-env.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import { orProblem, problemOf, ProblemError } from '../http/problem.ts'
import { requireRole } from '../http/require-role.ts'
import { ScoreQuerySchema } from '../../shared/score-api-schemas.ts'
import { checkModel } from '../models/check-model.ts'
import { findProduction, findSnapshot } from '../promotion/find-workflow-records.ts'
import type { CompiledSnapshot } from '../scoring/compiled-models.ts'
import { createRateLimiter } from '../http/create-rate-limiter.ts'
import { readBodyText } from '../http/read-body-text.ts'
import { readScoreBody } from '../http/read-score-body.ts'
import type { RouteDeps } from './route-deps.ts'

/**
 * `POST /api/score/:modelId {leads, asOf?}`: scores leads with the production model (or with a
 * snapshot, `?snapshot=<id>`), compiled once per snapshot. Any signed-in role; each user is rate
 * limited (429 with Retry-After), and batches and bodies are bounded (413). Leads scored with
 * production are shadow-scored by the model's pending requests, off the response path.
 */
export function scoreRoutes({ auth, store, catalog, workflow }: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { options } = workflow
  const limiter = createRateLimiter({
    perSecond: options.scoreRatePerSecond,
    burst: options.scoreBurst,
  })
  const rateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
    // requireRole ran first and verified the token: the bucket is its user's, so spelling the
    // same token differently (spaces, a non-canonical base64url tail) or minting another one
    // for the same user never opens a fresh bucket.
    const decision = limiter.take(c.get('identity').id, Date.now())
    if (!decision.ok) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000))
      throw new ProblemError(
        429,
        PROBLEM_CODES.rateLimited,
        `Too many scoring requests for this user; retry in ${seconds} s.`,
        {},
        { 'retry-after': String(seconds) },
      )
    }
    await next()
  }

  app.post('/:modelId', requireRole(auth, 'viewer'), rateLimit, async (c) => {
    const now = Date.now()
    const modelId = c.req.param('modelId')
    const { snapshot: snapshotId } = ScoreQuerySchema.parse(c.req.query())
    const text = await readBodyText(c, options.maxScoreBodyBytes)
    const { leads, asOf } = readScoreBody(parseJson(text), options.maxScoreLeads, now)
    const missing = await checkModel(catalog, modelId)
    if (missing !== null) throw problemOf(missing)
    let version: number | null = null
    let target: CompiledSnapshot & { snapshotId: string }
    const compile = async (id: string) =>
      orProblem(await workflow.compiled.get(modelId, id, () => findSnapshot(store, modelId, id)))
    if (snapshotId === undefined) {
      const current = orProblem(await findProduction(store, modelId))
      version = current.version
      target = { snapshotId: current.snapshotId, ...(await compile(current.snapshotId)) }
    } else {
      target = { snapshotId, ...(await compile(snapshotId)) }
    }
    const results = scoreLeads(target.compiled, leads, { asOf })
    const answer = c.json({
      modelId,
      version,
      snapshotId: target.snapshotId,
      hash: target.hash,
      asOf: new Date(asOf).toISOString(),
      results,
    })
    // After the answer is made: the shadow only queues the leads and scores them later.
    if (snapshotId === undefined) workflow.shadow.observe(modelId, leads, asOf, results)
    return answer
  })

  return app
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new ProblemError(400, PROBLEM_CODES.badJson, 'The request body is not valid JSON.')
  }
}
