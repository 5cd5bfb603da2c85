// <acme-address-editor>: a web component whose fields live in an open shadow root, as many
// business apps' design systems do.
class AcmeAddressEditor extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    // Re-render mode (see app.js): ids generated as a framework would.
    const id = (name) => window.acmeVariant?.id(name) ?? name;
    root.innerHTML = `
      <style>
        :host { display: block; border: 1px dashed #a0aec0; padding: 8px 12px; border-radius: 6px; margin: 8px 0; }
        label { display: block; margin: 4px 0; font-size: 14px; }
        input { display: block; padding: 4px 6px; margin-top: 2px; font: inherit; }
      </style>
      <fieldset style="border:0;padding:0;margin:0">
        <legend>Billing address</legend>
        <label>Street <input name="street" id="${id('street')}" autocomplete="street-address"></label>
        <label>Postal code <input name="postalCode" id="${id('postal-code')}" autocomplete="postal-code" inputmode="numeric"></label>
      </fieldset>`;
  }
  get value() {
    const root = this.shadowRoot;
    const fields = root?.querySelectorAll('input') ?? [];
    return {
      street: fields[0]?.value ?? '',
      postalCode: fields[1]?.value ?? '',
    };
  }
}
customElements.define('acme-address-editor', AcmeAddressEditor);
