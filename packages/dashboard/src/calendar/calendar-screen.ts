import type {
  AdminAppointment,
  AvailabilityContext,
  AvailabilityRule,
  Location,
  Service,
  Staff,
} from '@booksprintz/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { ApiProblem, api, tenantPath } from '../api.ts';
import { locale, type MessageKey, t } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { problemMessage, Screen } from '../screen.ts';
import { type CalendarData, colourOf, loadCalendar, loadCatalog } from './calendar-data.ts';
import { busySpans, type DaySpan, insideOpen, openSpans, openTimeContext } from './open-hours.ts';
import {
  clock,
  dayLabel,
  hourLabel,
  instantAt,
  localDay,
  minutesOfDay,
  rangeOf,
  step,
  title,
  todayIn,
  type View,
} from './zoned.ts';
import './appointment-panel.ts';
import './new-entry.ts';

const HOUR_PX = 64;
const SNAP = 15;
/** How often an open calendar asks for changes (bookings from the widget, colleagues). */
const POLL_MS = 15_000;

interface Column {
  key: string;
  label: string;
  date: string;
  staffId: string | null;
}

interface Drag {
  /** Moving the whole appointment, or pulling its bottom edge to change its length. */
  mode: 'move' | 'resize';
  appointment: AdminAppointment;
  element: HTMLElement;
  startX: number;
  startY: number;
  moved: boolean;
  deltaMinutes: number;
  column: Column | null;
  origin: Column;
}

/**
 * `/app/calendar?view=day|week|month&date=YYYY-MM-DD&staff=<id>`: the screen a salon keeps
 * open. Day: a column per staff member; week: a column per day; month: a grid. Drag an
 * appointment to move it (across columns to reassign) — a reschedule through the same
 * lock and rules as the widget; a refusal snaps it back and says why. Click an empty
 * time to add a booking, a walk-in or blocked time. Every appointment is also a button
 * (Enter opens it, with a "Move" form): the keyboard way to do the same. The calendar
 * asks for changes every 15 s, so widget bookings appear without a reload.
 */
