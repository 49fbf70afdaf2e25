import type { ModelSummary } from '../../shared/model-api-schemas.ts'
import type { Store } from '../store/open-store.ts'
import type { Rooms } from '../sync/create-rooms.ts'
import { readDraft } from './read-draft.ts'

export interface ModelCatalog {
  /** True when the server holds a doc of that id (stored, or live with content). */
  exists(id: string): boolean
  /** Every stored model with its name, finding counts and production version. */
  list(): ModelSummary[]
}

/**
 * Lists models. A summary needs the doc decoded and validated, so it is cached per doc and
 * recomputed only when the doc's last stored update changed.
 */
export function createModelCatalog(store: Store, rooms: Rooms): ModelCatalog {
  type DraftSummary = Omit<ModelSummary, 'productionVersion'>
  const cache = new Map<string, { lastSeq: number; summary: DraftSummary }>()
  return {
    exists: (id) => store.docs.has(id) || rooms.peek(id)?.hasContent === true,
    list() {
      const production = store.production.currentVersions()
      const withProduction = (summary: DraftSummary): ModelSummary => ({
        ...summary,
        productionVersion: production.get(summary.id) ?? null,
      })
      return store.docs.list().map((row) => {
        const cached = cache.get(row.id)
        if (cached !== undefined && cached.lastSeq === row.lastSeq)
          return withProduction(cached.summary)
        const draft = rooms.use(row.id, readDraft)
        const name = (draft.input as { name?: unknown }).name
        const summary: DraftSummary = {
          id: row.id,
          name: typeof name === 'string' ? name : null,
          updatedAt: new Date(row.updatedAt).toISOString(),
          errors: draft.findings.filter((f) => f.severity === 'error').length,
          warnings: draft.findings.filter((f) => f.severity === 'warning').length,
        }
        cache.set(row.id, { lastSeq: row.lastSeq, summary })
        return withProduction(summary)
      })
    },
  }
}
