import type { Readable } from 'node:stream'
import { compileModel } from '../../engine/compile-model.ts'
import { scoreLead } from '../../engine/score-lead.ts'
import type { Lead } from '../../shared/lead-schema.ts'
import type { Model } from '../../shared/model-schema.ts'
import { contributionColumns, csvCell, type OutputShape } from './batch/format-scored-block.ts'
import type { CliIo } from './cli-io.ts'
import { csvFieldOf } from './format-csv-row.ts'
import { readLeads } from './read-leads.ts'
import type { Output } from './write-output.ts'

export interface JsonlScoringOptions {
  readonly io: CliIo
  readonly command: string
  readonly model: Model
  readonly asOf: number
  readonly shape: OutputShape
  readonly output: Output
  /** Called after each lead is written, with the count so far. */
  readonly onLead: (count: number) => void
}

/**
 * Scores JSON lines lead by lead and writes each result: a JSON line, or with --format csv the
 * first lead's keys as columns (JSONL has no header), then total, tier and any contributions.
 * Resolves to the number of leads; a bad line throws LeadInputError after the leads before it.
 */
export async function scoreJsonlStream(
  input: Readable,
  { io, command, model, asOf, shape, output, onLead }: JsonlScoringOptions,
): Promise<number> {
  const compiled = compileModel(model)
  const cell = (text: string): string => csvCell(text, shape.neutralize)
  let columns: string[] | undefined
  let extraKeysWarned = false
  let count = 0
  for await (const lead of readLeads(input, 'jsonl')) {
    const result = scoreLead(compiled, lead, { asOf })
    if (shape.format === 'jsonl') {
      await output.write(`${JSON.stringify(result)}\n`)
    } else {
      if (columns === undefined) {
        columns = Object.keys(lead)
        const names = [...columns, 'total', 'tier', ...contributionColumns(compiled, shape)]
        await output.write(`${names.map(cell).join(',')}\n`)
      }
      if (!extraKeysWarned && hasOtherKeys(lead, columns)) {
        extraKeysWarned = true
        io.stderr.write(
          `${command}: warning: lead ${count + 1} has fields the first lead lacks; --format csv keeps only the first lead's fields\n`,
        )
      }
      const fields = columns.map((name) =>
        csvFieldOf(Object.hasOwn(lead, name) ? lead[name] : undefined),
      )
      fields.push(String(result.total), result.tier ?? '')
      if (shape.contributions) {
        for (const f of compiled.factors) fields.push(String(result.contributions[f.id]))
      }
      await output.write(`${fields.map(cell).join(',')}\n`)
    }
    onLead(++count)
  }
  return count
}

function hasOtherKeys(lead: Lead, columns: readonly string[]): boolean {
  for (const key in lead) if (!columns.includes(key)) return true
  return false
}
