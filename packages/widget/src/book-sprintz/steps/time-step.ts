import { html, nothing } from 'lit';
import type { Service, Slot } from '../../api/types.ts';
import { format, plural } from '../../i18n/index.ts';
import {
  addDays,
  addMonths,
  firstDayOfWeek,
  type IsoDate,
  monthStart,
  monthWeeks,
  startOfWeek,
} from '../calendar-date.ts';
import type { CalendarKeyboardController } from '../calendar-keyboard.ts';
import type { MonthSlotsController } from '../controllers/month-slots-controller.ts';
import {
  formatDate,
  formatMonth,
  formatTime,
  formatWeekday,
  formatZone,
  slotKey,
} from '../format.ts';
import { type ZonePicker, zonePicker } from '../zone-picker.ts';
import type { StepView } from './view.ts';

/** What the date and time step shows, and the customer's moves on it. */
export interface TimeInput {
  /** A class or group service shows the places left in each session. */
  service: Service | undefined;
  month: IsoDate;
  today: IsoDate;
  /** First and last day the grid offers. */
  monthRange: [IsoDate, IsoDate];
  slots: MonthSlotsController;
  selectedDate: IsoDate | undefined;
  /** The display zone and the business's. */
  zone: string;
  businessZone: string;
  /** `holding`: start time of the slot being held right now. */
  holds: { holding: string | undefined };
  showMonth(month: IsoDate): void;
  selectDate(date: IsoDate): void;
  setZone(zone: string): void;
  /** The zone picker's own state (open, query, active option). */
  zones: ZonePicker;
  selectSlot(slot: Slot): void;
}

type View = StepView & { flow: TimeInput; calendar: CalendarKeyboardController };

/** Month grid and the selected day's times: side by side when there is room, stacked below. */
export function timeStep(view: StepView, flow: TimeInput, calendar: CalendarKeyboardController) {
  const all = { ...view, flow, calendar };
  return html`<div class="time">${monthGrid(all)}${slotList(all)}</div>`;
}

function monthGrid({ flow, t, locale, calendar }: View) {
  const month = flow.month;
  const today = flow.today;
  const [min, max] = flow.monthRange;
  const loading = flow.slots.loading.has(month);
  const firstDay = firstDayOfWeek(locale);
  const weeks = monthWeeks(month, firstDay);
  const header = [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(startOfWeek(month, firstDay), i));
  const go = (delta: number) => {
    const target = addMonths(month, delta);
    if (target < min || target > max) return;
    flow.showMonth(target);
    calendar.moveTo(target < today ? today : monthStart(target));
  };
  return html`<div class="calendar">
    <div class="month-nav">
      <button
        class="icon"
        part="button"
        data-testid="prev-month"
        aria-label=${t.prevMonth}
        aria-disabled=${month <= min}
        @click=${() => go(-1)}
      >‹</button>
      <h3 id="month-title" aria-live="polite">${formatMonth(month, locale)}</h3>
      <button
        class="icon"
        part="button"
        data-testid="next-month"
        aria-label=${t.nextMonth}
        aria-disabled=${addMonths(month, 1) > max}
        @click=${() => go(1)}
      >›</button>
    </div>
    <table role="grid" aria-labelledby="month-title" aria-busy=${loading} @keydown=${calendar.onKeydown}>
      <thead>
        <tr>
          ${header.map(
            (day) => html`<th scope="col" abbr=${formatWeekday(day, locale, 'long')}>
              ${formatWeekday(day, locale, 'short')}
            </th>`,
          )}
        </tr>
      </thead>
      <tbody>
        ${weeks.map(
          (week) => html`<tr>
            ${week.map((day) => (day ? dayCell({ flow, t, locale, calendar }, day, today) : html`<td></td>`))}
          </tr>`,
        )}
      </tbody>
    </table>
    ${
      !loading &&
      flow.slots.days.size &&
      ![...flow.slots.days.values()].some((slots) => slots.length)
        ? html`<p class="hint">${t.noSlotsMonth}</p>`
        : nothing
    }
  </div>`;
}

