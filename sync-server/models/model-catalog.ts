import type { ModelSummary } from '../../shared/model-api-schemas.ts'
import type { Store } from '../store/store.ts'
import type { Rooms } from '../sync/create-rooms.ts'
import { readDraft } from './read-draft.ts'

export interface ModelCatalog {
  /** True when the server holds a doc of that id (stored, or live with content). */
  exists(id: string): Promise<boolean>
  /** 'model' when the server holds a model of that id, 'branch' for a branch's doc, else null. */
  kindOf(id: string): Promise<'model' | 'branch' | null>
  /** Every stored model (branches aside) with its name, finding counts and production version. */
  list(): Promise<ModelSummary[]>
}

/**
 * Lists models. A summary needs the doc decoded and validated, so it is cached per doc and
 * recomputed only when the doc's last stored update changed.
 */
export function createModelCatalog(store: Store, rooms: Rooms): ModelCatalog {
  type DraftSummary = Omit<ModelSummary, 'productionVersion'>
  const cache = new Map<string, { lastSeq: number; summary: DraftSummary }>()
  // A doc found to be a model stays one (a branch gets a fresh id when forked), so only the first
  // lookup of a model asks whether it is a branch's.
  const models = new Set<string>()
  const exists = async (id: string) =>
    rooms.peek(id)?.hasContent === true || (await store.docs.has(id))
  return {
    exists,
    async kindOf(id) {
      if (models.has(id)) return 'model'
      if (!(await exists(id))) return null
      if (await store.branches.isBranchDoc(id)) return 'branch'
      models.add(id)
      return 'model'
    },
    async list() {
      const production = await store.production.currentVersions()
      const withProduction = (summary: DraftSummary): ModelSummary => ({
        ...summary,
        productionVersion: production.get(summary.id) ?? null,
      })
      const summaries: ModelSummary[] = []
      // A branch's doc is stored like a model's, but it is listed under its model, not as one.
      const branches = new Set(await store.branches.docIds())
      for (const row of await store.docs.list()) {
        if (branches.has(row.id)) continue
        const cached = cache.get(row.id)
        if (cached !== undefined && cached.lastSeq === row.lastSeq) {
          summaries.push(withProduction(cached.summary))
          continue
        }
        const draft = await rooms.use(row.id, readDraft)
        const name = (draft.input as { name?: unknown }).name
        const summary: DraftSummary = {
          id: row.id,
          name: typeof name === 'string' ? name : null,
          updatedAt: new Date(row.updatedAt).toISOString(),
          errors: draft.findings.filter((f) => f.severity === 'error').length,
          warnings: draft.findings.filter((f) => f.severity === 'warning').length,
        }
        cache.set(row.id, { lastSeq: row.lastSeq, summary })
        summaries.push(withProduction(summary))
      }
      return summaries
    },
  }
}
