import '../../client/components/sp-release-panel.ts'
import type { SnapshotSummary } from '../../shared/model-api-schemas.ts'
import type {
  ProductionVersionRecord,
  PromotionRecord,
} from '../../shared/promotion-api-schemas.ts'
import type { SpReleasePanel } from '../../client/components/sp-release-panel.ts'
import { assert, assertDeepEqual, assertEqual } from './support/assert.ts'
import { cleanup, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle } from './support/wait-for.ts'

const rita = { id: 'rita', name: 'Rita Release' }
const ravi = { id: 'ravi', name: 'Ravi Release' }
const SNAPSHOTS: SnapshotSummary[] = [
  { id: 's2', label: 'tuned', hash: 'ab12', createdAt: '2025-06-02T10:00:00Z', createdBy: rita },
  { id: 's1', label: 'baseline', hash: 'cd34', createdAt: '2025-06-01T10:00:00Z', createdBy: rita },
]

function promotion(
  id: string,
  by: typeof rita,
  extra: Partial<PromotionRecord> = {},
): PromotionRecord {
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
    requestedBy: by,
    decidedAt: null,
    decidedBy: null,
    reason: null,
    version: null,
    scheduledFor: null,
    settledAt: null,
    settledBy: null,
    ...extra,
  }
}

const VERSIONS: ProductionVersionRecord[] = [
  {
    version: 2,
    modelId: 'm',
    snapshotId: 's1',
    hash: 'cd34',
    requestId: null,
    kind: 'promotion',
    rolledBackTo: null,
    promotedAt: '2025-06-02T09:00:00Z',
    promotedBy: ravi,
  },
  {
    version: 1,
    modelId: 'm',
    snapshotId: 's1',
    hash: 'cd34',
    requestId: null,
    kind: 'promotion',
    rolledBackTo: null,
    promotedAt: '2025-06-01T09:00:00Z',
    promotedBy: ravi,
  },
]

async function mountPanel(promotions: PromotionRecord[]): Promise<SpReleasePanel> {
  const panel = mount(document.createElement('sp-release-panel'))
  panel.promotions = promotions
  panel.versions = VERSIONS
  panel.currentVersion = 2
  panel.snapshots = SNAPSHOTS
  panel.userId = 'rita'
  await settle(panel)
  return panel
}

let listening = new AbortController()

/** The details of every `type` event the panel fires during this test. */
function captured<T>(type: string): T[] {
  const details: T[] = []
  document.body.addEventListener(type, (e) => details.push((e as CustomEvent<T>).detail), {
    signal: listening.signal,
  })
  return details
}

const text = (element: Element | null | undefined) =>
  (element?.textContent ?? '').replace(/\s+/g, ' ')

const row = (id: string) => document.querySelector<HTMLElement>(`[data-promotion-id="${id}"]`)
const button = (scope: Element | null, name: string) =>
  scope?.querySelector<HTMLButtonElement>(`button[name="${name}"]`) ?? null

