import { html, type TemplateResult } from 'lit'
import type { TierView } from '../doc/factor-view.ts'
import { requestEdit } from '../doc/model-edit.ts'
import { invalidIf, noteId, renderFieldNote, type FieldNote } from './field-notes.ts'
import { LightElement } from './light-element.ts'
import { liveValue, numberText } from './live-value.ts'

/**
 * Edits the tiers: a name and a minimum total each, highest first. Each tier is edited on its own
 * (by its id in the doc), so two people editing different tiers both keep their change.
 */
export class SpTiersEditor extends LightElement {
  static override properties = {
    tiers: { attribute: false },
    notes: { attribute: false },
    readonly: { type: Boolean },
    typed: { state: true },
  }

  declare tiers: TierView[]
  /** Per `<index>.<key>` (`0.min`, `2.name`): its finding and who changed it elsewhere. */
  declare notes: Readonly<Record<string, FieldNote>>
  declare readonly: boolean
  declare typed: Record<string, string>

  constructor() {
    super()
    this.tiers = []
    this.notes = {}
    this.readonly = false
    this.typed = {}
  }

  override render(): TemplateResult {
    return html`
      <table class="tiers" @focusout=${() => this.requestUpdate()}>
        <caption>
          Tiers, highest first: a lead gets the first tier whose minimum its total reaches.
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Minimum total</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.tiers.map(
            (tier, i) =>
              html`<tr data-tier-index=${i}>
                <td>
                  <input
                    name="tier-name"
                    aria-label=${`Name of tier ${i + 1}`}
                    ?disabled=${this.readonly}
                    aria-invalid=${invalidIf(this.note(i, 'name'))}
                    aria-describedby=${noteId('tier', `${i}.name`)}
                    ${liveValue(tier.name)}
                    @change=${(e: Event) =>
                      this.edit(i, 'name', (e.target as HTMLInputElement).value)}
                  />
                  ${renderFieldNote(noteId('tier', `${i}.name`), this.note(i, 'name'))}
                </td>
                <td>
                  <input
                    name="tier-min"
                    inputmode="decimal"
                    autocomplete="off"
                    aria-label=${`Minimum total of tier ${tier.name || i + 1}`}
                    ?disabled=${this.readonly}
                    aria-invalid=${invalidIf(this.note(i, 'min'))}
                    aria-describedby=${noteId('tier', `${i}.min`)}
                    ${liveValue(numberText(tier.min), `${i}.min` in this.typed)}
                    @change=${(e: Event) => this.editMin(i, e.target as HTMLInputElement)}
                  />
                  ${renderFieldNote(noteId('tier', `${i}.min`), this.note(i, 'min'))}
                </td>
                <td>
                  <button
                    type="button"
                    class="icon danger"
                    aria-label=${`Remove tier ${tier.name || i + 1}`}
                    ?disabled=${this.readonly || this.tiers.length <= 1}
                    @click=${() => this.removeTier(i)}
                  >
                    ✕
                  </button>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <button
        type="button"
        ?disabled=${this.readonly || this.tiers.length >= 10}
        @click=${() => requestEdit(this, { type: 'add-tier', tiers: this.tiers })}
      >
        Add tier
      </button>
    `
  }

  private note(index: number, key: 'name' | 'min'): FieldNote | undefined {
    const note = this.notes[`${index}.${key}`]
    const typed = this.typed[`${index}.${key}`]
    return typed ? { ...note, error: typed } : note
  }

  private editMin(index: number, input: HTMLInputElement): void {
    const text = input.value.trim()
    const min = text === '' ? NaN : Number(text)
    if (!Number.isFinite(min)) {
      this.typed = { ...this.typed, [`${index}.min`]: 'Enter a number from 0 to 1.' }
      return
    }
    const { [`${index}.min`]: _gone, ...rest } = this.typed
    this.typed = rest
    this.edit(index, 'min', min)
  }

  private edit(index: number, key: 'name' | 'min', value: string | number): void {
    const tier = this.tiers[index]
    if (tier === undefined) return
    if (tier.id !== '') {
      requestEdit(this, { type: 'tier-field', tierId: tier.id, key, value })
      return
    }
    // An older doc's tiers have no ids yet: writing the list moves them into the tiers map.
    const tiers = this.tiers.map((t, k) => (k === index ? { ...t, [key]: value } : t))
    requestEdit(this, { type: 'set-tiers', tiers })
  }

  private removeTier(index: number): void {
    const tier = this.tiers[index]
    if (tier === undefined) return
    if (tier.id !== '') requestEdit(this, { type: 'remove-tier', tierId: tier.id })
    else requestEdit(this, { type: 'set-tiers', tiers: this.tiers.filter((_, k) => k !== index) })
  }
}

customElements.define('sp-tiers-editor', SpTiersEditor)

declare global {
  interface HTMLElementTagNameMap {
    'sp-tiers-editor': SpTiersEditor
  }
}
