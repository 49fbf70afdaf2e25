import { html, nothing, type TemplateResult } from 'lit'
import { tokenFromPaste } from '../auth/token-store.ts'
import { LightElement } from './light-element.ts'

/** Fired with a pasted token: `detail` {token}. */
export const SIGN_IN_EVENT = 'sp-sign-in'

/** Explains how to get a token and accepts a pasted one (or a pasted sign-in link). */
export class SpSignIn extends LightElement {
  static override properties = {
    message: { attribute: false },
  }

  /** Why sign-in is needed again (an expired or refused token), if it is. */
  declare message: string | null
  private invalid = false

  constructor() {
    super()
    this.message = null
  }

  override render(): TemplateResult {
    return html`<section class="sign-in" aria-labelledby="sp-sign-in-title">
      <h1 id="sp-sign-in-title">Sign in to Scoring Playground</h1>
      ${
        this.message
          ? html`<p class="notice error" role="alert">Your sign-in was refused: ${this.message}</p>`
          : nothing
      }
      <p>This app signs you in with a token. To get one:</p>
      <ul>
        <li>
          open the sign-in link that <code>npm start</code> prints when the server starts (it ends
          in <code>#token=…</code>), or
        </li>
        <li>
          ask whoever runs the server for a link, or mint a token on the server machine:
          <code>npx scoring token --user you --name "Your Name" --role analyst</code>
        </li>
      </ul>
      <form @submit=${this.onSubmit}>
        <label
          >Token or sign-in link
          <textarea
            name="token"
            rows="3"
            required
            spellcheck="false"
            autocomplete="off"
            aria-invalid=${this.invalid ? 'true' : 'false'}
          ></textarea>
        </label>
        ${
          this.invalid
            ? html`<p class="notice error" role="alert">
                That is neither a token nor a sign-in link.
              </p>`
            : nothing
        }
        <button class="primary">Sign in</button>
      </form>
    </section>`
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault()
    const text = (new FormData(event.target as HTMLFormElement).get('token') as string | null) ?? ''
    const token = tokenFromPaste(text)
    this.invalid = token === null
    this.requestUpdate()
    if (token !== null) {
      this.dispatchEvent(new CustomEvent(SIGN_IN_EVENT, { detail: { token }, bubbles: true }))
    }
  }
}

customElements.define('sp-sign-in', SpSignIn)

declare global {
  interface HTMLElementTagNameMap {
    'sp-sign-in': SpSignIn
  }
}