describe('sp-release-panel', () => {
  afterEach(() => {
    cleanup()
    listening.abort()
    listening = new AbortController()
  })

  it('shows the production version and rolls back to an earlier one only', async () => {
    await mountPanel([])
    const production = document.querySelector<HTMLElement>('[data-production-version]')
    assertEqual(production?.dataset.productionVersion, '2', 'current version')
    assertEqual(document.querySelector('[data-version="2"] button'), null, 'no rollback to current')
    const rollBacks = captured<{ toVersion: number }>('sp-roll-back')
    document.querySelector<HTMLButtonElement>('[data-version="1"] button')?.click()
    await settle(document.querySelector('sp-release-panel')!)
    assertEqual(rollBacks.length, 0, 'nothing happens before it is confirmed')
    const confirm = document.querySelector('[data-version="1"] [role=alertdialog]')
    assert(
      text(confirm).includes('Make v1 (baseline') && text(confirm).includes('It becomes v3'),
      `says what it will do: ${text(confirm)}`,
    )
    confirm?.querySelector<HTMLButtonElement>('button[name="confirm-roll-back"]')?.click()
    assertDeepEqual(rollBacks, [{ toVersion: 1 }], 'rollback event')
  })

  it('names snapshots by label, author, time and hash, and offers the newest first', async () => {
    const panel = await mountPanel([promotion('theirs', ravi)])
    const name = text(row('theirs')?.querySelector('.snapshot-name'))
    assert(
      name.includes('tuned') && name.includes('Rita Release') && name.includes('#ab12'),
      `label, author, hash: ${name}`,
    )
    assert(!text(row('theirs')).includes('s2'), 'no id shown')
    panel.snapshots = [...SNAPSHOTS].reverse()
    await settle(panel)
    const select = document.querySelector<HTMLSelectElement>('select[name="promotion-snapshot"]')
    assertEqual(select?.value, 's2', 'the newest snapshot is picked')
    // A request for a snapshot the list does not have yet is named by its hash, not its id.
    panel.snapshots = []
    await settle(panel)
    assertEqual(text(row('theirs')?.querySelector('.snapshot-name')), 'snapshot #ab12', 'by hash')
  })

  it('says against which version a request was judged, in which direction, per tier', async () => {
    const impact = {
      leads: 20000,
      changedTier: 6400,
      spearman: 0.924,
      histogramEdges: [],
      from: {
        mean: 0,
        median: 0,
        histogram: [],
        tierCounts: [
          { tier: 'A', count: 1000 },
          { tier: 'B', count: 9000 },
          { tier: 'C', count: 10000 },
        ],
      },
      to: {
        mean: 0,
        median: 0,
        histogram: [],
        tierCounts: [
          { tier: 'A', count: 1200 },
          { tier: 'B', count: 3000 },
          { tier: 'C', count: 15800 },
        ],
      },
      migration: {
        fromTiers: ['A', 'B', 'C'],
        toTiers: ['A', 'B', 'C'],
        counts: [
          [800, 200, 0],
          [400, 2800, 5800],
          [0, 0, 10000],
        ],
      },
      topMovers: [],
    }
    await mountPanel([promotion('theirs', ravi, { impact, basedOnVersion: 3 })])
    const line = text(row('theirs')?.querySelector('.impact-summary'))
    assert(
      line.includes('against v3: 6,400 of 20,000 leads change tier (400 up, 6,000 down)'),
      `version and direction: ${line}`,
    )
    assert(line.includes('A 1,000→1,200') && line.includes('C 10,000→15,800'), `per tier: ${line}`)
  })

  it('shows the backtest a request recorded: production AUC → the snapshot’s, on how many leads', async () => {
    const measured = (auc: number) => ({
      leads: 18412,
      positives: 3100,
      auc,
      aucInterval: [auc - 0.01, auc + 0.01] as [number, number],
      tiers: [],
      deciles: [],
    })
    await mountPanel([
      promotion('fitted', ravi, {
        backtest: {
          outcomeField: 'converted',
          candidate: measured(0.87),
          production: measured(0.82),
        },
      }),
      promotion('first', ravi, {
        backtest: { outcomeField: 'won', candidate: measured(0.79), production: null },
      }),
    ])
    const fitted = text(row('fitted')?.querySelector('[data-backtest-headline]'))
    assert(fitted.includes('AUC 0.82 → 0.87 on 18,412 leads'), `headline: ${fitted}`)
    const first = text(row('first')?.querySelector('[data-backtest-headline]'))
    assert(first.includes('AUC 0.79 on 18,412 leads (won)'), `first request: ${first}`)
  })

  it('a reject reason belongs to its request and does not carry over', async () => {
    const panel = await mountPanel([promotion('first', ravi), promotion('second', ravi)])
    const rejections = captured<{ promotionId: string; reason: string }>('sp-reject-promotion')
    const reasonOf = (id: string) =>
      row(id)?.querySelector<HTMLInputElement>('input[name="reject-reason"]') ?? null
    reasonOf('first')!.value = 'tiers look off'
    button(row('first'), 'reject')?.click()
    // The first is decided: the list now holds the second only, in the row the first had.
    panel.promotions = [
      promotion('first', ravi, { status: 'rejected', reason: 'tiers look off' }),
      promotion('second', ravi),
    ]
    await settle(panel)
    assertEqual(reasonOf('second')?.value, '', 'the next request starts with no reason')
    button(row('second'), 'reject')?.click()
    assertDeepEqual(
      rejections,
      [{ promotionId: 'first', reason: 'tiers look off' }],
      'no rejection without its own reason',
    )
  })

  it('requests promotion of the chosen snapshot with a note', async () => {
    await mountPanel([])
    const requests = captured<{ snapshotId: string; note: string }>('sp-request-promotion')
    const select = document.querySelector<HTMLSelectElement>('select[name="promotion-snapshot"]')
    assert(select, 'snapshot picker')
    select.value = 's1'
    const note = document.querySelector<HTMLInputElement>('input[name="promotion-note"]')
    assert(note, 'note field')
    note.value = 'back to basics'
    document.querySelector<HTMLFormElement>('.release form')?.requestSubmit()
    assertDeepEqual(
      requests,
      [{ snapshotId: 's1', note: 'back to basics', scheduledFor: null }],
      'request event: promote on approval',
    )
  })

  it('a second release manager approves; one’s own request cannot be', async () => {
    await mountPanel([
      promotion('mine', rita),
      promotion('theirs', ravi, {
        note: 'tuned for Q3',
        impact: {
          leads: 1000,
          changedTier: 42,
          spearman: 0.987,
          from: { tierCounts: [] },
          to: { tierCounts: [] },
          migration: { fromTiers: [], toTiers: [], counts: [] },
        } as unknown as PromotionRecord['impact'],
      }),
    ])
    assertEqual(button(row('mine'), 'approve')?.disabled, true, 'own request')
    const theirs = row('theirs')
    assertEqual(button(theirs, 'approve')?.disabled, false, 'someone else’s request')
    assert(text(theirs).includes('against v1: 42 of 1,000 leads change tier'), 'impact shown')
    assert(text(theirs).includes('tuned for Q3'), 'note shown')

    const approvals = captured<{ promotionId: string }>('sp-approve-promotion')
    button(theirs, 'approve')?.click()
    assertDeepEqual(approvals, [{ promotionId: 'theirs' }], 'approve event')
  })

  it('a stale request cannot be approved', async () => {
    await mountPanel([promotion('old', ravi, { stale: true })])
    assertEqual(button(row('old'), 'approve')?.disabled, true, 'stale')
    assert(text(row('old')).includes('Production moved since'), 'says why')
  })

  it('rejecting asks for a reason first', async () => {
    await mountPanel([promotion('theirs', ravi)])
    const rejections = captured<{ promotionId: string; reason: string }>('sp-reject-promotion')
    button(row('theirs'), 'reject')?.click()
    assertEqual(rejections.length, 0, 'no reason, no rejection')
    const reason = row('theirs')?.querySelector<HTMLInputElement>('input[name="reject-reason"]')
    assert(reason, 'reason field')
    reason.value = 'tiers look off'
    button(row('theirs'), 'reject')?.click()
    assertDeepEqual(
      rejections,
      [{ promotionId: 'theirs', reason: 'tiers look off' }],
      'reject event',
    )
  })

  it('decided requests move out of the pending list', async () => {
    await mountPanel([
      promotion('done', ravi, { status: 'rejected', decidedBy: rita, reason: 'no' }),
    ])
    assertEqual(document.querySelector('[data-status="pending"]'), null, 'nothing pending')
    assertEqual(row('done')?.dataset.status, 'rejected', 'listed as decided')
  })

  it('"Promote at…" schedules the request at that local time; a past time is refused here', async () => {
    await mountPanel([])
    const requests = captured<{ scheduledFor: string | null }>('sp-request-promotion')
    const at = document.querySelector<HTMLInputElement>('input[name="promotion-scheduled-for"]')
    assert(at?.type === 'datetime-local', 'a local date and time input')
    assert(text(at.closest('label')).includes('Promote at'), 'labelled')
    const form = document.querySelector<HTMLFormElement>('.release form')!
    at.value = '2000-01-01T09:00'
    form.requestSubmit()
    assertEqual(requests.length, 0, 'a past time is not requested')
    assert(at.validationMessage.includes('future'), `says why: ${at.validationMessage}`)

    const ahead = new Date(Date.now() + 3 * 86_400_000)
    ahead.setHours(9, 30, 0, 0)
    const pad = (n: number) => String(n).padStart(2, '0')
    at.value = `${ahead.getFullYear()}-${pad(ahead.getMonth() + 1)}-${pad(ahead.getDate())}T09:30`
    at.dispatchEvent(new Event('input'))
    form.requestSubmit()
    assertDeepEqual(
      requests.map((r) => r.scheduledFor),
      [ahead.toISOString()],
      'the instant of that local time',
    )
    assertEqual(at.value, '', 'the next request starts unscheduled')
  })

  it('a scheduled request says when, in local time and from now, and cancels after a confirmation', async () => {
    const due = new Date(Date.now() + 2 * 3_600_000 + 60_000).toISOString()
    const panel = await mountPanel([
      promotion('later', ravi, { status: 'scheduled', scheduledFor: due, decidedBy: rita }),
    ])
    const scheduled = row('later')
    assertEqual(scheduled?.dataset.status, 'scheduled', 'listed as scheduled')
    const when = text(scheduled?.querySelector('[data-scheduled-for]'))
    assert(
      when.includes(`Scheduled for ${new Date(due).toLocaleString()}`) && when.includes('(in 2 h)'),
      `local time and how far ahead: ${when}`,
    )
    assertEqual(button(scheduled, 'approve'), null, 'nothing left to approve')
    const cancels = captured<{ promotionId: string }>('sp-cancel-promotion')
    button(scheduled, 'cancel-promotion')?.click()
    await settle(panel)
    assertEqual(cancels.length, 0, 'nothing happens before it is confirmed')
    const confirm = scheduled?.querySelector('[role=alertdialog]')
    assert(text(confirm).includes('never promote'), `says what it does: ${text(confirm)}`)
    button(scheduled, 'keep')?.click()
    await settle(panel)
    assertEqual(scheduled?.querySelector('[role=alertdialog]'), null, 'kept')
    button(scheduled, 'cancel-promotion')?.click()
    await settle(panel)
    button(scheduled, 'confirm-cancel-promotion')?.click()
    assertDeepEqual(cancels, [{ promotionId: 'later' }], 'cancel event')
  })

  it('a pending request with a schedule says when it would promote, and can be cancelled', async () => {
    const due = new Date(Date.now() + 30 * 60_000 + 10_000).toISOString()
    await mountPanel([promotion('soon', ravi, { scheduledFor: due })])
    const when = text(row('soon')?.querySelector('[data-scheduled-for]'))
    assert(when.includes('(in 30 min)') && when.includes('once approved'), `when: ${when}`)
    assert(button(row('soon'), 'approve') !== null, 'still to approve')
    assert(button(row('soon'), 'cancel-promotion') !== null, 'cancellable')
  })

  it('a suspended request gives its reason in words', async () => {
    await mountPanel([
      promotion('moved', ravi, {
        status: 'suspended',
        reason: 'production-moved',
        decidedBy: rita,
        scheduledFor: '2025-06-03T09:00:00Z',
      }),
      promotion('failing', ravi, { status: 'suspended', reason: 'findings', decidedBy: rita }),
    ])
    assert(
      text(row('moved')).includes('suspended at its scheduled time: production moved'),
      `production moved: ${text(row('moved'))}`,
    )
    assert(
      text(row('failing')).includes('no longer passes validation'),
      `findings: ${text(row('failing'))}`,
    )
    assert(!text(row('moved')).includes('production-moved'), 'no bare code')
  })
})
