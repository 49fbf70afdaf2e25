import { Hono, type MiddlewareHandler } from 'hono'
import { scoreLeads } from '../../engine/score-lead.ts'
import type { Auth } from '../auth/create-auth.ts'
import type { AppEnv } from '../http/app-env.ts'
import { PROBLEM_CODES, ProblemError } from '../http/problem.ts'
import { requireRole } from '../http/require-role.ts'
import { ScoreQuerySchema } from '../../shared/score-api-schemas.ts'
import type { CompiledSnapshot } from '../promotion/compiled-models.ts'
import { createRateLimiter } from '../promotion/create-rate-limiter.ts'
import { readBodyText } from '../promotion/read-body-text.ts'
import { readScoreBody } from '../promotion/read-score-body.ts'
import { requireModel, requireSnapshot } from '../promotion/require-found.ts'
import { requireProduction } from '../promotion/roll-back-production.ts'
import type { WorkflowContext } from '../promotion/workflow-context.ts'

/**
 * `POST /api/score/:modelId {leads, asOf?}`: scores leads with the production model (or with a
 * snapshot, `?snapshot=<id>`), compiled once per snapshot. Any signed-in role; each user is rate
 * limited (429 with Retry-After), and batches and bodies are bounded (413).
 */
export function scoreRoutes(auth: Auth, ctx: WorkflowContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { workflow } = ctx
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

  app.post('/api/score/:modelId', requireRole(auth, 'viewer'), rateLimit, async (c) => {
    const now = Date.now()
    const modelId = c.req.param('modelId')
    const { snapshot: snapshotId } = ScoreQuerySchema.parse(c.req.query())
    const text = await readBodyText(c, options.maxScoreBodyBytes)
    const { leads, asOf } = readScoreBody(parseJson(text), options.maxScoreLeads, now)
    let version: number | null = null
    let target: CompiledSnapshot & { snapshotId: string }
    if (snapshotId === undefined) {
      const current = requireProduction(ctx, modelId)
      version = current.version
      target = {
        snapshotId: current.snapshotId,
        ...workflow.compiled.get(modelId, current.snapshotId, () =>
          requireSnapshot(ctx, modelId, current.snapshotId),
        ),
      }
    } else {
      requireModel(ctx, modelId)
      target = {
        snapshotId,
        ...workflow.compiled.get(modelId, snapshotId, () =>
          requireSnapshot(ctx, modelId, snapshotId),
        ),
      }
    }
    return c.json({
      modelId,
      version,
      snapshotId: target.snapshotId,
      hash: target.hash,
      asOf: new Date(asOf).toISOString(),
      results: scoreLeads(target.compiled, leads, { asOf }),
    })
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
