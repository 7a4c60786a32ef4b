import type { Location, Service, Staff } from '@booksprintz/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { api, centsToInput, inputToCents, tenantPath } from '../api.ts';
import { money, t } from '../i18n/index.ts';
import { Screen } from '../screen.ts';
import { field, formList, formValues } from '../ui/field.ts';
import './class-timetable.ts';
import type { ClassTimetable } from './class-timetable.ts';

type DepositKind = 'none' | 'fixed' | 'percent';

/** Empty input → null; otherwise a whole number (the API checks the range). */
function optionalInt(value: string | undefined): number | null {
  return value === undefined || value.trim() === '' ? null : Number(value);
}

/**
 * `/app/services`: what customers can book. The list, and one dialog to add or edit a
 * service: price in major units (35.00), duration and buffers, deposits, approval,
 * classes with a capacity, and which staff and locations offer it.
 */
export class ServicesScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    services: { state: true },
    staff: { state: true },
    locations: { state: true },
    editing: { state: true },
    deposit: { state: true },
    bookingType: { state: true },
    saving: { state: true },
  };

  declare services: Service[] | null;
  declare staff: Staff[];
  declare locations: Location[];
  /** The service in the dialog; `null` with the dialog open: a new one. */
  declare editing: Service | null;
  declare deposit: DepositKind;
  declare bookingType: string;
  declare saving: boolean;

  constructor() {
    super();
    this.services = null;
    this.staff = [];
    this.locations = [];
    this.editing = null;
    this.deposit = 'none';
    this.bookingType = 'individual';
    this.saving = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load().then(() => {
      if (this.route?.query.get('new') === '1') this.open(null);
    });
  }

  private get tenantId(): string {
    return this.session?.tenant.id ?? '';
  }

  private async load(): Promise<void> {
    await this.attempt(async () => {
      const [services, staff, locations] = await Promise.all([
        api.get<{ data: Service[] }>(tenantPath(this.tenantId, '/services')),
        api.get<{ data: Staff[] }>(tenantPath(this.tenantId, '/staff')),
        api.get<{ data: Location[] }>(tenantPath(this.tenantId, '/locations')),
      ]);
      this.services = services.data;
      this.staff = staff.data;
      this.locations = locations.data;
    });
  }

  private dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  private timetable(): ClassTimetable | null {
    return this.renderRoot.querySelector('bs-class-timetable');
  }

  private async open(service: Service | null): Promise<void> {
    this.editing = service;
    this.error = null;
    this.deposit = !service?.deposit_required
      ? 'none'
      : service.deposit_percentage != null
        ? 'percent'
        : 'fixed';
    this.bookingType = service?.booking_type ?? 'individual';
    await this.updateComplete;
    const dialog = this.dialog();
    dialog?.querySelector('form')?.reset();
    dialog?.showModal();
  }

  private close(): void {
    this.dialog()?.close();
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = formValues(form);
    const price = inputToCents(values.price ?? '');
    if (price === null) {
      this.error = new Error(t('services.priceInvalid'));
      return;
    }
    const depositValue = values.deposit_value ?? '';
    const body: Record<string, unknown> = {
      name: values.name,
      description: values.description || null,
      duration_minutes: Number(values.duration_minutes),
      price_cents: price,
      booking_type: values.booking_type,
      max_capacity: values.booking_type === 'individual' ? 1 : Number(values.max_capacity || 1),
      requires_approval: values.requires_approval === 'on',
      online_booking_enabled: values.online_booking_enabled === 'on',
      buffer_time_before: Number(values.buffer_time_before || 0),
      buffer_time_after: Number(values.buffer_time_after || 0),
      slot_interval_minutes: optionalInt(values.slot_interval_minutes),
      available_with_staff: formList(form, 'staff'),
      available_at_locations: formList(form, 'locations'),
      deposit_required: this.deposit !== 'none',
      deposit_amount_cents: this.deposit === 'fixed' ? inputToCents(depositValue) : null,
      deposit_percentage: this.deposit === 'percent' ? optionalInt(depositValue) : null,
    };
    if (!this.editing) body.slug = slugify(values.name ?? '');
    this.saving = true;
    const saved = await this.attempt(() =>
      this.editing
        ? api.put<Service>(tenantPath(this.tenantId, `/services/${this.editing.id}`), body)
        : api.post<Service>(tenantPath(this.tenantId, '/services'), body),
    );
    this.saving = false;
    if (!saved) return;
    this.close();
    await this.load();
    this.notice = t('services.saved', { name: saved.name });
  }

  private async archive(service: Service): Promise<void> {
    if (!confirm(t('services.archiveConfirm', { name: service.name }))) return;
    await this.attempt(() => api.delete(tenantPath(this.tenantId, `/services/${service.id}`)));
    await this.load();
  }

  override render(): TemplateResult {
    const currency = this.session?.tenant.currency ?? 'USD';
    return html`
      <div class="page-head">
        <div>
          <h1>${t('services.title')}</h1>
          <p class="muted">${t('services.lead')}</p>
        </div>
        <button class="primary" @click=${() => this.open(null)}>${t('services.add')}</button>
      </div>
      ${this.dialog()?.open ? nothing : this.renderMessages()}
      <section class="card">
        ${
          this.services === null
            ? html`<p class="muted" role="status">${t('app.loading')}</p>`
            : this.services.length === 0
              ? html`<div class="empty"><p>${t('services.empty')}</p>
                <button class="primary" @click=${() => this.open(null)}>${t('services.add')}</button></div>`
              : html`<div class="table-wrap"><table>
                <thead><tr>
                  <th scope="col">${t('services.name')}</th>
                  <th scope="col">${t('services.duration')}</th>
                  <th scope="col">${t('services.price')}</th>
                  <th scope="col"><span class="visually-hidden">${t('app.actions')}</span></th>
                </tr></thead>
                <tbody>
                  ${this.services.map(
                    (service) => html`<tr>
                      <td><strong>${service.name}</strong>
                        ${service.booking_type !== 'individual' ? html`<span class="badge">${t('services.classBadge', { count: service.max_capacity })}</span>` : nothing}
                        ${service.deposit_required ? html`<span class="badge warn">${t('services.depositBadge')}</span>` : nothing}
                        ${service.requires_approval ? html`<span class="badge">${t('services.approvalBadge')}</span>` : nothing}
                      </td>
                      <td>${t('services.minutes', { count: service.duration_minutes })}</td>
                      <td>${money(service.price_cents, service.currency || currency)}</td>
                      <td class="row-actions">
                        <button @click=${() => this.open(service)} aria-label=${t('services.editNamed', { name: service.name })}>${t('app.edit')}</button>
                        ${
                          service.booking_type !== 'individual'
                            ? html`<button @click=${() => this.timetable()?.show(service)} aria-label=${t('services.timetableNamed', { name: service.name })}>${t('services.timetable')}</button>`
                            : nothing
                        }
                        <button class="danger" @click=${() => this.archive(service)} aria-label=${t('services.archiveNamed', { name: service.name })}>${t('app.archive')}</button>
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table></div>`
        }
      </section>
      ${this.renderDialog(currency)}
      <bs-class-timetable @timetable-saved=${(event: CustomEvent<Service>) => {
        this.notice = t('timetable.saved', { name: event.detail.name });
      }}></bs-class-timetable>
    `;
  }

  private renderDialog(currency: string): TemplateResult {
    const service = this.editing;
    return html`<dialog aria-labelledby="service-dialog-title" @close=${() => {
      this.editing = null;
    }}>
      <form @submit=${this.save} novalidate>
        <h2 id="service-dialog-title">${service ? t('services.editTitle') : t('services.addTitle')}</h2>
        ${this.dialog()?.open ? this.renderMessages() : nothing}
        <div class="stack">
          ${field({
            id: 'svc-name',
            label: t('services.name'),
            error: this.fieldError('name'),
            control: (d, invalid) =>
              html`<input id="svc-name" name="name" required .value=${service?.name ?? ''} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />`,
          })}
          ${field({
            id: 'svc-description',
            label: t('services.description'),
            control: (d) =>
              html`<textarea id="svc-description" name="description" aria-describedby=${d} .value=${service?.description ?? ''}></textarea>`,
          })}
          <div class="grid">
            ${field({
              id: 'svc-duration',
              label: t('services.durationMinutes'),
              error: this.fieldError('duration_minutes'),
              control: (d, invalid) =>
                html`<input id="svc-duration" name="duration_minutes" type="number" min="5" step="5" required .value=${String(service?.duration_minutes ?? 30)} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />`,
            })}
            ${field({
              id: 'svc-price',
              label: t('services.priceIn', { currency }),
              hint: t('services.priceHint'),
              error: this.fieldError('price_cents'),
              control: (d, invalid) =>
                html`<input id="svc-price" name="price" inputmode="decimal" required .value=${service ? centsToInput(service.price_cents) : ''} placeholder="35.00" aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />`,
            })}
          </div>
          <fieldset>
            <legend>${t('services.kind')}</legend>
            <div class="grid">
              ${field({
                id: 'svc-type',
                label: t('services.bookingType'),
                control: (
                  d,
                ) => html`<select id="svc-type" name="booking_type" aria-describedby=${d} @change=${(
                  event: Event,
                ) => {
                  this.bookingType = (event.target as HTMLSelectElement).value;
                }}>
                  ${(['individual', 'group', 'class'] as const).map(
                    (kind) =>
                      html`<option value=${kind} ?selected=${this.bookingType === kind}>${t(`services.type.${kind}`)}</option>`,
                  )}
                </select>`,
              })}
              ${
                this.bookingType === 'individual'
                  ? nothing
                  : field({
                      id: 'svc-capacity',
                      label: t('services.capacity'),
                      hint: t('services.capacityHint'),
                      error: this.fieldError('max_capacity'),
                      control: (d, invalid) =>
                        html`<input id="svc-capacity" name="max_capacity" type="number" min="2" max="1000" .value=${String(service?.max_capacity && service.max_capacity > 1 ? service.max_capacity : 8)} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />`,
                    })
              }
            </div>
          </fieldset>
          <fieldset>
            <legend>${t('services.payment')}</legend>
            <div class="grid">
              ${field({
                id: 'svc-deposit',
                label: t('services.deposit'),
                control: (d) => html`<select id="svc-deposit" aria-describedby=${d} @change=${(
                  event: Event,
                ) => {
                  this.deposit = (event.target as HTMLSelectElement).value as DepositKind;
                }}>
                  <option value="none" ?selected=${this.deposit === 'none'}>${t('services.depositNone')}</option>
                  <option value="fixed" ?selected=${this.deposit === 'fixed'}>${t('services.depositFixed')}</option>
                  <option value="percent" ?selected=${this.deposit === 'percent'}>${t('services.depositPercent')}</option>
                </select>`,
              })}
              ${
                this.deposit === 'none'
                  ? nothing
                  : field({
                      id: 'svc-deposit-value',
                      label:
                        this.deposit === 'fixed'
                          ? t('services.depositAmount', { currency })
                          : t('services.depositShare'),
                      hint: t('services.depositHint'),
                      error:
                        this.fieldError('deposit_amount_cents') ??
                        this.fieldError('deposit_percentage'),
                      control: (
                        d,
                        invalid,
                      ) => html`<input id="svc-deposit-value" name="deposit_value" inputmode="decimal" required
                      .value=${this.deposit === 'fixed' ? centsToInput(service?.deposit_amount_cents) : String(service?.deposit_percentage ?? '')}
                      aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />`,
                    })
              }
            </div>
            <label class="check"><input type="checkbox" name="requires_approval" ?checked=${service?.requires_approval ?? false} /> ${t('services.requiresApproval')}</label>
            <label class="check"><input type="checkbox" name="online_booking_enabled" ?checked=${service?.online_booking_enabled ?? true} /> ${t('services.online')}</label>
          </fieldset>
          <fieldset>
            <legend>${t('services.timing')}</legend>
            <div class="grid">
              ${field({
                id: 'svc-before',
                label: t('services.bufferBefore'),
                control: (d) =>
                  html`<input id="svc-before" name="buffer_time_before" type="number" min="0" max="240" step="5" .value=${String(service?.buffer_time_before ?? 0)} aria-describedby=${d} />`,
              })}
              ${field({
                id: 'svc-after',
                label: t('services.bufferAfter'),
                hint: t('services.bufferAfterHint'),
                control: (d) =>
                  html`<input id="svc-after" name="buffer_time_after" type="number" min="0" max="240" step="5" .value=${String(service?.buffer_time_after ?? 0)} aria-describedby=${d} />`,
              })}
              ${field({
                id: 'svc-interval',
                label: t('services.interval'),
                hint: t('services.intervalHint'),
                control: (d) =>
                  html`<input id="svc-interval" name="slot_interval_minutes" type="number" min="5" step="5" .value=${service?.slot_interval_minutes == null ? '' : String(service.slot_interval_minutes)} aria-describedby=${d} />`,
              })}
            </div>
          </fieldset>
          ${
            this.staff.length > 1
              ? html`<fieldset>
                <legend>${t('services.whoOffers')}</legend>
                <p class="hint">${t('services.whoOffersHint')}</p>
                ${this.staff.map(
                  (member) =>
                    html`<label class="check"><input type="checkbox" name="staff" value=${member.id} ?checked=${service?.available_with_staff.includes(member.id) ?? false} /> ${member.name}</label>`,
                )}
              </fieldset>`
              : nothing
          }
          ${
            this.locations.length > 1
              ? html`<fieldset>
                <legend>${t('services.where')}</legend>
                <p class="hint">${t('services.whereHint')}</p>
                ${this.locations.map(
                  (location) =>
                    html`<label class="check"><input type="checkbox" name="locations" value=${location.id} ?checked=${service?.available_at_locations.includes(location.id) ?? false} /> ${location.name}</label>`,
                )}
              </fieldset>`
              : nothing
          }
        </div>
        <div class="actions">
          <button type="button" @click=${this.close}>${t('app.cancel')}</button>
          <button class="primary" type="submit" ?disabled=${this.saving}>${t('app.save')}</button>
        </div>
      </form>
    </dialog>`;
  }

  static override styles = [
    Screen.styles,
    css`
      fieldset { border: 1px solid #eceef3; border-radius: 10px; padding: 12px 14px 14px; margin: 0; }
      legend { font-weight: 700; padding: 0 6px; }
      /* A table cell, not a flex box: a flex cell loses the row's border line. */
      .row-actions { text-align: right; white-space: nowrap; }
      .row-actions button + button { margin-left: 8px; }
      dialog { width: min(680px, calc(100vw - 24px)); max-height: calc(100vh - 24px); }
      td .badge { margin-left: 6px; }
      @media (max-width: 560px) {
        thead { display: none; }
        tr { display: grid; grid-template-columns: 1fr auto; padding: 8px 0; border-bottom: 1px solid #eceef3; }
        td { border: 0; padding: 4px 0; }
        td:first-child { grid-column: 1 / -1; }
        .row-actions { grid-column: 1 / -1; display: flex; gap: 8px; justify-content: flex-start; }
        .row-actions button + button { margin-left: 0; }
      }
    `,
  ];
}

/** A service's public handle from its name ("Deep tissue massage" → "deep-tissue-massage"). */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || `service-${Date.now().toString(36)}`;
}

customElements.define('bs-services-screen', ServicesScreen);
