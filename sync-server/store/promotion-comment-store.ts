import type { UserRef } from '../../shared/api-common-schemas.ts'

/** A comment on a promotion request; kept as written (comments are never edited or deleted). */
export interface PromotionComment {
  /** Ascending in the order the comments were added, over all requests. */
  id: number
  requestId: string
  author: UserRef
  at: number
  body: string
}

export type NewPromotionComment = Omit<PromotionComment, 'id'>

export interface PromotionCommentStore {
  /** Adds a comment after the others; returns it with its id. */
  insert(comment: NewPromotionComment): Promise<PromotionComment>
  /** The request's comments, oldest first. */
  list(requestId: string): Promise<PromotionComment[]>
}
