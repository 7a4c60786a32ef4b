import { css, html, LitElement } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { keyed } from 'lit/directives/keyed.js';
import { styleMap } from 'lit/directives/style-map.js';
import { locale } from '../i18n/index.ts';

let loading: Promise<void> | null = null;

/** The real widget, from the same files a customer's page loads (WIDGET.md). */
function loadWidget(): Promise<void> {
  loading ??= new Promise((resolve, reject) => {
    if (customElements.get('book-sprintz')) return resolve();
    const script = document.createElement('script');
    script.type = 'module';
    script.src = '/widget/v1/book-sprintz.js';
    script.onload = () => resolve();
    script.onerror = () => {
      loading = null;
      reject(new Error('widget'));
    };
    document.head.append(script);
  });
  return loading;
}

/**
 * `<bs-widget-preview>`: the business's live `<book-sprintz>` inside the app, so an
 * owner sees what customers see — bookable for real — while choosing colours and
 * preselections. `color` previews a brand colour before it is saved.
 */
export class WidgetPreview extends LitElement {
  static override properties = {
    tenant: {},
    color: {},
    service: {},
    staff: {},
    ready: { state: true },
  };

  declare tenant: string;
  declare color: string | undefined;
  declare service: string | undefined;
  declare staff: string | undefined;
  declare ready: boolean;

  constructor() {
    super();
    this.tenant = '';
    this.ready = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    loadWidget().then(
      () => {
        this.ready = true;
      },
      () => undefined,
    );
  }

  override render(): unknown {
    if (!this.ready || !this.tenant)
      return html`<div class="placeholder" aria-hidden="true"></div>`;
    // A new element per tenant/preselection: the widget reads its attributes on start.
    return keyed(
      `${this.tenant}|${this.service ?? ''}|${this.staff ?? ''}`,
      html`<book-sprintz
        tenant=${this.tenant}
        locale=${locale()}
        service=${ifDefined(this.service || undefined)}
        staff=${ifDefined(this.staff || undefined)}
        style=${styleMap(this.color ? { '--bs-color-primary': this.color } : {})}
      ></book-sprintz>`,
    );
  }

  static override styles = css`
    :host { display: block; }
    .placeholder { min-height: 420px; border-radius: 10px; background: linear-gradient(90deg, #f2f4f8, #e9ecf2, #f2f4f8); }
  `;
}

customElements.define('bs-widget-preview', WidgetPreview);
