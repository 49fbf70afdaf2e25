/** Models opened in this browser, so the list can offer them when the server cannot be reached. */
export interface RecentModel {
  id: string
  name: string
  openedAt: number
}

const KEY = 'scoring-playground:recent-models'
const LIMIT = 50

/** The models opened here, most recent first. */
export function readRecentModels(): RecentModel[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown
    if (!Array.isArray(parsed)) return []
    return parsed.filter(
      (m): m is RecentModel =>
        typeof m === 'object' &&
        m !== null &&
        typeof (m as RecentModel).id === 'string' &&
        typeof (m as RecentModel).name === 'string' &&
        typeof (m as RecentModel).openedAt === 'number',
    )
  } catch {
    // Unreadable or unavailable storage: no recent models to offer.
    return []
  }
}

/** Records that a model was opened (or renamed) here. */
export function rememberModel(id: string, name: string, now: number): void {
  const rest = readRecentModels().filter((m) => m.id !== id)
  try {
    localStorage.setItem(
      KEY,
      JSON.stringify([{ id, name, openedAt: now }, ...rest].slice(0, LIMIT)),
    )
  } catch {
    // Storage unavailable: the list then shows only what the server lists.
  }
}
