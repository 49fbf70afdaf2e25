/** A one-line, readable summary of a transform (as read from the doc, so possibly malformed). */
export function describeTransform(transform: Record<string, unknown>): string {
  const n = (key: string) => formatNumber(transform[key])
  switch (transform.kind) {
    case 'linear':
      return `linear ${n('min')} → ${n('max')}${transform.invert === true ? ', inverted' : ''}`
    case 'log':
      return `log scale ${n('min')} → ${n('max')}`
    case 'buckets': {
      const edges = listOf(transform.edges)
      const scores = listOf(transform.scores)
      return `buckets at ${edges.join(', ') || '—'} score ${scores.join(' / ') || '—'}`
    }
    case 'category': {
      const map = transform.map
      const count = typeof map === 'object' && map !== null ? Object.keys(map).length : 0
      return `${count} ${count === 1 ? 'category' : 'categories'}, others ${n('default')}`
    }
    case 'boolean':
      return `yes → ${n('whenTrue')}, no → ${n('whenFalse')}`
    case 'recency':
      return `recency, half-life ${n('halfLifeDays')} days`
    default:
      return typeof transform.kind === 'string'
        ? `unknown kind "${transform.kind}"`
        : 'no transform'
  }
}

/** Numbers as people read them: up to 4 significant decimals, thousands grouped. */
export function formatNumber(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '?'
  return value.toLocaleString('en-US', { maximumFractionDigits: 4 })
}

function listOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(formatNumber) : []
}
