import { z } from 'zod'
import { FindingSchema } from '../../shared/finding-schema.ts'

export const CliProblemSchema = z.object({
  status: z.number(),
  code: z.string(),
  detail: z.string(),
  findings: z.array(FindingSchema).optional(),
})
export type CliProblem = z.infer<typeof CliProblemSchema>

/** The problem+json body of a refused request, or null when the answer carries none. */
export async function readProblem(response: Response): Promise<CliProblem | null> {
  const parsed = CliProblemSchema.safeParse(await response.json().catch(() => null))
  return parsed.success ? parsed.data : null
}