function dayCell({ flow, t, locale, calendar }: View, day: IsoDate, today: IsoDate) {
  const slots = flow.slots.days.get(day);
  const count = slots?.length ?? 0;
  const available = count > 0 && day >= today;
  const selected = day === flow.selectedDate;
  const label = `${formatDate(day, locale)}, ${available ? plural(locale, t.slotsAvailable, count) : t.dayUnavailable}`;
  return html`<td role="gridcell" aria-selected=${selected}>
    <button
      part="day"
      class="day ${available ? 'open' : ''} ${selected ? 'selected' : ''}"
      data-testid="calendar-date-${day}"
      data-date=${day}
      tabindex=${calendar.tabIndex(day)}
      aria-label=${label}
      aria-disabled=${!available}
      aria-current=${day === today ? 'date' : nothing}
      @click=${(event: Event) => {
        calendar.moveTo(day);
        if (!available) return;
        flow.selectDate(day);
        // Stacked (a phone), the times are below the grid: bring them into view once drawn.
        const root = (event.target as Element).getRootNode() as ShadowRoot;
        requestAnimationFrame(() =>
          root.querySelector('.slots h3')?.scrollIntoView({
            block: 'nearest',
            behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
          }),
        );
      }}
    >
      ${Number(day.slice(8))}
    </button>
  </td>`;
}

function slotList({ flow, t, locale }: View) {
  const date = flow.selectedDate;
  const slots = date ? flow.slots.days.get(date) : undefined;
  const zone = flow.zone;
  const business = flow.businessZone;
  return html`<div class="slots">
    <div class="zone">
      <label for="zone">${t.timeZone}</label>
      ${zonePicker({ t, locale }, flow.zones, zone, business, (z) => flow.setZone(z))}
      <p class="hint" data-testid="timezone-note">
        ${format(t.timesShownIn, { zone: formatZone(zone, locale) })}
        ${business !== zone ? format(t.businessZone, { zone: formatZone(business, locale) }) : nothing}
      </p>
    </div>
    ${
      !date
        ? flow.slots.loading.has(flow.month)
          ? // Nothing can be picked yet: say so, rather than "pick a day".
            html`<p class="hint" role="status" data-testid="slots-loading">${t.loading}</p>
              <div class="skeleton" aria-hidden="true"><div></div><div></div></div>`
          : html`<p class="hint">${t.pickDay}</p>`
        : html`<h3 id="slots-title">${format(t.slotsOn, { date: formatDate(date, locale) })}</h3>
          ${
            slots?.length
              ? html`<ul class="slot-list" aria-labelledby="slots-title">
                ${slots.map((slot) => {
                  const key = slotKey(slot.start_time, zone);
                  const busy = flow.holds.holding === slot.start_time;
                  const businessTime =
                    business !== zone ? formatTime(slot.start_time, business, locale, true) : '';
                  const left = slot.remaining_capacity;
                  // Classes and groups: the places left ("8 spots left", "Full").
                  const places =
                    flow.service?.booking_type !== 'individual' &&
                    (left ? plural(locale, t.spotsLeft, left) : t.full);
                  return html`<li>
                    <button
                      class="slot"
                      part="slot"
                      data-testid="slot-${key}"
                      aria-busy=${busy}
                      aria-disabled=${!left}
                      aria-describedby=${businessTime || places ? `bt-${key}` : nothing}
                      @click=${() => left && flow.selectSlot(slot)}
                    >
                      ${busy ? t.holding : formatTime(slot.start_time, zone, locale)}
                      ${
                        businessTime || places
                          ? html`<span class="hint" id="bt-${key}">${businessTime} ${places || ''}</span>`
                          : nothing
                      }
                    </button>
                  </li>`;
                })}
              </ul>`
              : html`<p class="hint">${flow.slots.loading.size ? t.loading : t.noSlotsDay}</p>`
          }`
    }
  </div>`;
}
