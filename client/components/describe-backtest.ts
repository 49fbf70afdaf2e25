import type { PromotionBacktest } from '../../shared/backtest-schema.ts'

/** "AUC 0.82 → 0.87 on 18,412 leads" (production → this snapshot), or the snapshot's alone at first. */
export function describeBacktest(b: PromotionBacktest): string {
  const leads = `${b.candidate.leads.toLocaleString('en-US')} leads`
  const to = b.candidate.auc.toFixed(2)
  return b.production === null
    ? `AUC ${to} on ${leads} (${b.outcomeField}).`
    : `AUC ${b.production.auc.toFixed(2)} → ${to} on ${leads} (${b.outcomeField}).`
}
