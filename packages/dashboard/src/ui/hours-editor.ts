import { css, html, LitElement, type TemplateResult } from 'lit';
import { t, weekdayNames } from '../i18n/index.ts';
import { shared } from '../styles.ts';

/** One opening window on a weekday (0 = Sunday), wall-clock `HH:MM` in the staff member's zone. */
export interface WeeklyWindow {
  day_of_week: number;
  start_time: string;
  end_time: string;
}

/** Monday first, as businesses plan their week (Sunday last). */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

/**
 * `<bs-hours-editor>`: a week of opening hours, Square-style — each day open or closed,
 * one or more windows a day (a split shift), "copy to all days". Fires `hours-change`
 * with every window whenever the owner changes one; saving is the screen's business.
 */
export class HoursEditor extends LitElement {
  static override properties = {
    windows: { attribute: false },
    closedLabel: { attribute: false },
  };

  declare windows: WeeklyWindow[];
  /** What a day without hours says (default "Closed"; a class: "No class"). */
  declare closedLabel: string | undefined;

  constructor() {
    super();
    this.windows = [];
    this.closedLabel = undefined;
  }

  private emit(windows: WeeklyWindow[]): void {
    this.windows = windows;
    this.dispatchEvent(
      new CustomEvent('hours-change', { detail: windows, bubbles: true, composed: true }),
    );
  }

  private ofDay(day: number): WeeklyWindow[] {
    return this.windows
      .filter((window) => window.day_of_week === day)
      .sort((a, b) => a.start_time.localeCompare(b.start_time));
  }

  private toggle(day: number, open: boolean): void {
    const others = this.windows.filter((window) => window.day_of_week !== day);
    this.emit(
      open ? [...others, { day_of_week: day, start_time: '09:00', end_time: '17:00' }] : others,
    );
  }

  private change(target: WeeklyWindow, key: 'start_time' | 'end_time', value: string): void {
    this.emit(
      this.windows.map((window) => (window === target ? { ...window, [key]: value } : window)),
    );
  }

  private add(day: number): void {
    const last = this.ofDay(day).at(-1);
    const start = last ? last.end_time : '09:00';
    this.emit([
      ...this.windows,
      { day_of_week: day, start_time: start, end_time: start < '20:00' ? '20:00' : '23:00' },
    ]);
  }

  private removeWindow(target: WeeklyWindow): void {
    this.emit(this.windows.filter((window) => window !== target));
  }

  private copyToAll(day: number): void {
    const source = this.ofDay(day);
    this.emit(WEEK.flatMap((other) => source.map((window) => ({ ...window, day_of_week: other }))));
  }

  override render(): TemplateResult {
    const names = weekdayNames();
    return html`<div class="week" role="group" aria-label=${t('hours.weekLabel')}>
      ${WEEK.map((day) => {
        const windows = this.ofDay(day);
        const open = windows.length > 0;
        const name = names[day] ?? '';
        return html`<div class="day ${open ? 'open' : ''}">
          <label class="check day-name"><input type="checkbox" .checked=${open} @change=${(event: Event) => this.toggle(day, (event.target as HTMLInputElement).checked)} />
            ${name}</label>
          <div class="windows">
            ${
              open
                ? windows.map(
                    (window, index) => html`<div class="window">
                    <label class="visually-hidden" for="start-${day}-${index}">${t('hours.opensAt', { day: name })}</label>
                    <input id="start-${day}-${index}" type="time" step="300" .value=${window.start_time} @change=${(event: Event) => this.change(window, 'start_time', (event.target as HTMLInputElement).value)} />
                    <span aria-hidden="true">–</span>
                    <label class="visually-hidden" for="end-${day}-${index}">${t('hours.closesAt', { day: name })}</label>
                    <input id="end-${day}-${index}" type="time" step="300" .value=${window.end_time} @change=${(event: Event) => this.change(window, 'end_time', (event.target as HTMLInputElement).value)} />
                    <button type="button" class="icon" aria-label=${t('hours.removeWindow', { day: name })} @click=${() => this.removeWindow(window)}>✕</button>
                  </div>`,
                  )
                : html`<span class="muted closed">${this.closedLabel ?? t('hours.closed')}</span>`
            }
          </div>
          <div class="day-actions">
            ${
              open
                ? html`<button type="button" class="link" @click=${() => this.add(day)}>${t('hours.addWindow')}<span class="visually-hidden"> (${name})</span></button>
                  <button type="button" class="link" @click=${() => this.copyToAll(day)}>${t('hours.copyAll')}<span class="visually-hidden"> (${name})</span></button>`
                : ''
            }
          </div>
        </div>`;
      })}
    </div>`;
  }

  static override styles = [
    shared,
    css`
      .day { display: grid; grid-template-columns: 170px minmax(0, 1fr) auto; gap: 12px; align-items: start; padding: 10px 0; border-top: 1px solid #eceef3; }
      .day:first-child { border-top: 0; }
      .day-name { font-weight: 600; }
      .windows { display: flex; flex-direction: column; gap: 8px; padding-top: 4px; }
      .window { display: flex; align-items: center; gap: 8px; }
      .window input { width: 130px; }
      .closed { line-height: 44px; }
      .icon { padding: 8px 12px; }
      .day-actions { display: flex; flex-direction: column; align-items: flex-end; }
      @media (max-width: 640px) {
        .day { grid-template-columns: minmax(0, 1fr); gap: 4px; }
        .day-actions { flex-direction: row; align-items: center; gap: 12px; }
        /* Two times, a dash and a remove button in 300 px: the times share what is left. */
        .window input { width: auto; flex: 1 1 0; min-width: 0; max-width: 150px; padding: 8px 6px; }
      }
    `,
  ];
}

customElements.define('bs-hours-editor', HoursEditor);
