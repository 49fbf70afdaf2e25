import type { Context } from 'hono'
import type { z } from 'zod'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import { ProblemError } from './problem.ts'

/** Parses the request body as JSON (400 when it is not) and then with `schema` (422 with paths when it does not fit). */
export async function readJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<z.infer<S>> {
  const body = await readJson(c)
  return schema.parse(body)
}

/** Parses the request body as JSON; 400 `bad-json` when it is not. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text()
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new ProblemError(400, PROBLEM_CODES.badJson, 'The request body is not valid JSON.')
  }
}
