import type { ImpactReport } from '../../shared/impact-schema.ts'
import { formatTable } from './format-table.ts'
import { groupDigits } from './group-digits.ts'

export interface ImpactLabels {
  readonly from: string
  readonly to: string
  readonly dataset: string
  readonly asOf: number
}

/** The impact report as text: summary, tier counts, migration matrix, changes and top movers. */
export function formatImpactReport(report: ImpactReport, labels: ImpactLabels): string {
  const asOf = new Date(labels.asOf).toISOString()
  const lines = [
    `Impact of ${labels.to} against ${labels.from} on ${labels.dataset}: ${groupDigits(report.leads)} leads, as of ${asOf}\n`,
    '\n',
    formatTable([
      ['', 'from', 'to'],
      ['mean', score(report.from.mean), score(report.to.mean)],
      ['median', score(report.from.median), score(report.to.median)],
    ]),
    '\nTier counts\n',
    formatTierCounts(report),
    '\nTier migration (rows: from, columns: to)\n',
    formatMigration(report),
    '\n',
    `Leads changing tier: ${groupDigits(report.changedTier)} (${percent(report.changedTier, report.leads)})\n`,
    `Spearman rank correlation: ${report.spearman.toFixed(4)}\n`,
  ]
  if (report.topMovers.length > 0)
    lines.push('\nTop movers (lead # in input order)\n', formatMovers(report))
  return lines.join('')
}

/** Tier names of both models in order (from's first), each with its count under each model. */
function formatTierCounts(report: ImpactReport): string {
  const names = [...report.from.tierCounts, ...report.to.tierCounts]
    .map((c) => c.tier)
    .filter((tier, i, all) => all.indexOf(tier) === i)
  const countIn = (summary: ImpactReport['from'], tier: string | null): string => {
    const found = summary.tierCounts.find((c) => c.tier === tier)
    return found === undefined ? '–' : groupDigits(found.count)
  }
  return formatTable([
    ['tier', 'from', 'to'],
    ...names.map((tier) => [tierName(tier), countIn(report.from, tier), countIn(report.to, tier)]),
  ])
}

/** The migration matrix; the "no tier" row and column appear only when some lead is in them. */
function formatMigration(report: ImpactReport): string {
  const { fromTiers, toTiers, counts } = report.migration
  const rows = fromTiers
    .map((_, r) => r)
    .filter((r) => fromTiers[r] !== null || sum(counts[r] ?? []) > 0)
  const cols = toTiers
    .map((_, c) => c)
    .filter((c) => toTiers[c] !== null || counts.some((row) => (row[c] ?? 0) > 0))
  return formatTable([
    ['from \\ to', ...cols.map((c) => tierName(toTiers[c] ?? null))],
    ...rows.map((r) => [
      tierName(fromTiers[r] ?? null),
      ...cols.map((c) => groupDigits(counts[r]?.[c] ?? 0)),
    ]),
  ])
}

function formatMovers(report: ImpactReport): string {
  return formatTable(
    [
      ['lead #', 'from', 'to', 'change', 'tier', 'factor that moved most'],
      ...report.topMovers.map((m) => [
        String(m.row + 1),
        score(m.from),
        score(m.to),
        signed(m.delta),
        `${tierName(m.fromTier)} → ${tierName(m.toTier)}`,
        `${m.factorId} ${signed(m.factorDelta)}`,
      ]),
    ],
    0,
  )
}

function tierName(tier: string | null): string {
  return tier ?? '(none)'
}

function score(x: number): string {
  return x.toFixed(4)
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(4)}`
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, x) => a + x, 0)
}
