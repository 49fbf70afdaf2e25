/*
 * The test runner runs these files with mocha, whose functions are globals in the page. This
 * module gives them types without declaring globals for the whole project (vitest tests import
 * theirs explicitly).
 */
type Done = () => void
type Test = (this: unknown) => void | Promise<void>
type Hook = (this: unknown) => void | Promise<void>

interface MochaGlobals {
  describe(title: string, body: () => void): void
  it(title: string, test: Test | ((done: Done) => void)): void
  before(hook: Hook): void
  after(hook: Hook): void
  beforeEach(hook: Hook): void
  afterEach(hook: Hook): void
}

const mocha = globalThis as unknown as MochaGlobals

export const describe = mocha.describe.bind(globalThis)
export const it = mocha.it.bind(globalThis)
export const before = mocha.before.bind(globalThis)
export const after = mocha.after.bind(globalThis)
export const beforeEach = mocha.beforeEach.bind(globalThis)
export const afterEach = mocha.afterEach.bind(globalThis)
