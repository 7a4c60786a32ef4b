import type { AdminAppointment, Customer, Service, Staff } from '@booksprintz/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { t } from '../i18n/index.ts';
import { Screen } from '../screen.ts';
import { field, formValues } from '../ui/field.ts';
import { addDays, hhmm, instantAt } from './zoned.ts';

type Kind = 'booking' | 'walk-in' | 'block';

/**
 * `<bs-new-entry>`: what clicking an empty slot offers — a booking for a new or
 * existing customer (searched as you type), a walk-in (starts now, no e-mail needed),
 * or blocked time. Bookings go through the same lock and rules as the widget; the
 * database refuses an overlap whatever the caller. Fires `entry-created`.
 */
export class NewEntry extends Screen {
  static override properties = {
    ...Screen.properties,
    staff: { attribute: false },
    services: { attribute: false },
    date: {},
    minutes: { type: Number },
    staffId: {},
    kind: { state: true },
    found: { state: true },
    picked: { state: true },
  };

  declare staff: Staff[];
  declare services: Service[];
  declare date: string;
  declare minutes: number;
  declare staffId: string;
  declare kind: Kind;
  declare found: Customer[];
  declare picked: Customer | null;

  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.staff = [];
    this.services = [];
    this.date = '';
    this.minutes = 9 * 60;
    this.staffId = '';
    this.kind = 'booking';
    this.found = [];
    this.picked = null;
  }

  private get tenantId(): string {
    return this.session?.tenant.id ?? '';
  }

  private get zone(): string {
    return this.session?.tenant.timezone ?? 'UTC';
  }

  private search(query: string): void {
    clearTimeout(this.searchTimer);
    this.picked = null;
    if (query.trim().length < 2) {
      this.found = [];
      return;
    }
    this.searchTimer = setTimeout(async () => {
      const page = await api
        .get<{ data: Customer[] }>(
          tenantPath(this.tenantId, `/customers?q=${encodeURIComponent(query.trim())}&limit=8`),
        )
        .catch(() => ({ data: [] as Customer[] }));
      this.found = page.data;
    }, 200);
  }

  private pick(customer: Customer): void {
    this.picked = customer;
    this.found = [];
    const form = this.renderRoot.querySelector('form');
    if (!form) return;
    (form.elements.namedItem('name') as HTMLInputElement).value = customer.name;
    (form.elements.namedItem('email') as HTMLInputElement).value = customer.email;
    (form.elements.namedItem('phone') as HTMLInputElement).value = customer.phone ?? '';
  }

  private startOf(values: Record<string, string>): string {
    const [hour = '0', minute = '0'] = (values.time ?? '').split(':');
    return instantAt(values.date ?? this.date, Number(hour) * 60 + Number(minute), this.zone);
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.target as HTMLFormElement);
    const staffId = values.staff_id ?? this.staffId;
    let created: unknown;
    if (this.kind === 'block') {
      const [hour = '0', minute = '0'] = (values.time ?? '').split(':');
      const from = Number(hour) * 60 + Number(minute);
      const until = from + Number(values.length || 60);
      created = await this.attempt(() =>
        api.post(tenantPath(this.tenantId, '/availability-rules'), {
          staff_id: staffId,
          rule_type: 'block',
          is_available: false,
          specific_date: values.date,
          start_time: hhmm(from),
          end_time: hhmm(Math.min(until, 24 * 60 - 1)),
          reason: values.reason || null,
        }),
      );
    } else {
      const walkIn = this.kind === 'walk-in';
      created = await this.attempt(() =>
        api.post<{ appointment: AdminAppointment }>(tenantPath(this.tenantId, '/appointments'), {
          service_id: values.service_id,
          staff_id: staffId,
          start_time: this.startOf(values),
          // A walk-in may give no e-mail: the API keeps no customer record and mails no one.
          customer: {
            name: values.name || t('calendar.walkInName'),
            ...(values.email ? { email: values.email } : {}),
            ...(values.phone ? { phone: values.phone } : {}),
          },
          ...(values.notes ? { internal_notes: values.notes } : {}),
          booking_source: 'manual',
          metadata: walkIn ? { walk_in: 'true' } : {},
          // Outside hours or inside the notice window on purpose; recorded on the booking.
          ...(values.override_rules === 'on' ? { override_rules: true } : {}),
        }),
      );
    }
    if (created === undefined) return;
    this.dispatchEvent(new CustomEvent('entry-created', { bubbles: true, composed: true }));
  }

  override render(): TemplateResult {
    const kinds: Kind[] = ['booking', 'walk-in', 'block'];
    const bookable = this.services.filter((service) => service.status === 'active');
    return html`<form @submit=${this.submit} novalidate>
      <div class="kinds" role="radiogroup" aria-label=${t('calendar.newWhat')}>
        ${kinds.map(
          (
            kind,
          ) => html`<label class="kind ${this.kind === kind ? 'on' : ''}"><input type="radio" name="kind" value=${kind} .checked=${this.kind === kind}
            @change=${() => {
              this.kind = kind;
              this.error = null;
            }} /> ${t(`calendar.kind.${kind}`)}</label>`,
        )}
      </div>
      ${this.renderMessages()}
      <div class="grid">
        ${field({ id: 'n-date', label: t('appointment.date'), control: (d) => html`<input id="n-date" name="date" type="date" required .value=${this.date} min=${addDays(this.date, -365)} aria-describedby=${d} />` })}
        ${field({ id: 'n-time', label: t('appointment.time'), control: (d) => html`<input id="n-time" name="time" type="time" step="300" required .value=${hhmm(this.minutes)} aria-describedby=${d} />` })}
        ${field({
          id: 'n-staff',
          label: t('appointment.staff'),
          control: (d) => html`<select id="n-staff" name="staff_id" aria-describedby=${d}>
          ${this.staff.map((member) => html`<option value=${member.id} ?selected=${member.id === this.staffId}>${member.name}</option>`)}</select>`,
        })}
        ${
          this.kind === 'block'
            ? html`${field({ id: 'n-length', label: t('calendar.blockLength'), control: (d) => html`<input id="n-length" name="length" type="number" min="5" step="5" value="60" aria-describedby=${d} />` })}
              ${field({ id: 'n-reason', label: t('timeOff.reason'), control: (d) => html`<input id="n-reason" name="reason" aria-describedby=${d} />` })}`
            : field({
                id: 'n-service',
                label: t('appointment.service'),
                error: this.fieldError('service_id'),
                control: (
                  d,
                ) => html`<select id="n-service" name="service_id" required aria-describedby=${d}>
              ${bookable.map((service) => html`<option value=${service.id}>${service.name} (${service.duration_minutes} min)</option>`)}</select>`,
              })
        }
      </div>
      ${
        this.kind === 'block'
          ? nothing
          : html`<div class="grid customer">
            <div class="search">
              ${field({
                id: 'n-name',
                label:
                  this.kind === 'walk-in' ? t('calendar.nameOptional') : t('calendar.customerName'),
                hint: this.kind === 'booking' ? t('calendar.searchHint') : undefined,
                error: this.fieldError('customer.name'),
                control: (
                  d,
                ) => html`<input id="n-name" name="name" autocomplete="off" ?required=${this.kind === 'booking'} aria-describedby=${d}
                  aria-autocomplete="list" aria-controls="n-matches" aria-expanded=${this.found.length ? 'true' : 'false'}
                  @input=${(event: Event) => this.search((event.target as HTMLInputElement).value)} />`,
              })}
              ${
                this.found.length
                  ? html`<ul id="n-matches" class="matches" role="listbox" aria-label=${t('calendar.matches')}>
                    ${this.found.map(
                      (
                        customer,
                      ) => html`<li role="option" aria-selected="false"><button type="button" @click=${() => this.pick(customer)}>
                        <strong>${customer.name}</strong> <span class="muted small">${customer.email}</span></button></li>`,
                    )}</ul>`
                  : nothing
              }
            </div>
            ${field({ id: 'n-email', label: this.kind === 'walk-in' ? t('calendar.emailOptional') : t('auth.email'), error: this.fieldError('customer.email'), control: (d) => html`<input id="n-email" name="email" type="email" ?required=${this.kind === 'booking'} aria-describedby=${d} />` })}
            ${field({ id: 'n-phone', label: t('staff.phone'), error: this.fieldError('customer.phone'), control: (d) => html`<input id="n-phone" name="phone" type="tel" aria-describedby=${d} />` })}
            ${field({ id: 'n-notes', label: t('appointment.internalNotes'), control: (d) => html`<input id="n-notes" name="notes" aria-describedby=${d} />` })}
          </div>
          ${this.picked ? html`<p class="small muted">${t('calendar.existingCustomer', { count: this.picked.total_appointments })}</p>` : nothing}
          <label class="check override"><input type="checkbox" name="override_rules" /> ${t('calendar.override')}</label>
          <p class="small muted">${t('calendar.overrideHint')}</p>`
      }
      <div class="actions">
        <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('entry-cancel', { bubbles: true, composed: true }))}>${t('app.cancel')}</button>
        <button class="primary" type="submit">${t(`calendar.create.${this.kind}`)}</button>
      </div>
    </form>`;
  }

  static override styles = [
    Screen.styles,
    css`
      .kinds { display: flex; gap: 8px; margin-bottom: 14px; flex-wrap: wrap; }
      .kind { display: flex; align-items: center; gap: 8px; border: 1px solid var(--bs-border); border-radius: 999px; padding: 6px 14px; font-weight: 600; min-height: 44px; cursor: pointer; }
      .kind.on { border-color: var(--bs-accent); background: var(--bs-accent-soft); color: var(--bs-accent-strong); }
      .customer { margin-top: 12px; }
      .override { margin-top: 12px; }
      .search { position: relative; }
      .matches { position: absolute; z-index: 3; left: 0; right: 0; list-style: none; margin: 2px 0 0; padding: 4px; background: #fff; border: 1px solid var(--bs-border); border-radius: 8px; box-shadow: 0 8px 24px rgb(15 23 42 / 0.12); }
      .matches button { width: 100%; justify-content: flex-start; border: 0; text-align: left; }
    `,
  ];
}

customElements.define('bs-new-entry', NewEntry);
