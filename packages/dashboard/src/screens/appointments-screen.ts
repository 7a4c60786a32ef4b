import type { AdminAppointment, Service, Staff } from '@booksprintz/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { loadCatalog } from '../calendar/calendar-data.ts';
import { addDays, todayIn } from '../calendar/zoned.ts';
import { dateTimeIn } from '../dates.ts';
import { type MessageKey, money, t } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { Screen } from '../screen.ts';
import { CurrentTabInView } from '../ui/tab-strip.ts';
import '../calendar/appointment-panel.ts';

type Tab = 'upcoming' | 'past' | 'pending' | 'cancelled';
const TABS: Tab[] = ['upcoming', 'pending', 'past', 'cancelled'];

/**
 * `/app/appointments?status=upcoming|past|pending|cancelled`: the lists beside the
 * calendar, newest work first, with a customer filter and "load more" paging; each
 * row opens `/app/appointments/<id>`.
 */
export class AppointmentsScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    rows: { state: true },
    next: { state: true },
    staff: { state: true },
    services: { state: true },
  };

  declare rows: AdminAppointment[] | null;
  declare next: string | null;
  declare staff: Staff[];
  declare services: Service[];

  constructor() {
    super();
    // On a phone, "Past" and "Cancelled" are past the strip's edge until scrolled to.
    new CurrentTabInView(this);
    this.rows = null;
    this.next = null;
    this.staff = [];
    this.services = [];
  }

  private get tab(): Tab {
    const status = this.route?.query.get('status') as Tab | null;
    return status && TABS.includes(status) ? status : 'upcoming';
  }

  private get tenantId(): string {
    return this.session?.tenant.id ?? '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadCatalog(this.tenantId).then(
      (catalog) => {
        this.staff = catalog.staff;
        this.services = catalog.services;
      },
      () => undefined,
    );
    void this.load();
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('route') && changed.get('route') !== undefined) void this.load();
  }

  private query(cursor: string | null): string {
    const zone = this.session?.tenant.timezone ?? 'UTC';
    const today = todayIn(zone);
    const params = new URLSearchParams({ limit: '50' });
    if (this.tab === 'upcoming') params.set('start_date', today);
    if (this.tab === 'past') params.set('end_date', addDays(today, -1));
    if (this.tab === 'pending') params.set('status', 'pending');
    if (this.tab === 'cancelled') params.set('status', 'cancelled');
    const email = this.route?.query.get('customer');
    if (email) params.set('customer_email', email);
    if (cursor) params.set('cursor', cursor);
    return params.toString();
  }

  private async load(more = false): Promise<void> {
    await this.attempt(async () => {
      const page = await api.get<{ data: AdminAppointment[]; next_cursor?: string | null }>(
        tenantPath(this.tenantId, `/appointments?${this.query(more ? this.next : null)}`),
      );
      let rows = page.data;
      if (this.tab === 'upcoming') rows = rows.filter((row) => row.status !== 'cancelled');
      if (this.tab === 'past') rows = rows.filter((row) => row.status !== 'cancelled').reverse();
      this.rows = more ? [...(this.rows ?? []), ...rows] : rows;
      this.next = page.next_cursor ?? null;
    });
  }

  override render(): TemplateResult {
    const zone = this.session?.tenant.timezone ?? 'UTC';
    const name = (list: Array<{ id: string; name: string }>, id: string) =>
      list.find((item) => item.id === id)?.name ?? '';
    return html`
      <div class="page-head"><div><h1>${t('appointments.title')}</h1></div></div>
      <nav class="tabs" aria-label=${t('appointments.lists')}>
        ${TABS.map((tab) => html`<a href="/app/appointments?status=${tab}" aria-current=${tab === this.tab ? 'page' : 'false'}>${t(`appointments.tab.${tab}` as MessageKey)}</a>`)}
      </nav>
      <form class="row search" @submit=${(event: SubmitEvent) => {
        event.preventDefault();
        const value = new FormData(event.target as HTMLFormElement).get('customer');
        navigate(
          `/app/appointments?status=${this.tab}${value ? `&customer=${encodeURIComponent(String(value).trim().toLowerCase())}` : ''}`,
        );
      }}>
        <label class="visually-hidden" for="a-customer">${t('appointments.customerFilter')}</label>
        <input id="a-customer" name="customer" type="email" placeholder=${t('appointments.customerFilter')} .value=${this.route?.query.get('customer') ?? ''} />
        <button type="submit">${t('appointments.filter')}</button>
      </form>
      ${this.renderMessages()}
      <section class="card">
        ${
          this.rows === null
            ? html`<p class="muted" role="status">${t('app.loading')}</p>`
            : this.rows.length === 0
              ? html`<p class="empty">${t('appointments.none')}</p>`
              : html`<div class="table-wrap"><table class="stacked">
                <thead><tr><th scope="col">${t('appointment.time')}</th><th scope="col">${t('appointment.customer')}</th><th scope="col">${t('appointment.service')}</th><th scope="col">${t('appointment.staff')}</th><th scope="col">${t('webhooks.status')}</th><th scope="col">${t('services.price')}</th></tr></thead>
                <tbody>${this.rows.map(
                  (row) => html`<tr>
                    <td class="time"><a class="row-link" href="/app/appointments/${row.id}">${dateTimeIn(row.start_time, zone)}</a></td>
                    <td class="customer"><strong>${row.customer_name}</strong><div class="muted small">${row.customer_email}</div></td>
                    <td class="service">${name(this.services, row.service_id)}</td>
                    <td class="staff">${name(this.staff, row.staff_id)}</td>
                    <td class="status"><span class="badge ${row.status === 'confirmed' ? 'ok' : row.status === 'pending' ? 'warn' : ''}">${t(`status.${row.status}` as MessageKey)}</span></td>
                    <td class="price">${money(row.total_price_cents, row.currency)}</td>
                  </tr>`,
                )}</tbody></table></div>
              ${this.next ? html`<div class="actions"><button @click=${() => this.load(true)}>${t('appointments.more')}</button></div>` : nothing}`
        }
      </section>
    `;
  }

  static override styles = [
    Screen.styles,
    css`
      .tabs { display: flex; gap: 4px; overflow-x: auto; margin-bottom: 12px; border-bottom: 1px solid var(--bs-border); }
      .tabs a { padding: 10px 14px; min-height: 44px; display: inline-flex; align-items: center; color: var(--bs-muted); text-decoration: none; font-weight: 600; flex: none; }
      .tabs a[aria-current='page'] { color: var(--bs-accent-strong); box-shadow: inset 0 -3px 0 var(--bs-accent); }
      .search { margin-bottom: 12px; flex-wrap: nowrap; }
      .search input { max-width: 360px; }
      td.time, td.price { white-space: nowrap; }
      /*
       * A phone: one card per appointment, as Square's app lists them. When and its status
       * first, then who, then what, with whom and for how much; the whole card opens it.
       */
      @media (max-width: 560px) {
        tr {
          display: grid; grid-template-columns: auto 1fr auto; gap: 2px 8px; align-items: baseline;
          grid-template-areas: 'time time status' 'customer customer customer' 'service staff price';
        }
        td.time { grid-area: time; font-weight: 600; }
        td.time a { text-decoration: none; }
        td.status { grid-area: status; justify-self: end; }
        td.customer { grid-area: customer; overflow-wrap: anywhere; }
        td.service { grid-area: service; }
        td.staff { grid-area: staff; color: var(--bs-muted); }
        td.staff:not(:empty)::before { content: '· ' / ''; }
        td.price { grid-area: price; justify-self: end; }
      }
    `,
  ];
}

