import { setWeights } from '../../../../shared/model-doc.ts'
import { connectClient } from '../../support/sync-client.ts'
import { waitFor } from '../../support/wait-for.ts'
import { call, type PromotionServer } from './promotion-server.ts'

/** Sets factor weights in the live draft as an analyst's browser would (the stock sync provider). */
export async function setDraftWeights(
  server: PromotionServer,
  modelId: string,
  weights: Record<string, number>,
): Promise<void> {
  const client = connectClient(server.syncUrl, modelId, server.tokenOf('analyst'))
  try {
    await client.synced()
    setWeights(client.doc, weights)
    await waitFor('the edit in the HTTP draft', async () => {
      const draft = await call(server, 'GET', `/api/models/${modelId}`, {
        token: server.tokenOf('viewer'),
      })
      const factors = draft.body.model?.factors as { id: string; weight: number }[] | undefined
      return Object.entries(weights).every(
        ([id, w]) => factors?.find((f) => f.id === id)?.weight === w,
      )
    })
  } finally {
    client.destroy()
  }
}
