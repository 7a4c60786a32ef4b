import type { AdminAppointment, Customer } from '@booksprintz/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { dateTimeIn } from '../dates.ts';
import { type MessageKey, money, t } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { Screen } from '../screen.ts';
import { field, formValues } from '../ui/field.ts';

/** `/app/customers`: everyone who booked, searchable by name, e-mail or phone. */
export class CustomersScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    rows: { state: true },
    next: { state: true },
  };

  declare rows: Customer[] | null;
  declare next: string | null;

  constructor() {
    super();
    this.rows = null;
    this.next = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('route') && changed.get('route') !== undefined) void this.load();
  }

  private async load(more = false): Promise<void> {
    const params = new URLSearchParams({ limit: '50' });
    const q = this.route?.query.get('q');
    if (q) params.set('q', q);
    if (more && this.next) params.set('cursor', this.next);
    await this.attempt(async () => {
      const page = await api.get<{ data: Customer[]; next_cursor: string | null }>(
        tenantPath(this.session?.tenant.id ?? '', `/customers?${params}`),
      );
      this.rows = more ? [...(this.rows ?? []), ...page.data] : page.data;
      this.next = page.next_cursor;
    });
  }

  override render(): TemplateResult {
    const currency = this.session?.tenant.currency ?? 'USD';
    return html`
      <div class="page-head"><div><h1>${t('customers.title')}</h1><p class="muted">${t('customers.lead')}</p></div></div>
      <form role="search" class="row search" @submit=${(event: SubmitEvent) => {
        event.preventDefault();
        const q = String(new FormData(event.target as HTMLFormElement).get('q') ?? '').trim();
        navigate(`/app/customers${q ? `?q=${encodeURIComponent(q)}` : ''}`);
      }}>
        <label class="visually-hidden" for="c-q">${t('customers.search')}</label>
        <input id="c-q" name="q" type="search" placeholder=${t('customers.search')} .value=${this.route?.query.get('q') ?? ''} />
        <button type="submit">${t('customers.searchButton')}</button>
      </form>
      ${this.renderMessages()}
      <section class="card">
        ${
          this.rows === null
            ? html`<p class="muted" role="status">${t('app.loading')}</p>`
            : this.rows.length === 0
              ? html`<p class="empty">${t('customers.none')}</p>`
              : html`<div class="table-wrap"><table class="stacked">
                <thead><tr><th scope="col">${t('appointment.customer')}</th><th scope="col">${t('customers.visits')}</th><th scope="col">${t('customers.spent')}</th><th scope="col">${t('customers.noShows')}</th></tr></thead>
                <tbody>${this.rows.map(
                  (row) => html`<tr>
                    <td class="who"><a class="row-link" href="/app/customers/${row.id}"><strong>${row.name}</strong></a><div class="muted small">${row.email}</div></td>
                    <td data-label=${t('customers.visits')}>${row.total_appointments}</td><td data-label=${t('customers.spent')}>${money(row.total_spent_cents, currency)}</td><td data-label=${t('customers.noShows')}>${row.no_show_count}</td>
                  </tr>`,
                )}</tbody></table></div>
              ${this.next ? html`<div class="actions"><button @click=${() => this.load(true)}>${t('appointments.more')}</button></div>` : nothing}`
        }
      </section>`;
  }

  static override styles = [
    Screen.styles,
    css`
      .search { margin-bottom: 12px; flex-wrap: nowrap; }
      .search input { max-width: 420px; }
      /*
       * A phone: one card per customer, their three figures under their name, each with
       * its column's name (the header row is hidden); the whole card opens the profile.
       */
      @media (max-width: 560px) {
        /* A wrapping line, not three equal columns: "4 095,00 $US" is wider than a third. */
        tr { display: flex; flex-wrap: wrap; gap: 6px 24px; }
        td.who { flex-basis: 100%; overflow-wrap: anywhere; }
        td[data-label]::before { content: attr(data-label); display: block; font-size: 0.75rem; color: var(--bs-muted); }
      }
    `,
  ];
}

/**
 * `/app/customers/<id>`: a customer's profile, history, spend and no-shows, the team's
 * notes and tags, and their data: export (JSON, CSV) and erase (GDPR), confirmed by
 * typing the e-mail address.
 */