/** `/app/appointments/<id>`: one appointment, the owner's "approval needed" e-mail links here. */
export class AppointmentDetailScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    appointment: { state: true },
    staff: { state: true },
    services: { state: true },
  };

  declare appointment: AdminAppointment | null;
  declare staff: Staff[];
  declare services: Service[];

  constructor() {
    super();
    this.appointment = null;
    this.staff = [];
    this.services = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const tenantId = this.session?.tenant.id ?? '';
    void this.attempt(async () => {
      const [appointment, catalog] = await Promise.all([
        api.get<AdminAppointment>(
          tenantPath(tenantId, `/appointments/${encodeURIComponent(this.route.params.id ?? '')}`),
        ),
        loadCatalog(tenantId),
      ]);
      this.staff = catalog.staff;
      this.services = catalog.services;
      this.appointment = appointment;
    });
  }

  override render(): TemplateResult {
    return html`<p class="small"><a href="/app/appointments">${t('appointments.title')}</a> /</p>
      <h1>${this.appointment ? this.appointment.customer_name : t('appointment.title')}</h1>
      ${
        this.appointment
          ? html`<section class="card"><bs-appointment-panel .appointment=${this.appointment} .staff=${this.staff} .services=${this.services}></bs-appointment-panel></section>`
          : this.renderMessages()
      }`;
  }
}

customElements.define('bs-appointments-screen', AppointmentsScreen);
customElements.define('bs-appointment-detail-screen', AppointmentDetailScreen);
