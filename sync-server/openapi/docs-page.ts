/**
 * The API reference page (`/api/docs`): a self-contained page that renders `/api/openapi.json`,
 * with no assets from a CDN, so it works offline. Like the app shell it holds no data; its script
 * fetches the document with the token the app stored (or one in the `#token=` fragment). A plain
 * link to `/api/openapi.json` would be 401 (a browser sends no bearer token on a navigation), so
 * the link is pointed at the document as fetched, a `blob:` URL of this page.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Scoring Playground API</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 62rem; padding: 1rem 1.5rem 4rem; color: #1d2330; }
  h1 { font-size: 1.6rem; margin-bottom: .2rem; }
  h2 { margin-top: 2rem; border-bottom: 1px solid #d8dce4; text-transform: capitalize; }
  details { border: 1px solid #d8dce4; border-radius: 6px; margin: .4rem 0; background: #fafbfc; }
  summary { cursor: pointer; padding: .45rem .7rem; display: flex; gap: .7rem; align-items: baseline; }
  .method { font: 600 12px ui-monospace, monospace; min-width: 4.2rem; text-align: center; color: #fff; border-radius: 4px; padding: 2px 4px; }
  .get { background: #2f6fb3; } .post { background: #2a8a4a; } .put { background: #b3772f; } .delete { background: #b33a2f; }
  code, pre { font: 13px ui-monospace, monospace; }
  pre { background: #fff; border: 1px solid #e3e6ec; padding: .6rem; overflow: auto; max-height: 24rem; margin: .3rem 0 .8rem; }
  .body { padding: 0 .9rem .6rem; }
  .muted { color: #5b6475; }
  #status { color: #9a3b2f; }
</style>
<h1>Scoring Playground API</h1>
<p class="muted">OpenAPI 3.1: <a id="spec" href="/api/openapi.json">/api/openapi.json</a> (send <code>Authorization: Bearer &lt;token&gt;</code>).</p>
<p id="status">Loading…</p>
<main id="ops"></main>
<script type="module">
  const KEY = 'scoring-playground:token'
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token')
  let token = fromHash
  try { token = fromHash || localStorage.getItem(KEY) } catch {}
  const status = document.getElementById('status')
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props)
    node.append(...children)
    return node
  }
  const json = (value) => el('pre', { textContent: JSON.stringify(value, null, 2) })
  const response = await fetch('/api/openapi.json', { headers: token ? { authorization: 'Bearer ' + token } : {} })
  if (!response.ok) {
    status.textContent = response.status === 401
      ? 'Sign in first: open the sign-in link the server printed, then come back to this page.'
      : 'Could not load the API description (HTTP ' + response.status + ').'
  } else {
    status.remove()
    const text = await response.text()
    document.getElementById('spec').href = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
    const doc = JSON.parse(text)
    const byTag = new Map()
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const tag = op.tags?.[0] ?? 'other'
        if (!byTag.has(tag)) byTag.set(tag, [])
        byTag.get(tag).push({ path, method, op })
      }
    }
    const main = document.getElementById('ops')
    for (const [tag, ops] of byTag) {
      main.append(el('h2', { textContent: tag }))
      for (const { path, method, op } of ops) {
        const body = el('div', { className: 'body' }, el('p', { className: 'muted', textContent: op.description ?? '' }))
        if (op.parameters?.length) body.append(el('h4', { textContent: 'Parameters' }), json(op.parameters))
        if (op.requestBody) body.append(el('h4', { textContent: 'Request body' }), json(op.requestBody.content))
        body.append(el('h4', { textContent: 'Responses' }), json(op.responses))
        main.append(el('details', {},
          el('summary', {}, el('span', { className: 'method ' + method, textContent: method.toUpperCase() }),
            el('code', { textContent: path }), el('span', { className: 'muted', textContent: op.summary ?? '' })),
          body))
      }
    }
  }
</script>
`
