import type { ReactiveController, ReactiveControllerHost } from 'lit'

/** The app's pages: `/` lists models, `/models/<id>` edits one, `…/branches/<name>` a branch of it. */
export type Route =
  | { name: 'models' }
  | { name: 'editor'; modelId: string }
  | { name: 'branch'; modelId: string; branchName: string }
  | { name: 'not-found'; path: string }

/** The route of a path. */
export function routeOf(pathname: string): Route {
  if (pathname === '/' || pathname === '' || pathname === '/index.html') return { name: 'models' }
  const match = /^\/models\/([^/]+)(?:\/branches\/([^/]+))?\/?$/.exec(pathname)
  if (match) {
    try {
      const modelId = decodeURIComponent(match[1] as string)
      if (match[2] === undefined) return { name: 'editor', modelId }
      return { name: 'branch', modelId, branchName: decodeURIComponent(match[2]) }
    } catch {
      // A malformed escape in the address: no model or branch has that name.
    }
  }
  return { name: 'not-found', path: pathname }
}

/** The path of a model's editor. */
export function editorPath(modelId: string): string {
  return `/models/${encodeURIComponent(modelId)}`
}

/** The path of the editor of a model's branch. */
export function branchPath(modelId: string, branchName: string): string {
  return `${editorPath(modelId)}/branches/${encodeURIComponent(branchName)}`
}

/**
 * Owns the current route: follows the history (back/forward) and turns clicks on same-origin links
 * inside the app into history entries instead of page loads.
 */
export class RouteController implements ReactiveController {
  route: Route = routeOf(location.pathname)

  private readonly onPopState = () => this.update()
  private readonly onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    const anchor = event
      .composedPath()
      .find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement)
    if (!anchor || anchor.target !== '' || anchor.hasAttribute('download')) return
    const url = new URL(anchor.href, location.href)
    if (url.origin !== location.origin || routeOf(url.pathname).name === 'not-found') return
    event.preventDefault()
    this.navigate(url.pathname + url.search + url.hash)
  }

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this)
  }

  /** Goes to `path`; `replace` rewrites the current history entry instead of adding one. */
  navigate(path: string, replace = false): void {
    if (replace) history.replaceState(null, '', path)
    else history.pushState(null, '', path)
    this.update()
  }

  hostConnected(): void {
    window.addEventListener('popstate', this.onPopState)
    this.host.addEventListener('click', this.onClick)
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.onPopState)
    this.host.removeEventListener('click', this.onClick)
  }

  private update(): void {
    this.route = routeOf(location.pathname)
    this.host.requestUpdate()
  }
}
