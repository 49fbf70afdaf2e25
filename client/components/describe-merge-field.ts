/**
 * A field of a merge result in words: `factors.<id>.weight` is "weight of Company size" (factors by
 * label from `labels`, else by id), `factors.<id>.factor` the factor as a whole, `tests.<id>` a test.
 */
export function describeMergeField(
  field: string,
  labels: Readonly<Record<string, string>> = {},
): string {
  const factor = /^factors\.([^.]+)(?:\.(.+))?$/.exec(field)
  if (factor) {
    const id = factor[1] as string
    const name = `“${Object.hasOwn(labels, id) ? labels[id] : id}”`
    const rest = factor[2]
    return rest === undefined || rest === 'factor' ? `factor ${name}` : `${rest} of factor ${name}`
  }
  const test = /^tests\.([^.]+)(?:\.(.+))?$/.exec(field)
  if (test) return test[2] === undefined ? `test ${test[1]}` : `${test[2]} of test ${test[1]}`
  return Object.hasOwn(MODEL_FIELDS, field) ? (MODEL_FIELDS[field] as string) : field
}

const MODEL_FIELDS: Readonly<Record<string, string>> = {
  name: 'the name',
  description: 'the description',
  tiers: 'the tiers',
  outcomeField: 'the outcome field',
}
