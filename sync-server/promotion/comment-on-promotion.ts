import { createHash } from 'node:crypto'
import { success, type Outcome } from '../../shared/outcome.ts'
import type { Identity } from '../../shared/identity-schema.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'
import type { PromotionComment } from '../store/promotion-comment-store.ts'
import { findPromotion } from './find-workflow-records.ts'
import type { WorkflowContext } from './workflow-context.ts'

/** How much of a comment its audit entry (and so its event and webhook body) repeats. */
export const COMMENT_EXCERPT_CHARS = 200

/**
 * Adds a comment to a request, pending or decided (a decision can be discussed afterwards), with
 * its audit entry, event and webhook deliveries in the same transaction. The audit entry carries
 * the comment's length, an excerpt and the sha256 of its text, not the whole text: the log is
 * kept forever and copied into every event stream and webhook delivery, while the comment itself
 * is kept as written in its own table, which the hash ties the entry to.
 */
export function commentOnPromotion(
  { workflow }: WorkflowContext,
  requestId: string,
  body: string,
  identity: Identity,
): Promise<Outcome<PromotionComment>> {
  return workflow.commit(async (tx, record) => {
    const found = await findPromotion(tx, requestId)
    if (!found.ok) return found
    const request = found.value
    const comment = await tx.comments.insert({
      requestId: request.id,
      author: { id: identity.id, name: identity.name },
      at: workflow.options.now(),
      body,
    })
    const excerpt = [...body].slice(0, COMMENT_EXCERPT_CHARS).join('')
    await record({
      at: comment.at,
      actor: comment.author,
      action: WORKFLOW_EVENTS.commented,
      modelId: request.modelId,
      details: {
        requestId: request.id,
        commentId: comment.id,
        length: body.length,
        excerpt: excerpt === body ? body : `${excerpt}…`,
        sha256: createHash('sha256').update(body).digest('hex'),
      },
    })
    return success(comment)
  })
}
