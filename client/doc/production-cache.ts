/** What is kept of a production version: its number and model. */
interface ProductionModel {
  version: number
  model: unknown
}

const PREFIX = 'scoring-playground:production:'

/** The production model last seen for a model id, so the offline impact preview compares with it. */
export function readCachedProduction(
  modelId: string,
): (ProductionModel & { seenAt: number }) | null {
  try {
    const value = JSON.parse(localStorage.getItem(PREFIX + modelId) ?? 'null') as unknown
    if (typeof value !== 'object' || value === null) return null
    const { version, model, seenAt } = value as Record<string, unknown>
    if (typeof version !== 'number' || typeof seenAt !== 'number' || model === undefined)
      return null
    return { version, model, seenAt }
  } catch {
    // An unreadable cache is no cache: the preview compares with the model as opened.
    return null
  }
}

/** Remembers the production model seen now. */
export function cacheProduction(modelId: string, production: ProductionModel, now: number): void {
  try {
    localStorage.setItem(PREFIX + modelId, JSON.stringify({ ...production, seenAt: now }))
  } catch {
    // Storage unavailable or full: offline previews then compare with the model as opened.
  }
}
