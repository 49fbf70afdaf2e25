import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { Awareness } from 'y-protocols/awareness'

/** Where a user's keyboard focus is in the editor, as published in awareness. */
export interface PresenceFocus {
  factorId: string
  field: string
}

/** One person present on a model (several tabs of one user are one person). */
export interface PresentUser {
  /** The token's subject: the server stamps it on every awareness state it relays. */
  id: string
  name: string
  color: string
  /** True when one of the user's states is this tab's. */
  isSelf: boolean
  /** Where the user's tabs have focus (self: other tabs only). */
  focus: PresenceFocus[]
}

const FALLBACK_COLOR = '#5c6b7a'

/**
 * Follows an awareness instance: who is present, and who is editing which factor now. States
 * without a `user` (not yet stamped by the server) are not shown.
 */
export class PresenceController implements ReactiveController {
  users: PresentUser[] = []

  private awareness: Awareness | null = null
  private connected = false
  private readonly onChange = () => this.refresh()

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this)
  }

  setAwareness(awareness: Awareness | null): void {
    if (awareness === this.awareness) return
    this.awareness?.off('change', this.onChange)
    this.awareness = awareness
    if (this.connected) this.awareness?.on('change', this.onChange)
    this.refresh()
  }

  /** Other people (or this user's other tabs) with focus on a factor now. */
  editorsOf(factorId: string): PresentUser[] {
    return this.users.filter((u) => u.focus.some((f) => f.factorId === factorId))
  }

  /** Publishes this tab's focus (null when it leaves the factors). */
  setFocus(focus: PresenceFocus | null): void {
    this.awareness?.setLocalStateField('focus', focus)
  }

  hostConnected(): void {
    this.connected = true
    this.awareness?.on('change', this.onChange)
    this.refresh()
  }

  hostDisconnected(): void {
    this.connected = false
    this.awareness?.off('change', this.onChange)
  }

  private refresh(): void {
    this.users = this.awareness ? readPresentUsers(this.awareness) : []
    this.host.requestUpdate()
  }
}

/** The people in an awareness instance, one entry per user id, in order of appearance. */
export function readPresentUsers(awareness: Awareness): PresentUser[] {
  const byId = new Map<string, PresentUser>()
  const selfId = awareness.clientID
  for (const [clientId, state] of awareness.getStates()) {
    const user = readUser(state.user)
    if (user === null) continue
    let entry = byId.get(user.id)
    if (entry === undefined) {
      entry = { ...user, isSelf: false, focus: [] }
      byId.set(user.id, entry)
    }
    if (clientId === selfId) {
      entry.isSelf = true
      continue
    }
    const focus = readFocus(state.focus)
    if (focus !== null) entry.focus.push(focus)
  }
  return [...byId.values()]
}

/** The name of the user behind a doc client id (as stamped on its awareness state), if known. */
export function userNameOf(awareness: Awareness, clientId: number): string | null {
  return readUser(awareness.getStates().get(clientId)?.user)?.name ?? null
}

function readUser(value: unknown): { id: string; name: string; color: string } | null {
  if (typeof value !== 'object' || value === null) return null
  const { id, name, color } = value as Record<string, unknown>
  if (typeof id !== 'string' || id === '') return null
  return {
    id,
    name: typeof name === 'string' && name !== '' ? name : id,
    color: typeof color === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(color) ? color : FALLBACK_COLOR,
  }
}

function readFocus(value: unknown): PresenceFocus | null {
  if (typeof value !== 'object' || value === null) return null
  const { factorId, field } = value as Record<string, unknown>
  return typeof factorId === 'string'
    ? { factorId, field: typeof field === 'string' ? field : '' }
    : null
}
