import { css, html, type TemplateResult } from 'lit';
import { t } from '../i18n/index.ts';
import { markStepDone } from '../onboarding.ts';
import { Screen } from '../screen.ts';
import { field, formValues } from '../ui/field.ts';
import '../ui/widget-preview.ts';
import { saveTenant } from './business-section.ts';

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Brand colour and logo, with the real widget previewed in that colour as it is typed. */
export class BrandingSection extends Screen {
  static override properties = { ...Screen.properties, color: { state: true } };

  declare color: string;

  constructor() {
    super();
    this.color = '';
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const session = this.session;
    if (!session) return;
    const values = formValues(event.target as HTMLFormElement);
    const ok = await this.attempt(async () => {
      await markStepDone(session.tenant, 'branding');
      return saveTenant(this, {
        primary_color: values.primary_color,
        logo_url: values.logo_url || null,
      });
    });
    if (ok) this.notice = t('settings.saved');
  }

  override render(): TemplateResult {
    const tenant = this.session?.tenant;
    if (!tenant) return html``;
    const color = this.color || tenant.primary_color;
    return html`<div class="split">
      <section class="card" aria-labelledby="brand-title">
        <h2 id="brand-title">${t('settings.branding')}</h2>
        <p class="muted">${t('settings.brandingLead')}</p>
        ${this.renderMessages()}
        <form @submit=${this.save} novalidate>
          <div class="stack">
            ${field({
              id: 'br-color',
              label: t('settings.brandColor'),
              hint: t('settings.brandColorHint'),
              error: this.fieldError('primary_color'),
              control: (d, invalid) => html`<div class="row">
                <input type="color" aria-hidden="true" tabindex="-1" .value=${HEX.test(color) ? color : '#4f46e5'} @input=${(
                  event: Event,
                ) => {
                  this.color = (event.target as HTMLInputElement).value;
                }} />
                <input id="br-color" name="primary_color" class="hex" .value=${color} pattern="#[0-9a-fA-F]{6}" aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'}
                  @input=${(event: Event) => {
                    const value = (event.target as HTMLInputElement).value;
                    if (HEX.test(value)) this.color = value;
                  }} />
              </div>`,
            })}
            ${field({
              id: 'br-logo',
              label: t('settings.logo'),
              hint: t('settings.logoHint'),
              error: this.fieldError('logo_url'),
              control: (d, invalid) =>
                html`<input id="br-logo" name="logo_url" type="url" placeholder="https://" .value=${tenant.logo_url ?? ''} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />`,
            })}
          </div>
          <div class="actions"><button class="primary" type="submit">${t('app.save')}</button></div>
        </form>
      </section>
      <aside class="card" aria-labelledby="brand-preview">
        <h2 id="brand-preview">${t('settings.preview')}</h2>
        <bs-widget-preview .tenant=${tenant.subdomain} .color=${color}></bs-widget-preview>
      </aside>
    </div>`;
  }

  static override styles = [
    Screen.styles,
    css`
      .split { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; align-items: start; }
      @media (max-width: 980px) { .split { grid-template-columns: minmax(0, 1fr); } }
      .hex { width: 140px; font-family: ui-monospace, monospace; }
    `,
  ];
}

/** The hosted booking page: its words, and which sites may embed the widget. */
export class BookingPageSection extends Screen {
  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const session = this.session;
    if (!session) return;
    const values = formValues(event.target as HTMLFormElement);
    const domains = (values.allowed_domains ?? '')
      .split(/[\s,]+/)
      .map((domain) => domain.trim().toLowerCase())
      .filter(Boolean);
    const ok = await this.attempt(() =>
      saveTenant(this, {
        booking_page_settings: {
          ...session.tenant.booking_page_settings,
          headline: values.headline || undefined,
          about: values.about || undefined,
        },
        allowed_domains: domains,
      }),
    );
    if (ok) this.notice = t('settings.saved');
  }

  override render(): TemplateResult {
    const tenant = this.session?.tenant;
    if (!tenant) return html``;
    const settings = tenant.booking_page_settings as { headline?: string; about?: string };
    const url = `${location.origin}/${tenant.subdomain}`;
    return html`<section class="card" aria-labelledby="page-title">
      <h2 id="page-title">${t('settings.bookingPage')}</h2>
      <p>${t('settings.bookingPageLead')} <a href=${url} target="_blank" rel="noopener">${url}</a></p>
      ${this.renderMessages()}
      <form @submit=${this.save} novalidate>
        <div class="stack">
          ${field({ id: 'bp-headline', label: t('settings.headline'), control: (d) => html`<input id="bp-headline" name="headline" maxlength="120" .value=${settings.headline ?? ''} aria-describedby=${d} />` })}
          ${field({ id: 'bp-about', label: t('settings.about'), control: (d) => html`<textarea id="bp-about" name="about" maxlength="2000" .value=${settings.about ?? ''} aria-describedby=${d}></textarea>` })}
          ${field({
            id: 'bp-domains',
            label: t('settings.allowedDomains'),
            hint: t('settings.allowedDomainsHint'),
            error: this.fieldError('allowed_domains'),
            control: (d, invalid) =>
              html`<textarea id="bp-domains" name="allowed_domains" .value=${tenant.allowed_domains.join('\n')} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'}></textarea>`,
          })}
        </div>
        <div class="actions"><button class="primary" type="submit">${t('app.save')}</button></div>
      </form>
    </section>`;
  }
}

customElements.define('bs-branding-section', BrandingSection);
customElements.define('bs-booking-page-section', BookingPageSection);
