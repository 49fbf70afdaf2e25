/** Exit codes every command shares: 0 ok, 1 the input is invalid (findings, a bad lead), 2 usage or unreadable file. */
export const EXIT = {
  ok: 0,
  invalid: 1,
  usage: 2,
} as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
