import { css, html, nothing, svg, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { addDays, todayIn } from '../calendar/zoned.ts';
import { locale, money, t, weekdayNames } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { Screen } from '../screen.ts';
import { toCsv } from './customers-screen.ts';

interface OverviewFigures {
  bookings: number;
  confirmed: number;
  completed: number;
  cancelled: number;
  no_shows: number;
  pending: number;
  cancellation_rate: number;
  no_show_rate: number;
  revenue_cents: number;
  currency: string;
  average_lead_time_hours: number | null;
  by_service: Array<{ service_id: string; bookings: number; revenue_cents: number }>;
  by_staff: Array<{
    staff_id: string;
    bookings: number;
    booked_minutes: number;
    open_minutes: number;
    utilization: number | null;
  }>;
  by_hour: Array<{ day_of_week: number; hour: number; bookings: number }>;
}
type Overview = OverviewFigures & { previous: OverviewFigures };
interface RevenueFigures {
  currency: string;
  total_cents: number;
  deposits_cents: number;
  refunded_cents: number;
  by_day: Array<{ date: string; cents: number }>;
}
type Revenue = RevenueFigures & { previous: RevenueFigures };
interface CustomersFigures {
  new: number;
  returning: number;
  top: Array<{ customer_id: string; name: string; bookings: number; revenue_cents: number }>;
}
type Customers = CustomersFigures & { previous: CustomersFigures };
interface FunnelFigures {
  views: number;
  service_selected: number;
  slot_selected: number;
  details_started: number;
  booked: number;
  by_source: Array<{
    origin: string | null;
    widget_id: string | null;
    views: number;
    booked: number;
  }>;
}
type Funnel = FunnelFigures & { previous: FunnelFigures };

interface Named {
  id: string;
  name: string;
}

/**
 * `/app/analytics?start_date=…&end_date=…`: how the business is doing, in its own zone —
 * headline figures with the change on the previous period, revenue by day, busiest
 * hours, services, staff utilisation, new and returning customers, and the funnel of
 * the embedded widget per site. Charts are plain SVG with the numbers beside them
 * (no chart library to load), and everything exports as CSV.
 */
export class AnalyticsScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    overview: { state: true },
    revenue: { state: true },
    customers: { state: true },
    funnel: { state: true },
    names: { state: true },
  };

  declare overview: Overview | null;
  declare revenue: Revenue | null;
  declare customers: Customers | null;
  declare funnel: Funnel | null;
  declare names: Map<string, string>;

  constructor() {
    super();
    this.overview = null;
    this.revenue = null;
    this.customers = null;
    this.funnel = null;
    this.names = new Map();
  }

  private get range(): { start: string; end: string } {
    const today = todayIn(this.session?.tenant.timezone ?? 'UTC');
    const start = this.route?.query.get('start_date');
    const end = this.route?.query.get('end_date');
    const valid = (value: string | null | undefined): value is string =>
      !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);
    return { start: valid(start) ? start : addDays(today, -29), end: valid(end) ? end : today };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('route') && changed.get('route') !== undefined) void this.load();
  }

  private async load(): Promise<void> {
    const tenantId = this.session?.tenant.id ?? '';
    const { start, end } = this.range;
    const query = `?start_date=${start}&end_date=${end}`;
    await this.attempt(async () => {
      const [overview, revenue, customers, funnel, staff, services] = await Promise.all([
        api.get<Overview>(tenantPath(tenantId, `/analytics/overview${query}`)),
        api.get<Revenue>(tenantPath(tenantId, `/analytics/revenue${query}`)),
        api.get<Customers>(tenantPath(tenantId, `/analytics/customers${query}`)),
        api.get<Funnel>(tenantPath(tenantId, `/analytics/funnel${query}`)),
        api.get<{ data: Named[] }>(tenantPath(tenantId, '/staff')),
        api.get<{ data: Named[] }>(tenantPath(tenantId, '/services')),
      ]);
      this.names = new Map([...staff.data, ...services.data].map((item) => [item.id, item.name]));
      this.overview = overview;
      this.revenue = revenue;
      this.customers = customers;
      this.funnel = funnel;
    });
  }

  private preset(days: number): void {
    const today = todayIn(this.session?.tenant.timezone ?? 'UTC');
    navigate(`/app/analytics?start_date=${addDays(today, -(days - 1))}&end_date=${today}`);
  }

  private exportCsv(): void {
    const overview = this.overview;
    const revenue = this.revenue;
    if (!overview || !revenue) return;
    const rows: Array<Record<string, unknown>> = [
      ...revenue.by_day.map((day) => ({
        section: 'revenue_by_day',
        date: day.date,
        cents: day.cents,
      })),
      ...overview.by_service.map((row) => ({
        section: 'by_service',
        name: this.names.get(row.service_id) ?? row.service_id,
        bookings: row.bookings,
        cents: row.revenue_cents,
      })),
      ...overview.by_staff.map((row) => ({
        section: 'by_staff',
        name: this.names.get(row.staff_id) ?? row.staff_id,
        bookings: row.bookings,
        booked_minutes: row.booked_minutes,
        open_minutes: row.open_minutes,
        utilization: row.utilization,
      })),
    ];
    const url = URL.createObjectURL(new Blob([toCsv(rows)], { type: 'text/csv' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `analytics-${this.range.start}-${this.range.end}.csv`;
    link.click();
    URL.revokeObjectURL(url);
  }

  override render(): TemplateResult {
    const { start, end } = this.range;
    return html`
      <div class="page-head">
        <div><h1>${t('analytics.title')}</h1><p class="muted">${t('analytics.lead')}</p></div>
        <button @click=${this.exportCsv} ?disabled=${!this.overview}>${t('analytics.export')}</button>
      </div>
      <form class="range row" @submit=${(event: SubmitEvent) => {
        event.preventDefault();
        const data = new FormData(event.target as HTMLFormElement);
        navigate(`/app/analytics?start_date=${data.get('start')}&end_date=${data.get('end')}`);
      }}>
        <label for="an-start">${t('analytics.from')}</label><input id="an-start" name="start" type="date" .value=${start} />
        <label for="an-end">${t('analytics.to')}</label><input id="an-end" name="end" type="date" .value=${end} />
        <button type="submit">${t('analytics.apply')}</button>
        ${[7, 30, 90, 365].map((days) => html`<button type="button" class="link" @click=${() => this.preset(days)}>${t('analytics.lastDays', { count: days })}</button>`)}
      </form>
      ${this.renderMessages()}
      ${this.overview && this.revenue && this.customers && this.funnel ? this.renderFigures(this.overview, this.revenue, this.customers, this.funnel) : this.error ? nothing : html`<p class="muted" role="status">${t('app.loading')}</p>`}
    `;
  }

  private renderFigures(
    overview: Overview,
    revenue: Revenue,
    customers: Customers,
    funnel: Funnel,
  ): TemplateResult {
    const currency = overview.currency;
    const percent = (value: number) =>
      new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(value);
    const cards: Array<{
      label: string;
      value: string;
      now: number;
      before: number;
      lowerIsBetter?: boolean;
    }> = [
      {
        label: t('analytics.bookings'),
        value: String(overview.bookings),
        now: overview.bookings,
        before: overview.previous.bookings,
      },
      {
        label: t('analytics.revenue'),
        value: money(overview.revenue_cents, currency),
        now: overview.revenue_cents,
        before: overview.previous.revenue_cents,
      },
      {
        label: t('analytics.cancellationRate'),
        value: percent(overview.cancellation_rate),
        now: overview.cancellation_rate,
        before: overview.previous.cancellation_rate,
        lowerIsBetter: true,
      },
      {
        label: t('analytics.noShowRate'),
        value: percent(overview.no_show_rate),
        now: overview.no_show_rate,
        before: overview.previous.no_show_rate,
        lowerIsBetter: true,
      },
      {
        label: t('analytics.newCustomers'),
        value: String(customers.new),
        now: customers.new,
        before: customers.previous.new,
      },
      {
        label: t('analytics.returning'),
        value: String(customers.returning),
        now: customers.returning,
        before: customers.previous.returning,
      },
    ];
    return html`
      <div class="cards">
        ${cards.map((card) => html`<div class="card stat"><span class="muted small">${card.label}</span><strong>${card.value}</strong>${this.change(card.now, card.before, card.lowerIsBetter)}</div>`)}
      </div>
      <section class="card" aria-labelledby="rev-h"><h2 id="rev-h">${t('analytics.revenueByDay')}</h2>
        <p class="muted small">${t('analytics.revenueDetail', { total: money(revenue.total_cents, currency), deposits: money(revenue.deposits_cents, currency), refunded: money(revenue.refunded_cents, currency) })}</p>
        ${this.bars(revenue.by_day, currency)}
      </section>
      <div class="two">
        <section class="card" aria-labelledby="hours-h"><h2 id="hours-h">${t('analytics.busiestHours')}</h2>${this.heatmap(overview.by_hour)}</section>
        <section class="card" aria-labelledby="funnel-h"><h2 id="funnel-h">${t('analytics.funnel')}</h2>${this.funnelView(funnel)}</section>
      </div>
      <div class="two">
        <section class="card" aria-labelledby="svc-h"><h2 id="svc-h">${t('analytics.byService')}</h2>
          <table><thead><tr><th scope="col">${t('appointment.service')}</th><th scope="col">${t('analytics.bookings')}</th><th scope="col">${t('analytics.revenue')}</th></tr></thead>
          <tbody>${overview.by_service.map((row) => html`<tr><td>${this.names.get(row.service_id) ?? '—'}</td><td>${row.bookings}</td><td>${money(row.revenue_cents, currency)}</td></tr>`)}</tbody></table>
        </section>
        <section class="card" aria-labelledby="staff-h"><h2 id="staff-h">${t('analytics.byStaff')}</h2>
          <table><thead><tr><th scope="col">${t('appointment.staff')}</th><th scope="col">${t('analytics.bookings')}</th><th scope="col">${t('analytics.utilization')}</th></tr></thead>
          <tbody>${overview.by_staff.map(
            (
              row,
            ) => html`<tr><td>${this.names.get(row.staff_id) ?? '—'}</td><td>${row.bookings}</td>
              <td><div class="util"><meter min="0" max="1" .value=${row.utilization ?? 0} aria-label=${t('analytics.utilization')}></meter> ${row.utilization == null ? '—' : percent(row.utilization)}</div>
              <span class="muted small">${t('analytics.bookedOfOpen', { booked: Math.round(row.booked_minutes / 60), open: Math.round(row.open_minutes / 60) })}</span></td></tr>`,
          )}</tbody></table>
        </section>
      </div>
      <section class="card" aria-labelledby="top-h"><h2 id="top-h">${t('analytics.topCustomers')}</h2>
        ${
          customers.top.length
            ? html`<table><thead><tr><th scope="col">${t('appointment.customer')}</th><th scope="col">${t('analytics.bookings')}</th><th scope="col">${t('analytics.revenue')}</th></tr></thead>
              <tbody>${customers.top.map((row) => html`<tr><td><a href="/app/customers/${row.customer_id}">${row.name}</a></td><td>${row.bookings}</td><td>${money(row.revenue_cents, currency)}</td></tr>`)}</tbody></table>`
            : html`<p class="muted">${t('appointments.none')}</p>`
        }
      </section>
    `;
  }

  private change(now: number, before: number, lowerIsBetter = false): TemplateResult {
    if (before === 0 && now === 0)
      return html`<span class="delta muted small">${t('analytics.noChange')}</span>`;
    if (before === 0) return html`<span class="delta small">${t('analytics.newThisPeriod')}</span>`;
    const ratio = (now - before) / Math.abs(before);
    const good = lowerIsBetter ? ratio < 0 : ratio > 0;
    const text = new Intl.NumberFormat(locale(), {
      style: 'percent',
      maximumFractionDigits: 0,
      signDisplay: 'exceptZero',
    }).format(ratio);
    return html`<span class="delta small ${ratio === 0 ? 'muted' : good ? 'up' : 'down'}">${text} ${t('analytics.vsPrevious')}</span>`;
  }

  private bars(days: Array<{ date: string; cents: number }>, currency: string): TemplateResult {
    if (!days.length) return html`<p class="muted">${t('appointments.none')}</p>`;
    const max = Math.max(1, ...days.map((day) => day.cents));
    const width = 720;
    const height = 180;
    const barWidth = width / days.length;
    return html`<figure class="chart">
      <svg viewBox="0 0 ${width} ${height + 20}" role="img" aria-label=${t('analytics.revenueByDay')} preserveAspectRatio="none">
        ${days.map((day, index) => {
          const barHeight = (day.cents / max) * height;
          return svg`<rect x=${index * barWidth + 1} y=${height - barHeight} width=${Math.max(1, barWidth - 2)} height=${barHeight} rx="2"><title>${day.date}: ${money(day.cents, currency)}</title></rect>`;
        })}
        <line x1="0" x2=${width} y1=${height} y2=${height} />
      </svg>
      <figcaption class="muted small">${days[0]?.date} – ${days.at(-1)?.date} · ${t('analytics.max', { amount: money(max, currency) })}</figcaption>
    </figure>`;
  }

  private heatmap(cells: Overview['by_hour']): TemplateResult {
    const names = weekdayNames();
    const hours = [...new Set(cells.map((cell) => cell.hour))].sort((a, b) => a - b);
    if (!hours.length) return html`<p class="muted">${t('appointments.none')}</p>`;
    const first = Math.min(...hours);
    const last = Math.max(...hours);
    const max = Math.max(1, ...cells.map((cell) => cell.bookings));
    const value = (day: number, hour: number) =>
      cells.find((cell) => cell.day_of_week === day && cell.hour === hour)?.bookings ?? 0;
    const range: number[] = [];
    for (let hour = first; hour <= last; hour++) range.push(hour);
    return html`<div class="table-wrap"><table class="heat">
      <thead><tr><th scope="col"><span class="visually-hidden">${t('analytics.day')}</span></th>${range.map((hour) => html`<th scope="col">${hour}</th>`)}</tr></thead>
      <tbody>${[1, 2, 3, 4, 5, 6, 0].map(
        (day) =>
          html`<tr><th scope="row">${(names[day] ?? '').slice(0, 3)}</th>${range.map((hour) => {
            const count = value(day, hour);
            return html`<td style="--heat:${count / max}" title="${names[day]} ${hour}:00 — ${count}"><span class="visually-hidden">${count}</span></td>`;
          })}</tr>`,
      )}</tbody></table></div>`;
  }

  private funnelView(funnel: Funnel): TemplateResult {
    const steps: Array<[string, number]> = [
      [t('analytics.step.views'), funnel.views],
      [t('analytics.step.service'), funnel.service_selected],
      [t('analytics.step.slot'), funnel.slot_selected],
      [t('analytics.step.details'), funnel.details_started],
      [t('analytics.step.booked'), funnel.booked],
    ];
    const top = Math.max(1, funnel.views);
    const percent = (value: number) =>
      new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(value);
    return html`<ol class="funnel">${steps.map(
      ([label, count]) =>
        html`<li><span class="label">${label}</span><span class="bar"><span style="width:${(count / top) * 100}%"></span></span><span class="num">${count} <span class="muted small">${percent(count / top)}</span></span></li>`,
    )}</ol>
      ${
        funnel.by_source.length
          ? html`<h3>${t('analytics.bySite')}</h3><table><thead><tr><th scope="col">${t('analytics.site')}</th><th scope="col">${t('analytics.step.views')}</th><th scope="col">${t('analytics.step.booked')}</th></tr></thead>
            <tbody>${funnel.by_source.map((row) => html`<tr><td>${row.origin ?? t('analytics.unknownSite')}</td><td>${row.views}</td><td>${row.booked}</td></tr>`)}</tbody></table>`
          : nothing
      }`;
  }

  static override styles = [
    Screen.styles,
    css`
      .range { margin-bottom: 16px; gap: 8px; }
      .range input { width: auto; }
      .range label { margin: 0; }
      .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; margin-bottom: 4px; }
      .stat { display: flex; flex-direction: column; gap: 2px; padding: 14px 16px; }
      .stat strong { font-size: 1.5rem; }
      .delta.up { color: var(--bs-ok); }
      .delta.down { color: var(--bs-danger); }
      .two { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; }
      @media (max-width: 900px) { .two { grid-template-columns: minmax(0, 1fr); } }
      .chart { margin: 0; }
      .chart svg { width: 100%; height: 200px; }
      .chart rect { fill: var(--bs-accent); }
      .chart line { stroke: var(--bs-border); }
      .heat td { width: 28px; height: 24px; padding: 0; background: color-mix(in srgb, var(--bs-accent) calc(var(--heat) * 100%), #f2f4f8); border: 2px solid #fff; }
      .heat th { font-size: 0.75rem; padding: 2px 4px; }
      .funnel { list-style: none; margin: 0 0 12px; padding: 0; }
      .funnel li { display: grid; grid-template-columns: 130px 1fr 90px; gap: 10px; align-items: center; padding: 6px 0; }
      .funnel .bar { background: #eef0f4; border-radius: 6px; height: 14px; overflow: hidden; }
      .funnel .bar span { display: block; height: 100%; background: var(--bs-accent); }
      .util { display: flex; align-items: center; gap: 8px; }
      meter { width: 90px; }
    `,
  ];
}

customElements.define('bs-analytics-screen', AnalyticsScreen);
