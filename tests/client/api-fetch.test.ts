import type { z } from 'zod'
import { apiFetch } from '../../client/api/api-fetch.ts'
import { compileModel } from '../../engine/compile-model.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { scoreLead } from '../../engine/score-lead.ts'
import {
  CreatedModelSchema,
  ModelDraftSchema,
  SnapshotListSchema,
} from '../../shared/model-api-schemas.ts'
import type { Model } from '../../shared/model-schema.ts'
import { ProductionRecordSchema } from '../../shared/promotion-api-schemas.ts'
import { assert, assertEqual } from './support/assert.ts'
import { describe, it } from './support/mocha.ts'

/** The demo model whose industry map also scores the value "__proto__" (an own key, as JSON has it). */
const MODEL_JSON = JSON.stringify(DEMO_MODEL).replace(
  '"software":1,',
  '"__proto__":0.95,"software":1,',
)
const PROTO_WEIGHT = DEMO_MODEL.factors.find((f) => f.id === 'industry-fit')!.weight
const ana = { id: 'ana', name: 'Ana Analyst' }
const AT = '2026-12-01T10:00:00Z'

/** Fetches `answer` (JSON text) through apiFetch from a blob URL: a real fetch in the browser. */
async function fetchAnswer<S extends z.ZodType>(answer: string, schema: S): Promise<z.infer<S>> {
  const url = URL.createObjectURL(new Blob([answer], { type: 'application/json' }))
  try {
    const result = await apiFetch(url, 'token', schema)
    if (!result.ok) throw new Error(`the answer was refused: ${JSON.stringify(result)}`)
    return result.data
  } finally {
    URL.revokeObjectURL(url)
  }
}

function assertScoresProto(model: Model, what: string): void {
  const map = (model.factors.find((f) => f.id === 'industry-fit')!.transform as { map: object }).map
  assert(Object.hasOwn(map, '__proto__'), `${what}: the map keeps its own "__proto__" key`)
  assertEqual(Object.getPrototypeOf(map), Object.prototype, `${what}: the map's prototype`)
  const result = scoreLead(compileModel(model), { industry: '__proto__' }, { asOf: Date.parse(AT) })
  assertEqual(result.contributions['industry-fit'], PROTO_WEIGHT * 0.95, `${what}: its score`)
}

describe('answers carrying a model keep a "__proto__" category through the schema parse', () => {
  it('the snapshot list a restore takes its model from', async () => {
    const answer = `{"snapshots":[{"id":"s1","modelId":"demo","label":"proto","hash":"ab","model":${MODEL_JSON},"findings":[],"createdAt":"${AT}","createdBy":${JSON.stringify(ana)}}]}`
    const { snapshots } = await fetchAnswer(answer, SnapshotListSchema)
    assertScoresProto(snapshots[0]!.model, 'snapshot')
  })

  it('the production record, the draft and an imported model', async () => {
    const production = `{"modelId":"demo","version":1,"snapshotId":"s1","hash":"ab","kind":"promotion","requestId":null,"rolledBackTo":null,"promotedAt":"${AT}","promotedBy":${JSON.stringify(ana)},"model":${MODEL_JSON}}`
    assertScoresProto((await fetchAnswer(production, ProductionRecordSchema)).model, 'production')
    const draft = `{"id":"demo","model":${MODEL_JSON},"draft":${MODEL_JSON},"findings":[]}`
    assertScoresProto((await fetchAnswer(draft, ModelDraftSchema)).model!, 'draft')
    const created = `{"model":${MODEL_JSON},"findings":[]}`
    assertScoresProto((await fetchAnswer(created, CreatedModelSchema)).model, 'imported model')
  })
})
