import { LitElement, css, svg, html, type TemplateResult } from 'lit'

const WIDTH = 400
const HEIGHT = 150
const PAD = { top: 8, right: 8, bottom: 22, left: 8 }

/** Two score histograms over the same bins, overlaid: the baseline outlined, the draft filled. */
export class SpHistogram extends LitElement {
  static override properties = {
    edges: { attribute: false },
    baseline: { attribute: false },
    draft: { attribute: false },
  }

  static override styles = css`
    :host {
      display: block;
    }
    svg {
      width: 100%;
      height: auto;
      display: block;
    }
    .baseline {
      fill: none;
      stroke: var(--sp-muted, #6b7280);
      stroke-width: 1.5;
    }
    .draft {
      fill: var(--sp-accent, #2563eb);
      fill-opacity: 0.45;
    }
    .axis {
      font:
        10px system-ui,
        sans-serif;
      fill: var(--sp-muted, #6b7280);
    }
    .legend {
      display: flex;
      gap: 1rem;
      font-size: 0.8rem;
      color: var(--sp-muted, #6b7280);
    }
    .swatch {
      display: inline-block;
      width: 0.8em;
      height: 0.8em;
      margin-right: 0.3em;
      vertical-align: -0.1em;
    }
  `

  declare edges: number[]
  declare baseline: number[]
  declare draft: number[]

  constructor() {
    super()
    this.edges = []
    this.baseline = []
    this.draft = []
  }

  override render(): TemplateResult {
    const bins = Math.max(this.baseline.length, this.draft.length)
    const top = Math.max(1, ...this.baseline, ...this.draft)
    const plotW = WIDTH - PAD.left - PAD.right
    const plotH = HEIGHT - PAD.top - PAD.bottom
    const barW = bins === 0 ? 0 : plotW / bins
    const y = (count: number) => PAD.top + plotH - (count / top) * plotH
    const bar = (count: number, i: number, cls: string) =>
      svg`<rect class=${cls} x=${PAD.left + i * barW + 1} y=${y(count)} width=${Math.max(0, barW - 2)}
        height=${PAD.top + plotH - y(count)}><title>${binLabel(this.edges, i)}: ${count} leads</title></rect>`
    const ticks = [0, 0.25, 0.5, 0.75, 1]
    return html`
      <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label=${this.summary()}>
        ${this.draft.map((c, i) => bar(c, i, 'draft'))}
        ${this.baseline.map((c, i) => bar(c, i, 'baseline'))}
        ${ticks.map(
          (t) =>
            svg`<text class="axis" x=${PAD.left + t * plotW} y=${HEIGHT - 6}
              text-anchor=${t === 0 ? 'start' : t === 1 ? 'end' : 'middle'}>${t}</text>`,
        )}
      </svg>
      <div class="legend" aria-hidden="true">
        <span
          ><span class="swatch" style="border:1.5px solid var(--sp-muted, #6b7280)"></span
          >Baseline</span
        >
        <span
          ><span class="swatch" style="background:var(--sp-accent, #2563eb);opacity:.45"></span
          >Draft</span
        >
      </div>
    `
  }

  private summary(): string {
    const peak = (counts: number[]) => {
      const i = counts.indexOf(Math.max(...counts))
      return i < 0 ? 'none' : binLabel(this.edges, i)
    }
    return `Score distribution over ${this.baseline.length} bins: baseline peaks at ${peak(this.baseline)}, draft at ${peak(this.draft)}.`
  }
}

function binLabel(edges: number[], i: number): string {
  const lo = edges[i]
  const hi = edges[i + 1]
  return lo === undefined || hi === undefined ? `bin ${i + 1}` : `${lo.toFixed(2)}–${hi.toFixed(2)}`
}

customElements.define('sp-histogram', SpHistogram)

declare global {
  interface HTMLElementTagNameMap {
    'sp-histogram': SpHistogram
  }
}