export class CustomerDetailScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    customer: { state: true },
    history: { state: true },
    erasing: { state: true },
  };

  declare customer: Customer | null;
  declare history: AdminAppointment[];
  declare erasing: boolean;

  constructor() {
    super();
    this.customer = null;
    this.history = [];
    this.erasing = false;
  }

  private get tenantId(): string {
    return this.session?.tenant.id ?? '';
  }

  private get customerId(): string {
    return encodeURIComponent(this.route?.params.id ?? '');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.attempt(async () => {
      const customer = await api.get<Customer>(
        tenantPath(this.tenantId, `/customers/${this.customerId}`),
      );
      const history = await api.get<{ data: AdminAppointment[] }>(
        tenantPath(
          this.tenantId,
          `/appointments?customer_email=${encodeURIComponent(customer.email)}&limit=100`,
        ),
      );
      this.customer = customer;
      this.history = history.data.reverse();
    });
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.target as HTMLFormElement);
    const tags = (values.tags ?? '')
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    const saved = await this.attempt(() =>
      api.put<Customer>(tenantPath(this.tenantId, `/customers/${this.customerId}`), {
        notes: values.notes || null,
        tags,
      }),
    );
    if (saved) {
      this.customer = saved;
      this.notice = t('settings.saved');
    }
  }

  private async download(format: 'json' | 'csv'): Promise<void> {
    const data = await this.attempt(() =>
      api.get<{ customer: Customer; appointments: Array<Record<string, unknown>> }>(
        tenantPath(this.tenantId, `/customers/${this.customerId}/export`),
      ),
    );
    if (!data) return;
    const body = format === 'json' ? JSON.stringify(data, null, 2) : toCsv(data.appointments);
    const url = URL.createObjectURL(
      new Blob([body], { type: format === 'json' ? 'application/json' : 'text/csv' }),
    );
    const link = document.createElement('a');
    link.href = url;
    link.download = `customer-${this.customer?.id}.${format}`;
    link.click();
    URL.revokeObjectURL(url);
  }

  private async erase(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.target as HTMLFormElement);
    if ((values.confirm ?? '').trim().toLowerCase() !== this.customer?.email.toLowerCase()) {
      this.error = new Error(t('customers.eraseMismatch'));
      return;
    }
    const done = await this.attempt(() =>
      api.delete(tenantPath(this.tenantId, `/customers/${this.customerId}`)),
    );
    if (done !== undefined || !this.error) navigate('/app/customers');
  }

  override render(): TemplateResult {
    const customer = this.customer;
    const zone = this.session?.tenant.timezone ?? 'UTC';
    const currency = this.session?.tenant.currency ?? 'USD';
    if (!customer) return html`<h1>${t('customers.title')}</h1>${this.renderMessages()}`;
    return html`
      <p class="small"><a href="/app/customers">${t('customers.title')}</a> /</p>
      <div class="page-head"><div><h1>${customer.name}</h1>
        <p class="muted"><a href="mailto:${customer.email}">${customer.email}</a>${customer.phone ? html` · <a href="tel:${customer.phone}">${customer.phone}</a>` : nothing}</p></div></div>
      ${this.renderMessages()}
      <div class="stats">
        <div class="card stat"><span class="muted small">${t('customers.visits')}</span><strong>${customer.total_appointments}</strong></div>
        <div class="card stat"><span class="muted small">${t('customers.spent')}</span><strong>${money(customer.total_spent_cents, currency)}</strong></div>
        <div class="card stat"><span class="muted small">${t('customers.noShows')}</span><strong>${customer.no_show_count}</strong></div>
        <div class="card stat"><span class="muted small">${t('customers.cancellations')}</span><strong>${customer.cancellation_count}</strong></div>
      </div>
      <section class="card" aria-labelledby="hist"><h2 id="hist">${t('customers.history')}</h2>
        ${
          this.history.length
            ? html`<ul class="history">${this.history.map(
                (
                  item,
                ) => html`<li><a href="/app/appointments/${item.id}">${dateTimeIn(item.start_time, zone)}</a>
                <span class="badge">${t(`status.${item.status}` as MessageKey)}</span> ${money(item.total_price_cents, item.currency)}</li>`,
              )}</ul>`
            : html`<p class="muted">${t('appointments.none')}</p>`
        }
      </section>
      <section class="card" aria-labelledby="notes-h"><h2 id="notes-h">${t('customers.notes')}</h2>
        <form @submit=${this.save}>
          ${field({ id: 'cu-notes', label: t('customers.notesLabel'), control: (d) => html`<textarea id="cu-notes" name="notes" .value=${customer.notes ?? ''} aria-describedby=${d}></textarea>` })}
          ${field({ id: 'cu-tags', label: t('customers.tags'), hint: t('customers.tagsHint'), control: (d) => html`<input id="cu-tags" name="tags" .value=${customer.tags.join(', ')} aria-describedby=${d} />` })}
          <div class="actions"><button class="primary" type="submit">${t('app.save')}</button></div>
        </form>
      </section>
      <section class="card" aria-labelledby="data-h"><h2 id="data-h">${t('customers.data')}</h2>
        <p class="muted">${t('customers.dataLead')}</p>
        <div class="row">
          <button @click=${() => this.download('json')}>${t('customers.exportJson')}</button>
          <button @click=${() => this.download('csv')}>${t('customers.exportCsv')}</button>
          <button class="danger" @click=${() => {
            this.erasing = true;
          }}>${t('customers.erase')}</button>
        </div>
        ${
          this.erasing
            ? html`<form class="erase" @submit=${this.erase}>
              <p><strong>${t('customers.eraseWarning')}</strong></p>
              ${field({ id: 'cu-confirm', label: t('customers.eraseConfirm', { email: customer.email }), control: (d) => html`<input id="cu-confirm" name="confirm" autocomplete="off" aria-describedby=${d} />` })}
              <div class="actions"><button type="button" @click=${() => {
                this.erasing = false;
              }}>${t('app.cancel')}</button><button class="danger" type="submit">${t('customers.eraseButton')}</button></div>
            </form>`
            : nothing
        }
      </section>`;
  }

  static override styles = [
    Screen.styles,
    css`
      .stats { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 12px; }
      @media (max-width: 720px) { .stats { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
      .stat { display: flex; flex-direction: column; gap: 4px; padding: 14px 16px; }
      .stat strong { font-size: 1.35rem; }
      .history { list-style: none; margin: 0; padding: 0; }
      .history li { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; padding: 8px 0; border-top: 1px solid #eceef3; }
      .erase { margin-top: 14px; border: 1px solid #fecdca; background: var(--bs-danger-soft); border-radius: 10px; padding: 14px; }
    `,
  ];
}

/** Rows of flat records as CSV (RFC 4180 quoting; nested values as JSON). */
export function toCsv(rows: Array<Record<string, unknown>>): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown) => {
    const text =
      value == null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    // A leading =, +, - or @ would run as a formula in a spreadsheet.
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return [
    columns.join(','),
    ...rows.map((row) => columns.map((column) => cell(row[column])).join(',')),
  ].join('\r\n');
}

customElements.define('bs-customers-screen', CustomersScreen);
customElements.define('bs-customer-detail-screen', CustomerDetailScreen);
