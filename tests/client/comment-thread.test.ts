import '../../client/components/sp-release-panel.ts'
import type { SpCommentThread } from '../../client/components/sp-comment-thread.ts'
import type { PromotionCommentRecord, PromotionRecord } from '../../shared/promotion-api-schemas.ts'
import { assert, assertDeepEqual, assertEqual } from './support/assert.ts'
import { cleanup, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle } from './support/wait-for.ts'

const ana = { id: 'ana', name: 'Ana Analyst' }
const ravi = { id: 'ravi', name: 'Ravi Release' }

function comment(id: number, author: typeof ana, body: string, at: string): PromotionCommentRecord {
  return { id, requestId: 'r1', author, at, body }
}

const THREAD = [
  comment(1, ana, 'Why did the size weight drop?', '2025-06-02T11:05:00Z'),
  comment(2, ravi, 'Large accounts were over-ranked.', '2025-06-02T11:20:00Z'),
]

async function mountThread(comments: PromotionCommentRecord[]): Promise<SpCommentThread> {
  const thread = mount(document.createElement('sp-comment-thread'))
  thread.requestId = 'r1'
  thread.comments = comments
  await settle(thread)
  return thread
}

const items = () => [...document.querySelectorAll<HTMLElement>('[data-comment-id]')]
const text = (element: Element | null | undefined) =>
  (element?.textContent ?? '').replace(/\s+/g, ' ').trim()
const box = () => document.querySelector<HTMLTextAreaElement>('textarea[name="comment-body"]')!
const submit = () => document.querySelector<HTMLFormElement>('.comment-form')!.requestSubmit()

let listening = new AbortController()

function captured(): { promotionId: string; body: string }[] {
  const details: { promotionId: string; body: string }[] = []
  document.body.addEventListener('sp-comment-promotion', (e) => details.push(e.detail), {
    signal: listening.signal,
  })
  return details
}

describe('sp-comment-thread', () => {
  afterEach(() => {
    cleanup()
    listening.abort()
    listening = new AbortController()
  })

  it('shows the comments in order, each with its author, time and text as written', async () => {
    await mountThread([
      ...THREAD,
      comment(3, ana, '<b>not markup</b>\nsecond line', '2025-06-02T12:00:00Z'),
    ])
    assertDeepEqual(
      items().map((li) => li.dataset.commentId),
      ['1', '2', '3'],
      'oldest first',
    )
    assertDeepEqual(
      items().map((li) => li.dataset.author),
      ['ana', 'ravi', 'ana'],
      'authors',
    )
    assert(text(items()[1]).startsWith('Ravi Release,'), `author named: ${text(items()[1])}`)
    assertEqual(
      items()[0]!.querySelector('time')?.getAttribute('datetime'),
      '2025-06-02T11:05:00Z',
      'time',
    )
    const last = items()[2]!.querySelector('.comment-body')!
    assertEqual(last.textContent, '<b>not markup</b>\nsecond line', 'text, not HTML')
    assertEqual(last.querySelector('b'), null, 'nothing rendered as markup')
    assertEqual(text(document.querySelector('.comments h4')), 'Comments (3)', 'count')
  })

  it('sends the trimmed text for its request and empties the box; a blank comment is refused here', async () => {
    await mountThread(THREAD)
    const sent = captured()
    box().value = '   \n '
    submit()
    assertEqual(sent.length, 0, 'nothing sent for a blank comment')
    assert(!box().validity.valid, 'the box says what is wrong')
    box().value = '  Fine by me.  '
    box().dispatchEvent(new Event('input'))
    submit()
    assertDeepEqual(sent, [{ promotionId: 'r1', body: 'Fine by me.' }], 'comment event')
    assertEqual(box().value, '', 'the box is empty again')
    assertEqual(box().maxLength, 4000, 'the server’s limit')
  })

  it('a comment arriving from someone else shows at the end; what the user is typing stays', async () => {
    const thread = await mountThread(THREAD)
    box().focus()
    box().value = 'half a thought'
    thread.comments = [
      ...THREAD,
      comment(3, ravi, 'Approving after lunch.', '2025-06-02T12:30:00Z'),
    ]
    await settle(thread)
    assertDeepEqual(
      items().map((li) => text(li.querySelector('.comment-body'))),
      [
        'Why did the size weight drop?',
        'Large accounts were over-ranked.',
        'Approving after lunch.',
      ],
      'the new comment is last',
    )
    assertEqual(box().value, 'half a thought', 'the draft is kept')
    assertEqual(document.activeElement, box(), 'focus is kept')
  })

  it('the release panel gives each open request its own thread', async () => {
    const panel = mount(document.createElement('sp-release-panel'))
    const request = (id: string): PromotionRecord => ({
      id,
      modelId: 'm',
      status: 'pending',
      snapshotId: 's',
      hash: 'ab12',
      datasetId: 'demo',
      asOf: '2025-06-02T11:00:00Z',
      note: null,
      impact: null,
      backtest: null,
      findings: [],
      basedOnVersion: 0,
      stale: false,
      requestedAt: '2025-06-02T11:00:00Z',
      requestedBy: ravi,
      decidedAt: null,
      decidedBy: null,
      reason: null,
      version: null,
      scheduledFor: null,
      settledAt: null,
      settledBy: null,
    })
    panel.promotions = [request('r1'), request('r2')]
    panel.comments = new Map([['r1', THREAD]])
    panel.userId = 'ana'
    await settle(panel)
    const threads = [...panel.querySelectorAll('sp-comment-thread')]
    await Promise.all(threads.map((t) => settle(t)))
    assertDeepEqual(
      threads.map((t) => [
        t.closest<HTMLElement>('[data-promotion-id]')?.dataset.promotionId,
        t.comments.length,
      ]),
      [
        ['r1', 2],
        ['r2', 0],
      ],
      'one thread per request',
    )
    const sent = captured()
    const second = threads[1]!
    second.querySelector('textarea')!.value = 'For r2'
    second.querySelector('form')!.requestSubmit()
    assertDeepEqual(sent, [{ promotionId: 'r2', body: 'For r2' }], 'the comment names its request')
  })
})
