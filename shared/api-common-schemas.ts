import { z } from 'zod'

/** The building blocks of the HTTP API's bodies and answers, shared by the server and the app. */

export const IdSchema = z.string().min(1).max(200)
export const InstantSchema = z.iso.datetime({ offset: true })

/** Who did something, as the token said. */
export const UserRefSchema = z.object({ id: z.string(), name: z.string() })
export type UserRef = z.infer<typeof UserRefSchema>
