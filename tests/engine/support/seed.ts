import fc from 'fast-check'

/** The seed of every property test here; set ENGINE_TEST_SEED to replay a failure. */
export const SEED = readSeed()

function readSeed(): number {
  const raw = process.env.ENGINE_TEST_SEED
  if (raw === undefined || raw === '') return 20_240_615
  const seed = Number(raw)
  if (!Number.isSafeInteger(seed))
    throw new Error(`ENGINE_TEST_SEED must be an integer, got ${raw}`)
  return seed
}

/** Runs a property with the fixed seed; a failure names the seed and how to replay it. */
export function checkProperty<Ts>(property: fc.IProperty<Ts>, numRuns: number): void {
  try {
    fc.assert(property, { seed: SEED, numRuns })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(
      `property failed with seed ${SEED} (replay: ENGINE_TEST_SEED=${SEED} npx vitest run tests/engine)\n${message}`,
      { cause: error },
    )
  }
}
