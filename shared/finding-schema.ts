import { z } from 'zod'

export const SEVERITY = { error: 'error', warning: 'warning' } as const
export const SeveritySchema = z.enum(['error', 'warning'])
export type Severity = z.infer<typeof SeveritySchema>

/** A validation finding: errors as data, with a stable code and the path of the offending value. */
export const FindingSchema = z.object({
  code: z.string(),
  severity: SeveritySchema,
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  hint: z.string(),
})
export type Finding = z.infer<typeof FindingSchema>
export type FindingPath = Finding['path']
