import { LitElement } from 'lit'

/**
 * A Lit element that renders into itself instead of a shadow root, so the page's stylesheet
 * applies and the stable hooks (`data-factor-id`, `input[name=weight]`, …) are reachable with a
 * plain `document.querySelector` from outside test suites.
 */
export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this
  }
}
