import { z } from 'zod'

/** A lead is any flat record of CRM fields; what each value means is up to the factor reading it. */
export const LeadSchema = z.record(z.string(), z.unknown())
export type Lead = z.infer<typeof LeadSchema>
