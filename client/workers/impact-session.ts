import { analyzeImpact } from '../../engine/analyze-impact.ts'
import { createColumnScorer, type ColumnScorer } from '../../engine/create-column-scorer.ts'
import type { LeadColumns } from '../../engine/lead-columns.ts'
import type { ImpactReport } from '../../shared/impact-schema.ts'
import { parseModelInput } from '../../shared/model-doc.ts'
import type { Model } from '../../shared/model-schema.ts'
import type { ModelRole } from './impact-messages.ts'

export type SetModelResult = { ok: true } | { ok: false; reason: string }

export interface ImpactRun {
  report: ImpactReport
  recomputed: string[]
  /** Time spent re-scoring the changed model(s), in ms (the incremental part). */
  rescoreMillis: number
  /** Time spent comparing the two scorings (ranks, histograms, movers), in ms. */
  analyzeMillis: number
}

/**
 * The worker's state: one dataset and a column scorer per model, kept between messages so that a
 * weight change re-scores with one dot product instead of recomputing every factor.
 */
export interface ImpactSession {
  loadData(data: LeadColumns, asOf: number): void
  /** Parses and stores a model; the next run re-scores it. */
  setModel(role: ModelRole, input: unknown): SetModelResult
  /** Re-scores what changed and compares draft with baseline; null until both and data exist. */
  run(topMovers?: number): ImpactRun | null
}

/** Creates the worker's scoring state. */
export function createImpactSession(): ImpactSession {
  let data: LeadColumns | null = null
  let asOf = 0
  const models: Record<ModelRole, Model | null> = { draft: null, baseline: null }
  const scorers: Record<ModelRole, ColumnScorer | null> = { draft: null, baseline: null }
  const dirty: Record<ModelRole, boolean> = { draft: false, baseline: false }

  function rescore(role: ModelRole, recomputed: string[]): ColumnScorer | null {
    const model = models[role]
    if (data === null || model === null) return null
    let scorer = scorers[role]
    if (scorer === null) {
      scorer = createColumnScorer(data, model, { asOf })
      scorers[role] = scorer
      recomputed.push(...model.factors.map((f) => f.id))
    } else if (dirty[role]) {
      recomputed.push(...scorer.update(model).recomputed)
    }
    dirty[role] = false
    return scorer
  }

  return {
    loadData(next, nextAsOf) {
      data = next
      asOf = nextAsOf
      scorers.draft = null
      scorers.baseline = null
    },
    setModel(role, input) {
      const parsed = parseModelInput(input)
      if (parsed.model === null) {
        const first = parsed.findings[0]
        return { ok: false, reason: first ? first.message : 'not a model' }
      }
      models[role] = parsed.model
      dirty[role] = true
      return { ok: true }
    },
    run(topMovers = 10) {
      const recomputed: string[] = []
      const started = performance.now()
      const baseline = rescore('baseline', recomputed)
      const draft = rescore('draft', recomputed)
      if (baseline === null || draft === null) return null
      const rescored = performance.now()
      const report = analyzeImpact(baseline, draft, { topMovers })
      return {
        report,
        recomputed,
        rescoreMillis: rescored - started,
        analyzeMillis: performance.now() - rescored,
      }
    },
  }
}
