import { html, type PropertyValues, type TemplateResult } from 'lit'
import type { Awareness } from 'y-protocols/awareness'
import { PresenceController } from '../controllers/presence-controller.ts'
import { LightElement } from './light-element.ts'

/** The people on this model now, as avatars in their colour (`data-presence-user` = token subject). */
export class SpPresenceList extends LightElement {
  static override properties = {
    awareness: { attribute: false },
  }

  declare awareness: Awareness | null
  private readonly presence = new PresenceController(this)

  constructor() {
    super()
    this.awareness = null
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('awareness')) this.presence.setAwareness(this.awareness)
  }

  override render(): TemplateResult {
    const users = this.presence.users
    return html`<ul class="presence" aria-label=${`${users.length} here now`}>
      ${users.map(
        (u) =>
          html`<li
            class="avatar"
            data-presence-user=${u.id}
            style=${`--user-color: ${u.color}`}
            title=${u.isSelf ? `${u.name} (you)` : u.name}
          >
            <span aria-hidden="true">${initials(u.name)}</span
            ><span class="visually-hidden">${u.isSelf ? `${u.name} (you)` : u.name}</span>
          </li>`,
      )}
    </ul>`
  }
}

/** Up to two initials of a display name. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const first = words[0] ?? '?'
  if (words.length === 1) return first.slice(0, 2).toUpperCase()
  return (first.charAt(0) + (words.at(-1) ?? '').charAt(0)).toUpperCase()
}

customElements.define('sp-presence-list', SpPresenceList)

declare global {
  interface HTMLElementTagNameMap {
    'sp-presence-list': SpPresenceList
  }
}