export class CalendarScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    staff: { state: true },
    services: { state: true },
    data: { state: true },
    selected: { state: true },
    creating: { state: true },
    colourBy: { state: true },
    locations: { state: true },
    notify: { state: true },
    filtersOpen: { state: true },
  };

  declare staff: Staff[];
  declare services: Service[];
  declare data: CalendarData | null;
  declare selected: AdminAppointment | null;
  declare creating: { date: string; minutes: number; staffId: string } | null;
  declare colourBy: 'service' | 'staff';
  declare locations: Location[];
  /** Whether a drag or resize tells the customer (ticked by default; DASHBOARD.md). */
  declare notify: boolean;
  /** On a phone the less-used controls fold behind "Filters" so the grid starts higher. */
  declare filtersOpen: boolean;
  /** The engine's context for open hours, rebuilt when rules or staff change. */
  private openContext: AvailabilityContext | null = null;
  private openKey = '';
  /** Open spans per column, for the context above (the engine runs once per column). */
  private openCache = new Map<string, DaySpan[]>();
  /** Each appointment's local day and minutes, read once per load (Luxon is not free). */
  private placed = new WeakMap<AdminAppointment, { day: string; start: number }>();

  private drag: Drag | null = null;
  private poll: ReturnType<typeof setInterval> | undefined;
  private lastJson = '';

  constructor() {
    super();
    this.staff = [];
    this.services = [];
    this.data = null;
    this.selected = null;
    this.creating = null;
    this.locations = [];
    this.notify = true;
    this.filtersOpen = false;
    this.colourBy =
      (localStorage.getItem('bs-calendar-colour') as 'service' | 'staff') || 'service';
  }

  private get zone(): string {
    return this.session?.tenant.timezone ?? 'UTC';
  }

  private get tenantId(): string {
    return this.session?.tenant.id ?? '';
  }

  private get view(): View {
    const view = this.route?.query.get('view');
    return view === 'week' || view === 'month' ? view : 'day';
  }

  private get date(): string {
    const date = this.route?.query.get('date');
    return date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : todayIn(this.zone);
  }

  private get staffFilter(): string {
    return (
      this.route?.query.get('staff') ??
      (this.session?.role === 'staff' ? (this.session.staffId ?? '') : '')
    );
  }

  private get serviceFilter(): string {
    return this.route?.query.get('service') ?? '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.start();
    this.poll = setInterval(() => {
      if (document.visibilityState === 'visible' && !this.drag) void this.refresh(true);
    }, POLL_MS);
  }

  override disconnectedCallback(): void {
    clearInterval(this.poll);
    super.disconnectedCallback();
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('route') && changed.get('route') !== undefined) void this.refresh();
  }

  /** Catalog and the visible range load side by side: the first paint waits for one round. */
  private async start(): Promise<void> {
    await Promise.all([
      this.attempt(async () => {
        const catalog = await loadCatalog(this.tenantId);
        this.staff = catalog.staff;
        this.services = catalog.services;
        this.locations = catalog.locations;
      }),
      this.refresh(),
    ]);
  }

  /** Loads the visible range; a quiet refresh (polling) keeps the screen when nothing changed. */
  private async refresh(quiet = false): Promise<void> {
    const { start, end } = rangeOf(this.view, this.date);
    try {
      const data = await loadCalendar(this.tenantId, start, end);
      const json = JSON.stringify(data);
      if (quiet && json === this.lastJson) return;
      this.lastJson = json;
      this.data = data;
    } catch (error) {
      if (!quiet) this.error = error;
    }
  }

  private go(params: Record<string, string | null>): void {
    const query = new URLSearchParams(this.route?.query);
    for (const [key, value] of Object.entries(params)) {
      if (value) query.set(key, value);
      else query.delete(key);
    }
    navigate(`/app/calendar?${query}`);
  }

  private columns(): Column[] {
    const { days } = rangeOf(this.view, this.date);
    if (this.view === 'day') {
      return this.visibleStaff().map((member) => ({
        key: member.id,
        label: member.name,
        date: this.date,
        staffId: member.id,
      }));
    }
    return days.map((date) => ({
      key: date,
      label: dayLabel(date, locale()),
      date,
      staffId: this.staffFilter || null,
    }));
  }

  private visibleStaff(): Staff[] {
    return this.staff.filter((member) => !this.staffFilter || member.id === this.staffFilter);
  }

  /** The appointment's local day and start minute in the business's zone, cached. */
  private place(item: AdminAppointment): { day: string; start: number } {
    let placed = this.placed.get(item);
    if (!placed) {
      placed = {
        day: localDay(item.start_time, this.zone),
        start: minutesOfDay(item.start_time, this.zone),
      };
      this.placed.set(item, placed);
    }
    return placed;
  }

  private appointmentsIn(column: Column): AdminAppointment[] {
    return (this.data?.appointments ?? []).filter(
      (item) =>
        this.place(item).day === column.date &&
        (!column.staffId || item.staff_id === column.staffId) &&
        (!this.staffFilter || item.staff_id === this.staffFilter) &&
        (!this.serviceFilter || item.service_id === this.serviceFilter),
    );
  }

  private blocksIn(column: Column): Array<{ from: number; to: number; reason: string | null }> {
    return (this.data?.blocks ?? [])
      .filter((rule: AvailabilityRule) => {
        const from = rule.specific_date ?? rule.date_range_start ?? '';
        const to = rule.specific_date ?? rule.date_range_end ?? from;
        const staffOk =
          rule.staff_id === null || !column.staffId || rule.staff_id === column.staffId;
        return staffOk && from <= column.date && to >= column.date;
      })
      .map((rule) => {
        const [sh = 0, sm = 0] = (rule.start_time ?? '00:00').split(':').map(Number);
        const [eh = 24, em = 0] = (rule.end_time ?? '24:00').split(':').map(Number);
        return { from: sh * 60 + sm, to: eh * 60 + em || 24 * 60, reason: rule.reason };
      });
  }

  private context(): AvailabilityContext | null {
    if (!this.data) return null;
    const key = JSON.stringify([this.data.rules, this.staff, this.locations]);
    if (key !== this.openKey || !this.openContext) {
      this.openKey = key;
      this.openCache.clear();
      this.openContext = openTimeContext(this.staff, this.locations, this.data.rules, this.zone);
    }
    return this.openContext;
  }

  private staffOf(column: Column): string[] {
    return column.staffId ? [column.staffId] : this.visibleStaff().map((member) => member.id);
  }

  /** The column's open hours, by the shared engine (the widget's own rules). */
  private openIn(column: Column): DaySpan[] {
    const context = this.context();
    if (!context) return [];
    const key = `${column.date}|${this.staffOf(column).join(',')}`;
    let spans = this.openCache.get(key);
    if (!spans) {
      spans = openSpans(context, this.staffOf(column), column.date, this.zone);
      this.openCache.set(key, spans);
    }
    return spans;
  }

  private busyIn(column: Column): DaySpan[] {
    return busySpans(this.data?.busy ?? [], this.staffOf(column), column.date, this.zone);
  }

  /**
   * Why a refused move was refused, in the owner's words: the API answers 409 for any
   * rule; the calendar knows which one from what it shows (taken, outside hours), else
   * it is a buffer or the notice window.
   */
  private refusalReason(item: AdminAppointment, column: Column, from: number, to: number): string {
    const staffId = column.staffId ?? item.staff_id;
    const taken = (this.data?.appointments ?? []).some((other) => {
      if (other.id === item.id || other.staff_id !== staffId) return false;
      if (this.place(other).day !== column.date) return false;
      const start = this.place(other).start;
      const end = start + (Date.parse(other.end_time) - Date.parse(other.start_time)) / 60_000;
      return start < to && from < end;
    });
    if (taken) return t('calendar.reasonTaken');
    const context = this.context();
    if (context && !insideOpen(openSpans(context, [staffId], column.date, this.zone), from, to)) {
      return t('calendar.reasonClosed');
    }
    return t('calendar.reasonBuffer');
  }

  /** Hours shown: 7:00–21:00, widened to whatever the range holds. */
  private hours(): { first: number; last: number } {
    let first = 7 * 60;
    let last = 21 * 60;
    for (const item of this.data?.appointments ?? []) {
      const start = this.place(item).start;
      const minutes = (Date.parse(item.end_time) - Date.parse(item.start_time)) / 60_000;
      first = Math.min(first, Math.floor(start / 60) * 60);
      last = Math.max(last, Math.min(24 * 60, Math.ceil((start + minutes) / 60) * 60));
    }
    return { first, last };
  }

  private colour(item: AdminAppointment): string {
    return colourOf(this.colourBy === 'staff' ? item.staff_id : item.service_id);
  }

  private serviceName(id: string): string {
    return this.services.find((service) => service.id === id)?.name ?? '';
  }

  // ── dragging ──────────────────────────────────────────────────────────────────

  private onPointerDown(event: PointerEvent, item: AdminAppointment, origin: Column): void {
    if (event.button !== 0 || item.status === 'completed' || item.status === 'no_show') return;
    const element = event.currentTarget as HTMLElement;
    element.setPointerCapture(event.pointerId);
    const handle = (event.target as HTMLElement | null)?.closest?.('.resize');
    this.drag = {
      mode: handle ? 'resize' : 'move',
      appointment: item,
      element,
      startX: event.clientX,
      startY: event.clientY,
      moved: false,
      deltaMinutes: 0,
      column: origin,
      origin,
    };
  }

  private onPointerMove(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    if (!drag.moved && Math.hypot(dx, dy) < 5) return;
    drag.moved = true;
    drag.deltaMinutes = Math.round(((dy / HOUR_PX) * 60) / SNAP) * SNAP;
    drag.element.classList.add('dragging');
    if (drag.mode === 'resize') {
      // Never shorter than one snap: the bottom edge follows the pointer.
      const minutes = durationOf(drag.appointment);
      drag.deltaMinutes = Math.max(SNAP - minutes, drag.deltaMinutes);
      drag.element.style.height = `${((minutes + drag.deltaMinutes) / 60) * HOUR_PX - 2}px`;
      return;
    }
    drag.column = this.columnAt(event.clientX) ?? drag.origin;
    const originRect = this.columnElement(drag.origin.key)?.getBoundingClientRect();
    const targetRect = this.columnElement(drag.column.key)?.getBoundingClientRect();
    const shiftX = originRect && targetRect ? targetRect.left - originRect.left : 0;
    drag.element.style.transform = `translate(${shiftX}px, ${(drag.deltaMinutes / 60) * HOUR_PX}px)`;
  }

  private async onPointerUp(): Promise<void> {
    const drag = this.drag;
    this.drag = null;
    if (!drag) return;
    if (!drag.moved) {
      this.selected = drag.appointment;
      return;
    }
    const column = drag.mode === 'resize' ? drag.origin : (drag.column ?? drag.origin);
    const reset = () => {
      drag.element.style.transform = '';
      drag.element.style.height = '';
      drag.element.classList.remove('dragging');
    };
    if (drag.deltaMinutes === 0 && column.key === drag.origin.key) {
      reset();
      return;
    }
    const item = drag.appointment;
    const length = durationOf(item) + (drag.mode === 'resize' ? drag.deltaMinutes : 0);
    const startMinutes =
      minutesOfDay(item.start_time, this.zone) + (drag.mode === 'move' ? drag.deltaMinutes : 0);
    const body: Record<string, unknown> = { notify_customer: this.notify };
    if (drag.mode === 'resize') body.duration_minutes = length;
    else body.start_time = instantAt(column.date, startMinutes, this.zone);
    const staffId = column.staffId && column.staffId !== item.staff_id ? column.staffId : null;
    if (staffId) body.staff_id = staffId;
    try {
      await api.put(tenantPath(this.tenantId, `/appointments/${item.id}`), body);
      this.notice = t(
        drag.mode === 'resize'
          ? 'calendar.resized'
          : this.notify
            ? 'appointment.moved'
            : 'calendar.movedQuiet',
      );
      this.error = null;
    } catch (error) {
      // Refused (taken, outside hours, a buffer): it snaps back and the reason is shown,
      // as a problem so the alert shows this text (a plain Error reads "something went wrong").
      this.error =
        error instanceof ApiProblem
          ? new ApiProblem(
              error.status,
              error.code,
              t('calendar.moveRefused', {
                reason:
                  error.status === 409
                    ? this.refusalReason(item, column, startMinutes, startMinutes + length)
                    : problemMessage(error),
              }),
            )
          : error;
    }
    reset();
    await this.refresh();
  }

  private columnElement(key: string): HTMLElement | null {
    return this.renderRoot.querySelector(`[data-column="${CSS.escape(key)}"]`);
  }

  private columnAt(x: number): Column | null {
    for (const column of this.columns()) {
      const rect = this.columnElement(column.key)?.getBoundingClientRect();
      if (rect && x >= rect.left && x < rect.right) return column;
    }
    return null;
  }

  private onEmptyClick(event: MouseEvent, column: Column, first: number): void {
    if (event.target !== event.currentTarget) return;
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const minutes = first + Math.floor((((event.clientY - rect.top) / HOUR_PX) * 60) / SNAP) * SNAP;
    this.creating = {
      date: column.date,
      minutes,
      staffId: column.staffId ?? this.staffFilter ?? this.staff[0]?.id ?? '',
    };
  }

  // ── rendering ─────────────────────────────────────────────────────────────────

  override render(): TemplateResult {
    const view = this.view;
    return html`
      <div class="page-head">
        <div><h1>${t('calendar.title')}</h1></div>
        <button class="primary" @click=${() => {
          this.creating = {
            date: this.date,
            minutes: 9 * 60,
            staffId: this.staffFilter || (this.staff[0]?.id ?? ''),
          };
        }}>${t('calendar.new')}</button>
      </div>
      <div class="toolbar">
        <div class="row nav">
          <button data-testid="calendar-prev" aria-label=${t('calendar.prev')} @click=${() => this.go({ date: step(view, this.date, -1) })}>‹</button>
          <button data-testid="calendar-today" @click=${() => this.go({ date: todayIn(this.zone) })}>${t('calendar.today')}</button>
          <button data-testid="calendar-next" aria-label=${t('calendar.next')} @click=${() => this.go({ date: step(view, this.date, 1) })}>›</button>
          <h2 class="range" aria-live="polite">${title(view, this.date, locale())}</h2>
        </div>
        <div class="row filters">
          <div class="switch" role="group" aria-label=${t('calendar.view')}>
            ${(['day', 'week', 'month'] as const).map(
              (option) =>
                html`<button data-testid="view-${option}" aria-pressed=${view === option ? 'true' : 'false'} @click=${() => this.go({ view: option })}>${t(`calendar.view.${option}`)}</button>`,
            )}
          </div>
          <button class="more-toggle" aria-expanded=${this.filtersOpen ? 'true' : 'false'} aria-controls="cal-more"
            @click=${() => {
              this.filtersOpen = !this.filtersOpen;
            }}>${t('calendar.filters')}</button>
          <div id="cal-more" class="more ${this.filtersOpen ? 'open' : ''}">
          <label class="visually-hidden" for="cal-date">${t('calendar.goTo')}</label>
          <input id="cal-date" type="date" .value=${this.date} @change=${(event: Event) => this.go({ date: (event.target as HTMLInputElement).value })} />
          ${
            this.session?.role === 'staff'
              ? nothing
              : html`<label class="visually-hidden" for="cal-staff">${t('calendar.staffFilter')}</label>
                <select id="cal-staff" @change=${(event: Event) => this.go({ staff: (event.target as HTMLSelectElement).value || null })}>
                  <option value="">${t('calendar.allStaff')}</option>
                  ${this.staff.map((member) => html`<option value=${member.id} ?selected=${member.id === this.staffFilter}>${member.name}</option>`)}
                </select>`
          }
          <label class="visually-hidden" for="cal-service">${t('calendar.serviceFilter')}</label>
          <select id="cal-service" @change=${(event: Event) => this.go({ service: (event.target as HTMLSelectElement).value || null })}>
            <option value="">${t('calendar.allServices')}</option>
            ${this.services.map((service) => html`<option value=${service.id} ?selected=${service.id === this.serviceFilter}>${service.name}</option>`)}
          </select>
          <label class="visually-hidden" for="cal-colour">${t('calendar.colourBy')}</label>
          <select id="cal-colour" @change=${(event: Event) => {
            this.colourBy = (event.target as HTMLSelectElement).value as 'service' | 'staff';
            localStorage.setItem('bs-calendar-colour', this.colourBy);
          }}>
            <option value="service" ?selected=${this.colourBy === 'service'}>${t('calendar.colourByService')}</option>
            <option value="staff" ?selected=${this.colourBy === 'staff'}>${t('calendar.colourByStaff')}</option>
          </select>
          <label class="check notify"><input id="cal-notify" type="checkbox" .checked=${this.notify}
            @change=${(event: Event) => {
              this.notify = (event.target as HTMLInputElement).checked;
            }} /> ${t('calendar.notify')}</label>
          </div>
        </div>
      </div>
      ${this.renderMessages()}
      ${this.data === null ? html`<p class="muted" role="status">${t('app.loading')}</p>` : view === 'month' ? this.renderMonth() : this.renderGrid()}
      ${this.renderDialogs()}
    `;
  }

  private renderGrid(): TemplateResult {
    const columns = this.columns();
    const { first, last } = this.hours();
    const height = ((last - first) / 60) * HOUR_PX;
    const hours: number[] = [];
    for (let minute = first; minute < last; minute += 60) hours.push(minute);
    const today = todayIn(this.zone);
    return html`<div class="grid-wrap" role="region" aria-label=${t('calendar.title')} tabindex="0">
      <div class="time-grid view-${this.view}" style="--columns:${columns.length}">
        <div class="corner"></div>
        ${columns.map(
          (column) =>
            html`<div class="column-head ${column.date === today && this.view !== 'day' ? 'today' : ''}">${column.label}</div>`,
        )}
        <div class="gutter" style="height:${height}px">
          ${hours.map((minute) => html`<span style="top:${((minute - first) / 60) * HOUR_PX}px">${hourLabel(minute, locale())}</span>`)}
        </div>
        ${columns.map((column) => {
          const items = this.appointmentsIn(column);
          const lanes = laneLayout(items, this.zone);
          return html`<div
            class="column"
            data-column=${column.key}
            data-testid=${this.view === 'day' && column.staffId ? `staff-column-${column.staffId}` : nothing}
            style="height:${height}px"
            @click=${(event: MouseEvent) => this.onEmptyClick(event, column, first)}
          >
            ${this.openIn(column).map(
              (span) =>
                html`<div class="open" style="top:${((Math.max(span.from, first) - first) / 60) * HOUR_PX}px;height:${((Math.min(span.to, last) - Math.max(span.from, first)) / 60) * HOUR_PX}px"></div>`,
            )}
            ${hours.map((minute) => html`<div class="hour-line" style="top:${((minute - first) / 60) * HOUR_PX}px"></div>`)}
            ${this.busyIn(column).map(
              (span) =>
                html`<div class="busy" data-busy style="top:${((Math.max(span.from, first) - first) / 60) * HOUR_PX}px;height:${((Math.min(span.to, last) - Math.max(span.from, first)) / 60) * HOUR_PX}px" title=${t('calendar.externalBusy')}><span>${t('calendar.externalBusy')}</span></div>`,
            )}
            ${column.date === today ? this.renderNow(first, last) : nothing}
            ${this.blocksIn(column).map(
              (
                block,
              ) => html`<div class="blocked" style="top:${((Math.max(block.from, first) - first) / 60) * HOUR_PX}px;height:${((Math.min(block.to, last) - Math.max(block.from, first)) / 60) * HOUR_PX}px" title=${block.reason ?? t('calendar.blocked')}>
                <span>${block.reason ?? t('calendar.blocked')}</span></div>`,
            )}
            ${items.map((item) => {
              const start = this.place(item).start;
              const minutes = (Date.parse(item.end_time) - Date.parse(item.start_time)) / 60_000;
              const lane = lanes.get(item.id) ?? { lane: 0, lanes: 1 };
              return html`<button
                class="appointment status-${item.status} ${minutes < 45 ? 'short' : ''}"
                data-testid="appointment-${item.id}"
                style="top:${((start - first) / 60) * HOUR_PX}px;height:${Math.max(22, (minutes / 60) * HOUR_PX - 2)}px;--colour:${this.colour(item)};left:calc(${(lane.lane / lane.lanes) * 100}% + 2px);width:calc(${100 / lane.lanes}% - 4px)"
                aria-label=${t('calendar.appointmentLabel', { time: clock(start, locale()), customer: item.customer_name, service: this.serviceName(item.service_id), status: t(`status.${item.status}` as MessageKey) })}
                @pointerdown=${(event: PointerEvent) => this.onPointerDown(event, item, column)}
                @pointermove=${(event: PointerEvent) => this.onPointerMove(event)}
                @pointerup=${() => this.onPointerUp()}
                @keydown=${(event: KeyboardEvent) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    this.selected = item;
                  }
                }}
              >
                <span class="time">${clock(start, locale())}</span>
                <strong>${item.customer_name}</strong>
                <span class="svc">${this.serviceName(item.service_id)}</span>
                ${item.status !== 'confirmed' ? html`<span class="tag">${t(`status.${item.status}` as MessageKey)}</span>` : nothing}
                ${item.rules_overridden ? html`<span class="tag override" title=${t('calendar.overridden')}>${t('calendar.overridden')}</span>` : nothing}
                ${item.status === 'pending' || item.status === 'confirmed' ? html`<span class="resize" aria-hidden="true" title=${t('calendar.resize')}></span>` : nothing}
              </button>`;
            })}
          </div>`;
        })}
      </div>
    </div>`;
  }

  /** Square's red line at the current time, on today's column. */
  private renderNow(first: number, last: number): TemplateResult | typeof nothing {
    const now = minutesOfDay(new Date().toISOString(), this.zone);
    if (now < first || now > last) return nothing;
    return html`<div class="now" style="top:${((now - first) / 60) * HOUR_PX}px" aria-hidden="true"></div>`;
  }

  private renderMonth(): TemplateResult {
    const { days } = rangeOf('month', this.date);
    const month = this.date.slice(0, 7);
    const today = todayIn(this.zone);
    const appointments = (this.data?.appointments ?? []).filter(
      (item) =>
        (!this.staffFilter || item.staff_id === this.staffFilter) &&
        (!this.serviceFilter || item.service_id === this.serviceFilter),
    );
    return html`<div class="month">
      ${days.slice(0, 7).map((date) => html`<div class="weekday">${dayLabel(date, locale()).split(' ')[0]}</div>`)}
      ${days.map((date) => {
        const items = appointments.filter((item) => this.place(item).day === date);
        return html`<div class="day ${date.slice(0, 7) === month ? '' : 'other'} ${date === today ? 'today' : ''}">
          <button class="link day-number" @click=${() => this.go({ view: 'day', date })}>${Number(date.slice(8))}<span class="visually-hidden"> (${t('calendar.openDay', { date })})</span></button>
          ${items.slice(0, 3).map(
            (item) =>
              html`<button class="chip" data-testid="appointment-${item.id}" style="--colour:${this.colour(item)}" @click=${() => {
                this.selected = item;
              }}>${clock(this.place(item).start, locale())} ${item.customer_name}</button>`,
          )}
          ${items.length > 3 ? html`<button class="link more" @click=${() => this.go({ view: 'day', date })}>${t('calendar.more', { count: items.length - 3 })}</button>` : nothing}
        </div>`;
      })}
    </div>`;
  }

  private renderDialogs(): TemplateResult {
    return html`
      ${
        this.selected
          ? html`<dialog open class="side" aria-labelledby="panel-title" @keydown=${(
              event: KeyboardEvent,
            ) => {
              if (event.key === 'Escape') this.selected = null;
            }}>
            <div class="dialog-body">
              <div class="dialog-head"><h2 id="panel-title">${t('appointment.title')}</h2>
                <button aria-label=${t('app.close')} @click=${() => {
                  this.selected = null;
                }}>✕</button></div>
              <bs-appointment-panel .appointment=${this.selected} .staff=${this.staff} .services=${this.services}
                @appointment-changed=${() => this.refresh()}></bs-appointment-panel>
            </div>
          </dialog>`
          : nothing
      }
      ${
        this.creating
          ? html`<dialog open class="side" aria-labelledby="new-title" @keydown=${(
              event: KeyboardEvent,
            ) => {
              if (event.key === 'Escape') this.creating = null;
            }}>
            <div class="dialog-body">
              <div class="dialog-head"><h2 id="new-title">${t('calendar.new')}</h2></div>
              <bs-new-entry .staff=${this.staff} .services=${this.services} date=${this.creating.date} minutes=${this.creating.minutes} staffId=${this.creating.staffId}
                @entry-cancel=${() => {
                  this.creating = null;
                }}
                @entry-created=${async () => {
                  this.creating = null;
                  this.notice = t('calendar.created');
                  await this.refresh();
                }}></bs-new-entry>
            </div>
          </dialog>`
          : nothing
      }
    `;
  }

  static override styles = [
    Screen.styles,
    css`
      :host { max-width: none; }
      .toolbar { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: center; justify-content: space-between; margin-bottom: 12px; }
      .nav button { min-width: 44px; padding: 8px 12px; }
      .range { margin: 0 0 0 6px; font-size: 1.05rem; }
      .filters { gap: 8px; }
      .more { display: contents; }
      .more-toggle { display: none; }
      .filters select, .filters input { width: auto; }
      .switch { display: inline-flex; border: 1px solid var(--bs-border); border-radius: 8px; overflow: hidden; }
      .switch button { border: 0; border-radius: 0; }
      .switch button[aria-pressed='true'] { background: var(--bs-accent); color: #fff; }
      .grid-wrap { overflow: auto; max-height: calc(100vh - 230px); background: #fff; border: 1px solid var(--bs-border); border-radius: var(--bs-radius); }
      .time-grid { display: grid; grid-template-columns: 64px repeat(var(--columns), minmax(150px, 1fr)); position: relative; }
      .time-grid.view-week { grid-template-columns: 64px repeat(var(--columns), minmax(112px, 1fr)); }
      .corner, .column-head { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--bs-border); padding: 10px 8px; font-weight: 700; font-size: 0.875rem; }
      .corner { left: 0; z-index: 3; }
      .column-head.today { color: var(--bs-accent-strong); }
      .gutter { position: sticky; left: 0; z-index: 1; background: #fff; border-right: 1px solid var(--bs-border); }
      .gutter span { position: absolute; right: 6px; transform: translateY(-50%); font-size: 0.75rem; color: var(--bs-muted); background: #fff; white-space: nowrap; }
      .gutter span:first-child { transform: none; }
      .column { position: relative; border-right: 1px solid #e3e6ec; cursor: cell; background: #f3f4f7; }
      .open { position: absolute; left: 0; right: 0; background: #fff; pointer-events: none; }
      .busy { position: absolute; left: 0; right: 0; background: repeating-linear-gradient(45deg, #eceef3, #eceef3 5px, #e2e5eb 5px, #e2e5eb 10px); color: #4b5563; font-size: 0.6875rem; padding: 3px 6px; pointer-events: none; border-left: 3px solid #9ca3af; }
      .resize { position: absolute; left: 0; right: 0; bottom: 0; height: 8px; cursor: ns-resize; }
      .resize::after { content: ''; position: absolute; left: 50%; bottom: 2px; width: 18px; margin-left: -9px; border-top: 2px solid color-mix(in srgb, var(--colour) 60%, white); border-radius: 1px; opacity: 0; }
      .appointment:hover .resize::after { opacity: 1; }
      .appointment .tag.override { color: #6b21a8; }
      .notify { display: inline-flex; align-items: center; gap: 6px; font-weight: 600; font-size: 0.875rem; min-height: 44px; }
      .hour-line { position: absolute; left: 0; right: 0; border-top: 1px solid #eef0f4; pointer-events: none; }
      .blocked { position: absolute; left: 0; right: 0; background: repeating-linear-gradient(135deg, #f1f2f6, #f1f2f6 6px, #e6e8ee 6px, #e6e8ee 12px); color: #4b5563; font-size: 0.75rem; padding: 4px 6px; pointer-events: none; }
      .appointment { position: absolute; display: flex; flex-direction: column; align-items: flex-start; justify-content: flex-start; gap: 0; padding: 4px 8px; min-height: 0; border: 0; border-left: 4px solid var(--colour); border-radius: 6px; background: color-mix(in srgb, var(--colour) 14%, white); color: #111827; text-align: left; font-size: 0.8125rem; font-weight: 500; overflow: hidden; cursor: grab; touch-action: none; line-height: 1.3; }
      .appointment:hover { background: color-mix(in srgb, var(--colour) 22%, white); }
      .appointment.dragging { opacity: 0.85; box-shadow: 0 8px 24px rgb(15 23 42 / 0.25); cursor: grabbing; z-index: 4; }
      .appointment .time { font-size: 0.75rem; color: #374151; }
      .appointment.short { flex-direction: row; align-items: center; gap: 6px; padding-top: 2px; padding-bottom: 2px; white-space: nowrap; }
      .appointment.short .svc, .appointment.short .tag { display: none; }
      .appointment strong { overflow: hidden; text-overflow: ellipsis; max-width: 100%; white-space: nowrap; }
      .now { position: absolute; left: 0; right: 0; border-top: 2px solid #dc2626; z-index: 1; pointer-events: none; }
      .now::before { content: ''; position: absolute; left: -5px; top: -6px; width: 10px; height: 10px; border-radius: 50%; background: #dc2626; }
      .appointment .svc { color: #374151; }
      .appointment .tag { font-size: 0.6875rem; font-weight: 700; text-transform: uppercase; color: #92400e; }
      .appointment.status-pending { border-left-style: dashed; }
      .month { display: grid; grid-template-columns: repeat(7, minmax(0, 1fr)); background: #fff; border: 1px solid var(--bs-border); border-radius: var(--bs-radius); overflow: hidden; }
      .weekday { padding: 8px; font-weight: 700; font-size: 0.8125rem; color: var(--bs-muted); border-bottom: 1px solid var(--bs-border); }
      .day { min-height: 110px; border-right: 1px solid #eceef3; border-bottom: 1px solid #eceef3; padding: 4px; display: flex; flex-direction: column; gap: 2px; min-width: 0; }
      .day.other { background: #fafbfc; }
      .day.other .day-number { color: var(--bs-muted); }
      .day.today .day-number { background: var(--bs-accent); color: #fff; border-radius: 999px; text-decoration: none; }
      .day-number { align-self: flex-start; padding: 2px 8px; min-height: 32px; }
      .chip { min-height: 28px; padding: 2px 6px; border: 0; border-left: 3px solid var(--colour); background: color-mix(in srgb, var(--colour) 12%, white); border-radius: 4px; font-size: 0.75rem; font-weight: 500; justify-content: flex-start; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; display: block; text-align: left; }
      .more { font-size: 0.75rem; padding: 2px 6px; }
      dialog.side { position: fixed; inset: 0 0 0 auto; margin: 0; height: 100vh; max-height: none; width: min(520px, 100vw); border-radius: 0; overflow-y: auto; z-index: 20; }
      .dialog-head { display: flex; justify-content: space-between; align-items: center; margin-bottom: 8px; }
      @media (max-width: 700px) {
        .time-grid { grid-template-columns: 52px repeat(var(--columns), minmax(140px, 1fr)); }
        .day { min-height: 72px; }
        .chip { font-size: 0; padding: 0; min-height: 8px; height: 8px; }
        .filters { width: 100%; }
        .page-head { margin-bottom: 8px; }
        .toolbar { gap: 8px; margin-bottom: 8px; }
        .more-toggle { display: inline-flex; }
        .more-toggle[aria-expanded='true'] { background: var(--bs-accent-soft); }
        .more { display: none; }
        .more.open { display: flex; flex-wrap: wrap; gap: 8px; width: 100%; }
        .grid-wrap { max-height: calc(100vh - 190px); }
      }
    `,
  ];
}

