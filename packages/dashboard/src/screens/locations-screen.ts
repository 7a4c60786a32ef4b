import type { AvailabilityRule, Location } from '@booksprintz/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { saveWeeklyHours, windowsOf } from '../hours.ts';
import { t } from '../i18n/index.ts';
import { Screen } from '../screen.ts';
import { field, formValues } from '../ui/field.ts';
import '../ui/hours-editor.ts';
import type { WeeklyWindow } from '../ui/hours-editor.ts';

/**
 * `/app/locations`: where the business works. A location's own hours, when set,
 * narrow every staff member's hours there (DESIGN §3.1); none means "staff hours only".
 */
export class LocationsScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    locations: { state: true },
    editing: { state: true },
    rules: { state: true },
    windows: { state: true },
  };

  declare locations: Location[] | null;
  declare editing: Location | null;
  declare rules: AvailabilityRule[];
  declare windows: WeeklyWindow[];

  constructor() {
    super();
    this.locations = null;
    this.editing = null;
    this.rules = [];
    this.windows = [];
  }

  private get tenantId(): string {
    return this.session?.tenant.id ?? '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    await this.attempt(async () => {
      this.locations = (
        await api.get<{ data: Location[] }>(tenantPath(this.tenantId, '/locations'))
      ).data;
    });
  }

  private async open(location: Location | null): Promise<void> {
    this.editing = location;
    this.error = null;
    this.rules = [];
    this.windows = [];
    if (location) {
      await this.attempt(async () => {
        this.rules = (
          await api.get<{ data: AvailabilityRule[] }>(
            tenantPath(this.tenantId, `/availability-rules?location_id=${location.id}`),
          )
        ).data.filter((rule) => rule.staff_id === null);
        this.windows = windowsOf(this.rules, { location_id: location.id });
      });
    }
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog');
    dialog?.querySelector('form')?.reset();
    dialog?.showModal();
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.target as HTMLFormElement);
    const body = {
      name: values.name,
      address_line1: values.address_line1 || null,
      city: values.city || null,
      postal_code: values.postal_code || null,
      country: values.country || null,
      phone: values.phone || null,
      timezone: values.timezone || null,
    };
    const editing = this.editing;
    const saved = await this.attempt(async () => {
      const location = editing
        ? await api.put<Location>(tenantPath(this.tenantId, `/locations/${editing.id}`), body)
        : await api.post<Location>(tenantPath(this.tenantId, '/locations'), body);
      await saveWeeklyHours(this.tenantId, { location_id: location.id }, this.rules, this.windows);
      return location;
    });
    if (!saved) return;
    this.renderRoot.querySelector('dialog')?.close();
    await this.load();
    this.notice = t('locations.saved', { name: saved.name });
  }

  private async archive(location: Location): Promise<void> {
    if (!confirm(t('locations.archiveConfirm', { name: location.name }))) return;
    await this.attempt(() => api.delete(tenantPath(this.tenantId, `/locations/${location.id}`)));
    await this.load();
  }

  override render(): TemplateResult {
    const location = this.editing;
    const dialogOpen = this.renderRoot.querySelector('dialog')?.open ?? false;
    return html`
      <div class="page-head">
        <div><h1>${t('locations.title')}</h1><p class="muted">${t('locations.lead')}</p></div>
        <button class="primary" @click=${() => this.open(null)}>${t('locations.add')}</button>
      </div>
      ${dialogOpen ? nothing : this.renderMessages()}
      <section class="card">
        ${
          this.locations === null
            ? html`<p class="muted" role="status">${t('app.loading')}</p>`
            : this.locations.length === 0
              ? html`<p class="empty">${t('locations.empty')}</p>`
              : html`<ul class="list">${this.locations.map(
                  (item) => html`<li>
                  <div><strong>${item.name}</strong>
                    <div class="muted small">${[item.address_line1, item.city, item.postal_code].filter(Boolean).join(', ')}</div></div>
                  <div class="row">
                    <button @click=${() => this.open(item)} aria-label=${t('locations.editNamed', { name: item.name })}>${t('app.edit')}</button>
                    <button class="danger" @click=${() => this.archive(item)} aria-label=${t('locations.archiveNamed', { name: item.name })}>${t('app.archive')}</button>
                  </div>
                </li>`,
                )}</ul>`
        }
      </section>
      <dialog aria-labelledby="loc-title" @close=${() => {
        this.editing = null;
      }}>
        <form @submit=${this.save} novalidate>
          <h2 id="loc-title">${location ? t('locations.editTitle') : t('locations.addTitle')}</h2>
          ${dialogOpen ? this.renderMessages() : nothing}
          <div class="grid">
            ${field({ id: 'l-name', label: t('locations.name'), error: this.fieldError('name'), control: (d, invalid) => html`<input id="l-name" name="name" required .value=${location?.name ?? ''} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
            ${field({ id: 'l-address', label: t('locations.address'), control: (d) => html`<input id="l-address" name="address_line1" autocomplete="address-line1" .value=${location?.address_line1 ?? ''} aria-describedby=${d} />` })}
            ${field({ id: 'l-city', label: t('locations.city'), control: (d) => html`<input id="l-city" name="city" autocomplete="address-level2" .value=${location?.city ?? ''} aria-describedby=${d} />` })}
            ${field({ id: 'l-postal', label: t('locations.postal'), control: (d) => html`<input id="l-postal" name="postal_code" autocomplete="postal-code" .value=${location?.postal_code ?? ''} aria-describedby=${d} />` })}
            ${field({ id: 'l-country', label: t('locations.country'), hint: t('locations.countryHint'), error: this.fieldError('country'), control: (d, invalid) => html`<input id="l-country" name="country" maxlength="2" .value=${location?.country ?? ''} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
            ${field({ id: 'l-phone', label: t('locations.phone'), error: this.fieldError('phone'), control: (d, invalid) => html`<input id="l-phone" name="phone" type="tel" .value=${location?.phone ?? ''} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
            ${field({ id: 'l-zone', label: t('locations.zone'), hint: t('locations.zoneHint'), error: this.fieldError('timezone'), control: (d, invalid) => html`<input id="l-zone" name="timezone" list="zones" .value=${location?.timezone ?? ''} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
          </div>
          <datalist id="zones">${Intl.supportedValuesOf('timeZone').map((zone) => html`<option value=${zone}></option>`)}</datalist>
          <h3 class="hours-title">${t('locations.hours')}</h3>
          <p class="hint">${t('locations.hoursHint')}</p>
          <bs-hours-editor .windows=${this.windows} @hours-change=${(
            event: CustomEvent<WeeklyWindow[]>,
          ) => {
            this.windows = event.detail;
          }}></bs-hours-editor>
          <div class="actions">
            <button type="button" @click=${() => this.renderRoot.querySelector('dialog')?.close()}>${t('app.cancel')}</button>
            <button class="primary" type="submit">${t('app.save')}</button>
          </div>
        </form>
      </dialog>
    `;
  }

  static override styles = [
    Screen.styles,
    css`
      .list { list-style: none; margin: 0; padding: 0; }
      .list li { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 12px; padding: 12px 0; border-top: 1px solid #eceef3; }
      .list li:first-child { border-top: 0; }
      dialog { width: min(760px, calc(100vw - 24px)); max-height: calc(100vh - 24px); }
      .hours-title { margin-top: 18px; }
    `,
  ];
}

customElements.define('bs-locations-screen', LocationsScreen);
