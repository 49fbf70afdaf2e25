import { html, type TemplateResult } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import {
  MAX_COMMENT_CHARS,
  type PromotionCommentRecord,
} from '../../shared/promotion-api-schemas.ts'
import { formatTime } from './format-time.ts'
import { LightElement } from './light-element.ts'

/** Fired to comment on a promotion request, with the trimmed text. */
export const COMMENT_PROMOTION_EVENT = 'sp-comment-promotion'

/**
 * The review thread of one promotion request: its comments oldest first, each with who wrote it
 * and when, and a box to add one. New comments from others show up in place; what the user is
 * typing stays untouched.
 */
export class SpCommentThread extends LightElement {
  static override properties = {
    requestId: { type: String, attribute: 'request-id' },
    comments: { attribute: false },
    busy: { type: Boolean },
  }

  declare requestId: string
  declare comments: readonly PromotionCommentRecord[]
  declare busy: boolean

  constructor() {
    super()
    this.requestId = ''
    this.comments = []
    this.busy = false
  }

  override render(): TemplateResult {
    const label = `Comments (${this.comments.length})`
    return html`<section class="comments" aria-label=${label}>
      <h4>${label}</h4>
      <ol class="comment-list">
        ${repeat(
          this.comments,
          (c) => c.id,
          (c) =>
            html`<li data-comment-id=${c.id} data-author=${c.author.id}>
              <span class="meta"
                ><strong>${c.author.name}</strong>,
                <time datetime=${c.at}>${formatTime(c.at)}</time></span
              >
              <p class="comment-body">${c.body}</p>
            </li>`,
        )}
      </ol>
      <form class="comment-form" @submit=${this.onSubmit}>
        <label
          >Comment <textarea name="comment-body" rows="2" maxlength=${MAX_COMMENT_CHARS}></textarea>
        </label>
        <button type="submit" name="comment" ?disabled=${this.busy}>Comment</button>
      </form>
    </section>`
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault()
    const box = (event.currentTarget as HTMLFormElement).elements.namedItem(
      'comment-body',
    ) as HTMLTextAreaElement
    const body = box.value.trim()
    if (body === '') {
      // The server refuses an empty comment; say so here, before anything is sent.
      box.setCustomValidity('Write a comment first.')
      box.reportValidity()
      box.addEventListener('input', () => box.setCustomValidity(''), { once: true })
      return
    }
    this.dispatchEvent(
      new CustomEvent(COMMENT_PROMOTION_EVENT, {
        detail: { promotionId: this.requestId, body },
        bubbles: true,
      }),
    )
    box.value = ''
  }
}

customElements.define('sp-comment-thread', SpCommentThread)

declare global {
  interface HTMLElementTagNameMap {
    'sp-comment-thread': SpCommentThread
  }
  interface HTMLElementEventMap {
    [COMMENT_PROMOTION_EVENT]: CustomEvent<{ promotionId: string; body: string }>
  }
}