/** Side-by-side lanes for appointments that overlap in one column (several staff in a week). */
function laneLayout(
  items: AdminAppointment[],
  zone: string,
): Map<string, { lane: number; lanes: number }> {
  const sorted = [...items].sort((a, b) => a.start_time.localeCompare(b.start_time));
  const result = new Map<string, { lane: number; lanes: number }>();
  let group: Array<{ id: string; lane: number }> = [];
  let groupEnd = 0;
  const laneEnds: number[] = [];
  const close = () => {
    const lanes = Math.max(1, ...group.map((entry) => entry.lane + 1));
    for (const entry of group) result.set(entry.id, { lane: entry.lane, lanes });
    group = [];
    laneEnds.length = 0;
  };
  for (const item of sorted) {
    const start = Date.parse(item.start_time);
    const end = Date.parse(item.end_time);
    if (group.length && start >= groupEnd) close();
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= start);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = end;
    group.push({ id: item.id, lane });
    groupEnd = Math.max(groupEnd, end);
  }
  close();
  void zone;
  return result;
}

/** Minutes the appointment lasts (a resize may have made it longer than its service). */
function durationOf(item: AdminAppointment): number {
  return (Date.parse(item.end_time) - Date.parse(item.start_time)) / 60_000;
}

customElements.define('bs-calendar-screen', CalendarScreen);
