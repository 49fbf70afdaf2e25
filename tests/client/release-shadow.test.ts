import '../../client/components/sp-release-panel.ts'
import type { SpReleasePanel } from '../../client/components/sp-release-panel.ts'
import type { PromotionRecord, ShadowReport } from '../../shared/promotion-api-schemas.ts'
import { assertEqual } from './support/assert.ts'
import { cleanup, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle } from './support/wait-for.ts'

const rita = { id: 'rita', name: 'Rita Release' }

function pending(id: string): PromotionRecord {
  return {
    id,
    modelId: 'm',
    status: 'pending',
    snapshotId: 's2',
    hash: 'ab12',
    datasetId: 'demo',
    asOf: '2025-06-02T11:00:00Z',
    note: null,
    impact: null,
    backtest: null,
    findings: [],
    basedOnVersion: 1,
    stale: false,
    requestedAt: '2025-06-02T11:00:00Z',
    requestedBy: rita,
    decidedAt: null,
    decidedBy: null,
    reason: null,
    version: null,
    scheduledFor: null,
    settledAt: null,
    settledBy: null,
  }
}

const FIGURES: ShadowReport = {
  scored: 1234,
  tierChanged: 56,
  migration: {
    A: { A: 100, B: 30 },
    B: { B: 900, C: 20, A: 2 },
    C: { C: 178, D: 4 },
  },
  meanDelta: 0.0123,
  maxAbsDelta: 0.2071,
  movers: [],
}

const shadowText = (id: string) =>
  (document.querySelector(`[data-promotion-id="${id}"] [data-shadow]`)?.textContent ?? '').replace(
    /\s+/g,
    ' ',
  )

describe('sp-release-panel shadow figures', () => {
  afterEach(() => cleanup())

  it('shows each pending request’s shadow figures, and follows them as they grow', async () => {
    const panel: SpReleasePanel = mount(document.createElement('sp-release-panel'))
    panel.promotions = [pending('p1'), pending('p2')]
    panel.userId = 'ravi'
    panel.shadows = new Map([['p1', FIGURES]])
    await settle(panel)
    assertEqual(
      shadowText('p1'),
      'Shadow: 1,234 leads scored, 56 would change tier (A→B 30, B→C 20, C→D 4 …), mean +0.012, largest 0.21',
      'the figures of p1',
    )
    assertEqual(
      document.querySelector('[data-promotion-id="p2"] [data-shadow]'),
      null,
      'no line before p2’s figures arrive',
    )
    panel.shadows = new Map<string, ShadowReport>([
      [
        'p1',
        { ...FIGURES, scored: 1, tierChanged: 0, migration: { A: { A: 1 } }, meanDelta: -0.5 },
      ],
      [
        'p2',
        { ...FIGURES, scored: 0, tierChanged: 0, migration: {}, meanDelta: 0, maxAbsDelta: 0 },
      ],
    ])
    await settle(panel)
    assertEqual(
      shadowText('p1'),
      'Shadow: 1 lead scored, none would change tier, mean −0.500, largest 0.21',
      'p1 live',
    )
    assertEqual(
      shadowText('p2'),
      'Shadow: no leads scored with production since the request.',
      'p2 before any traffic',
    )
  })
})
