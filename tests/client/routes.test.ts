import { branchPath, editorPath, routeOf } from '../../client/controllers/route-controller.ts'
import { assertDeepEqual } from './support/assert.ts'
import { describe, it } from './support/mocha.ts'

describe('routes', () => {
  it('maps paths to the models list, an editor, or not found', () => {
    assertDeepEqual(routeOf('/'), { name: 'models' }, '/')
    assertDeepEqual(
      routeOf('/models/demo-lead-score'),
      { name: 'editor', modelId: 'demo-lead-score' },
      'editor',
    )
    assertDeepEqual(
      routeOf('/models/q3_score/'),
      { name: 'editor', modelId: 'q3_score' },
      'trailing slash',
    )
    assertDeepEqual(routeOf('/models/a/b'), { name: 'not-found', path: '/models/a/b' }, 'too deep')
    assertDeepEqual(
      routeOf('/models/%E0%A4%A'),
      { name: 'not-found', path: '/models/%E0%A4%A' },
      'bad escape',
    )
    assertDeepEqual(routeOf('/nope'), { name: 'not-found', path: '/nope' }, 'unknown')
  })

  it('builds editor paths that route back to the same model', () => {
    for (const id of ['demo-lead-score', 'Q3_inbound', 'a b/c']) {
      assertDeepEqual(routeOf(editorPath(id)), { name: 'editor', modelId: id }, id)
    }
  })

  it('maps a branch path to the branch editor, and builds paths that route back to it', () => {
    assertDeepEqual(
      routeOf('/models/q3/branches/intent%20first'),
      { name: 'branch', modelId: 'q3', branchName: 'intent first' },
      'branch',
    )
    assertDeepEqual(
      routeOf('/models/q3/branches/'),
      { name: 'not-found', path: '/models/q3/branches/' },
      'no branch name',
    )
    assertDeepEqual(
      routeOf('/models/q3/branches/a/b'),
      { name: 'not-found', path: '/models/q3/branches/a/b' },
      'too deep',
    )
    for (const [id, name] of [
      ['q3', 'intent first'],
      ['a b/c', 'what/if?'],
    ] as const) {
      assertDeepEqual(
        routeOf(branchPath(id, name)),
        { name: 'branch', modelId: id, branchName: name },
        `${id} ${name}`,
      )
    }
  })
})
