import { html, type TemplateResult } from 'lit'
import type * as Y from 'yjs'
import { setTiers } from '../../shared/model-doc.ts'
import type { Tier } from '../../shared/model-schema.ts'
import type { TierView } from '../doc/factor-view.ts'
import { LOCAL_ORIGIN } from '../doc/local-origin.ts'
import { LightElement } from './light-element.ts'
import { liveValue, numberText } from './live-value.ts'

/**
 * Edits the tiers: a name and a minimum total each, highest first. Tiers are written as one value
 * (their ordering rules couple every entry), so each edit writes the whole list.
 */
export class SpTiersEditor extends LightElement {
  static override properties = {
    doc: { attribute: false },
    tiers: { attribute: false },
    readonly: { type: Boolean },
  }

  declare doc: Y.Doc | null
  declare tiers: TierView[]
  declare readonly: boolean

  constructor() {
    super()
    this.doc = null
    this.tiers = []
    this.readonly = false
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
                    ${liveValue(tier.name)}
                    @change=${(e: Event) =>
                      this.edit(i, { name: (e.target as HTMLInputElement).value })}
                  />
                </td>
                <td>
                  <input
                    type="number"
                    name="tier-min"
                    step="any"
                    min="0"
                    max="1"
                    aria-label=${`Minimum total of tier ${tier.name || i + 1}`}
                    ?disabled=${this.readonly}
                    ${liveValue(numberText(tier.min))}
                    @change=${(e: Event) => this.editMin(i, e.target as HTMLInputElement)}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    class="icon danger"
                    aria-label=${`Remove tier ${tier.name || i + 1}`}
                    ?disabled=${this.readonly || this.tiers.length <= 1}
                    @click=${() => this.write(this.tiers.filter((_, k) => k !== i))}
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
        @click=${this.add}
      >
        Add tier
      </button>
    `
  }

  private editMin(index: number, input: HTMLInputElement): void {
    const min = input.value.trim() === '' ? NaN : Number(input.value)
    if (!Number.isFinite(min)) {
      input.value = numberText(this.tiers[index]?.min ?? NaN)
      return
    }
    this.edit(index, { min })
  }

  private edit(index: number, change: Partial<Tier>): void {
    this.write(this.tiers.map((t, k) => (k === index ? { ...t, ...change } : t)))
  }

  /** A new lowest tier at 0; the previous lowest moves halfway up so the order stays valid. */
  private add(): void {
    const tiers = this.tiers.map((t) => ({ ...t }))
    const last = tiers.at(-1)
    const above = tiers.at(-2)?.min ?? 1
    if (last && last.min === 0) last.min = Number.isFinite(above) ? above / 2 : 0.5
    const names = new Set(tiers.map((t) => t.name))
    let name = String.fromCharCode(65 + tiers.length)
    for (let n = 2; names.has(name); n++) name = `Tier ${tiers.length + n}`
    this.write([...tiers, { name, min: 0 }])
  }

  private write(tiers: TierView[]): void {
    if (this.doc) setTiers(this.doc, tiers, LOCAL_ORIGIN)
  }
}

customElements.define('sp-tiers-editor', SpTiersEditor)

declare global {
  interface HTMLElementTagNameMap {
    'sp-tiers-editor': SpTiersEditor
  }
}
