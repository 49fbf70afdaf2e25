import { html, nothing, type TemplateResult } from 'lit'
import { AuthController, TOKEN_EXPIRED_CLOSE_CODE } from '../controllers/auth-controller.ts'
import { RouteController } from '../controllers/route-controller.ts'
import { syncUrlFor } from '../doc/sync-url.ts'
import { LightElement } from './light-element.ts'
import './sp-editor-page.ts'
import './sp-error-banner.ts'
import './sp-models-page.ts'
import './sp-sign-in.ts'

/**
 * The app: sign-in, then the models list (`/`), a model's editor (`/models/<id>`, `?merge=<branch>`
 * to merge a branch as confirmed on its page) or a branch's (`/models/<id>/branches/<name>`).
 */
export class SpApp extends LightElement {
  private readonly auth = new AuthController(this)
  private readonly router = new RouteController(this)

  override render(): TemplateResult {
    const state = this.auth.state
    return html`
      <header class="app-header">
        <a class="brand" href="/">Scoring Playground</a>
        ${
          this.auth.identity
            ? html`<span class="whoami"
                  >${this.auth.identity.name} <small>(${this.auth.identity.role})</small></span
                >
                <button type="button" @click=${() => this.auth.signOut()}>Sign out</button>`
            : nothing
        }
      </header>
      <main
        @sp-navigate=${this.onNavigate}
        @sp-sign-in=${this.onSignIn}
        @sp-socket-closed=${(e: CustomEvent<{ code: number | null }>) => {
          if (e.detail.code === TOKEN_EXPIRED_CLOSE_CODE) this.auth.tokenExpired()
          else this.auth.recheck()
        }}
        @sp-sync-state=${(e: CustomEvent<{ state: string }>) => {
          if (e.detail.state === 'online') this.auth.serverReached()
        }}
      >
        <sp-error-banner></sp-error-banner>
        ${
          this.auth.linkProblem
            ? html`<p class="notice error" role="alert" data-link-problem>
                ${this.auth.linkProblem}
              </p>`
            : nothing
        }
        ${
          state.status === 'unverified'
            ? html`<p class="notice warning" role="status" data-auth-state="unverified">
                Working from this browser's copy: ${state.message}
              </p>`
            : nothing
        }
        ${this.renderPage()}
      </main>
    `
  }

  private renderPage(): TemplateResult {
    const state = this.auth.state
    if (state.status === 'signed-out') return html`<sp-sign-in></sp-sign-in>`
    if (state.status === 'expired') return html`<sp-sign-in .message=${state.message}></sp-sign-in>`
    const route = this.router.route
    switch (route.name) {
      case 'models':
        return html`<sp-models-page
          .token=${state.token}
          .identity=${this.auth.identity}
        ></sp-models-page>`
      case 'editor':
        return html`<sp-editor-page
          .modelId=${route.modelId}
          .token=${state.token}
          .identity=${this.auth.identity}
          .syncUrl=${syncUrlFor(location)}
          .mergeBranch=${new URLSearchParams(location.search).get('merge')}
        ></sp-editor-page>`
      case 'branch':
        return html`<sp-editor-page
          .modelId=${route.modelId}
          .branchName=${route.branchName}
          .token=${state.token}
          .identity=${this.auth.identity}
          .syncUrl=${syncUrlFor(location)}
        ></sp-editor-page>`
      case 'not-found':
        return html`<h1>Not found</h1>
          <p>There is no page at <code>${route.path}</code>. <a href="/">See all models</a>.</p>`
    }
  }

  private onNavigate(event: CustomEvent<{ path: string; replace?: boolean }>): void {
    this.router.navigate(event.detail.path, event.detail.replace === true)
  }

  private onSignIn(event: CustomEvent<{ token: string }>): void {
    void this.auth.signIn(event.detail.token)
  }
}

customElements.define('sp-app', SpApp)

declare global {
  interface HTMLElementTagNameMap {
    'sp-app': SpApp
  }
}
