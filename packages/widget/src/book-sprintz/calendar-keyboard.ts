import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { addDays, addMonths, type IsoDate, startOfWeek } from './calendar-date.ts';

/**
 * The day a key moves to in the month grid (WAI-ARIA date picker pattern): arrows by day
 * and week, Home/End to the start/end of the week, PageUp/PageDown by month
 * (with Shift, by year). `undefined` for keys the grid does not handle.
 */
export function keyTarget(
  key: string,
  date: IsoDate,
  firstDay: number,
  shift = false,
): IsoDate | undefined {
  switch (key) {
    case 'ArrowLeft':
      return addDays(date, -1);
    case 'ArrowRight':
      return addDays(date, 1);
    case 'ArrowUp':
      return addDays(date, -7);
    case 'ArrowDown':
      return addDays(date, 7);
    case 'Home':
      return startOfWeek(date, firstDay);
    case 'End':
      return addDays(startOfWeek(date, firstDay), 6);
    case 'PageUp':
      return addMonths(date, shift ? -12 : -1);
    case 'PageDown':
      return addMonths(date, shift ? 12 : 1);
    default:
      return undefined;
  }
}

export interface CalendarKeyboardOptions {
  firstDay(): number;
  /** Earliest and latest focusable days. */
  range(): [IsoDate, IsoDate];
  /** Called when focus moves to a day, so the host can show its month. */
  onMove(date: IsoDate): void;
}

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };

/**
 * Roving tabindex over the day buttons: exactly one day (`focusedDate`) has
 * `tabindex="0"`; keys move it and, after the host re-renders (possibly a new month),
 * focus follows to the new day's button.
 */
export class CalendarKeyboardController implements ReactiveController {
  focusedDate: IsoDate = '';
  readonly #host: Host;
  readonly #options: CalendarKeyboardOptions;
  #pendingFocus = false;

  constructor(host: Host, options: CalendarKeyboardOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  tabIndex(date: IsoDate): number {
    return date === this.focusedDate ? 0 : -1;
  }

  /** Moves the tabbable day; `focus` also moves keyboard focus to it. */
  moveTo(date: IsoDate, focus = false): void {
    const [min, max] = this.#options.range();
    const target = date < min ? min : date > max ? max : date;
    this.focusedDate = target;
    this.#pendingFocus ||= focus;
    this.#options.onMove(target);
    this.#host.requestUpdate();
  }

  readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = keyTarget(event.key, this.focusedDate, this.#options.firstDay(), event.shiftKey);
    if (!target) return;
    event.preventDefault();
    this.moveTo(target, true);
  };

  hostUpdated(): void {
    if (!this.#pendingFocus) return;
    const day = this.#host.renderRoot.querySelector<HTMLElement>(
      `[data-date="${this.focusedDate}"]`,
    );
    if (day) {
      this.#pendingFocus = false;
      day.focus();
    }
  }
}
