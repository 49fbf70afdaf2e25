import { OUTCOME_PROBLEMS, type OutcomeProblem } from '../shared/backtest-schema.ts'

/** The problem with these outcome counts, if any: an AUC needs converters and non-converters. */
export function checkOutcomeCounts(leads: number, positives: number): OutcomeProblem | null {
  if (leads === 0) {
    return {
      ok: false,
      code: OUTCOME_PROBLEMS.noOutcomes,
      message:
        'no lead has a readable outcome (true/false, yes/no, 1/0); is the outcome column right?',
    }
  }
  if (positives === 0) {
    return {
      ok: false,
      code: OUTCOME_PROBLEMS.noPositives,
      message: `none of the ${leads} leads with an outcome converted: an AUC needs converters`,
    }
  }
  if (positives === leads) {
    return {
      ok: false,
      code: OUTCOME_PROBLEMS.noNegatives,
      message: `all ${leads} leads with an outcome converted: an AUC needs non-converters`,
    }
  }
  return null
}
