import { html, nothing, type TemplateResult } from 'lit'
import { LightElement } from './light-element.ts'

/**
 * Shows failures nothing else handled (uncaught errors, unhandled rejections such as a storage
 * write failing), so they are seen rather than lost in the console.
 */
export class SpErrorBanner extends LightElement {
  private messages: string[] = []
  private readonly onError = (event: ErrorEvent) => this.add(event.message || String(event.error))
  private readonly onRejection = (event: PromiseRejectionEvent) => {
    const reason = event.reason as unknown
    this.add(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason))
  }

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener('error', this.onError)
    window.addEventListener('unhandledrejection', this.onRejection)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener('error', this.onError)
    window.removeEventListener('unhandledrejection', this.onRejection)
  }

  override render(): TemplateResult | typeof nothing {
    if (this.messages.length === 0) return nothing
    return html`<div class="notice error error-banner" role="alert">
      <strong>Something went wrong.</strong>
      <ul>
        ${this.messages.map((m) => html`<li>${m}</li>`)}
      </ul>
      <button type="button" @click=${this.clear}>Dismiss</button>
    </div>`
  }

  private add(message: string): void {
    // The same failure repeating (e.g. every write) is shown once.
    if (this.messages.includes(message)) return
    this.messages = [...this.messages, message].slice(-5)
    this.requestUpdate()
  }

  private clear(): void {
    this.messages = []
    this.requestUpdate()
  }
}

customElements.define('sp-error-banner', SpErrorBanner)

declare global {
  interface HTMLElementTagNameMap {
    'sp-error-banner': SpErrorBanner
  }
}
