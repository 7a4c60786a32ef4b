import type { BookingApi } from '../../api/client.ts';
import type { Availability, AvailabilityQuery, LiveSlotMessage, Slot } from '../../api/types.ts';
import { type IsoDate, monthEnd } from '../calendar-date.ts';

/** What the slots are for: everything of an availability query but its dates. */
export type SlotQuery = Omit<AvailabilityQuery, 'start_date' | 'end_date'>;

/** An answer asked for before the query was known by its ids (`MonthSlotsController.early`). */
export interface EarlyRead {
  /** The first day read (to the end of its month). */
  start: IsoDate;
  answer: Promise<Availability>;
  /** True when `query` is the one the answer was asked for. */
  matches(query: SlotQuery): boolean;
}

/**
 * Free slots by day for one query (service, staff, location, zone), read a month at a
 * time and each month once. Like @lit/task, only answers to the current query count: a
 * `use` of another query drops whatever is still on its way for the old one.
 *
 * The day the customer looks at is kept fresh by the live slot feed (DESIGN.md §4): a
 * WebSocket telling open widgets when someone else takes or frees a time. Best effort by
 * design: a socket that fails or drops is not retried until the customer looks at another
 * day (which opens a new one), and the hold request still catches a slot taken meanwhile
 * (409 `slot_unavailable`).
 */
export class MonthSlotsController {
  /** Slots by date; a date absent has not been read. */
  days = new Map<IsoDate, Slot[]>();
  /** Months being read (their first day). */
  loading = new Set<IsoDate>();
  readonly #loaded = new Set<IsoDate>();
  readonly #changed: () => void;
  #socket: WebSocket | undefined;
  #url: string | undefined;
  #refresh: ReturnType<typeof setTimeout> | undefined;
  declare api: BookingApi | undefined;
  declare query: SlotQuery | undefined;
  /**
   * The first month's answer, asked for beside the business (preselected service and
   * staff, by id or slug): the first read takes it when it is for the same query and
   * range, and asks again if it failed; any other read drops it.
   */
  declare early: EarlyRead | undefined;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /** Slots for another query from now on (none for `undefined`). */
  use(api?: BookingApi, query?: SlotQuery): void {
    this.api = api;
    this.query = query;
    this.days = new Map();
    this.#loaded.clear();
    this.loading = new Set();
  }

  /**
   * Reads `month` (its days from `today` on) unless it is read or being read. Resolves
   * `true` once it is read for the current query (the caller draws it, with whatever it
   * does next: the first free day chosen, one drawing for both); rejects with the API's
   * error.
   */
  async month(month: IsoDate, today: IsoDate): Promise<boolean> {
    const { api, query, loading } = this;
    if (!api || !query || loading.has(month)) return false;
    if (this.#loaded.has(month)) return true;
    const end = monthEnd(month);
    if (end >= today) {
      loading.add(month);
      this.#changed();
      try {
        await this.#read(month < today ? today : month, end);
      } catch (error) {
        if (query === this.query) throw error;
      } finally {
        loading.delete(month);
      }
      if (query !== this.query) return false;
    }
    this.#loaded.add(month);
    return true;
  }

  /** Re-reads one day (a slot was taken or freed); on failure the day keeps its slots. */
  day(date: IsoDate | undefined): void {
    if (date) this.#read(date, date).then(this.#changed, () => {});
  }

  /**
   * Follows `date` live (`undefined` stops); the same day again is a no-op. A taken time
   * goes at once; a freed one, or a taken one with "any staff" (someone else may still be
   * free then), has the day read again.
   */
  watch(date: IsoDate | undefined): void {
    const { api, query } = this;
    // The feed reads what it needs of the query (staff or service, date, zone).
    const url = date && api && query ? api.liveUrl({ ...query, date }) : undefined;
    if (url === this.#url) return;
    this.#socket?.close();
    this.#socket = undefined;
    this.#url = url;
    if (!url || !date) return;
    const anyStaff = !query?.staff_id;
    try {
      this.#socket = new WebSocket(url);
    } catch {
      return;
    }
    this.#socket.onmessage = ({ data }) => {
      const message = parse(data);
      if (!message) return;
      if (message.type === 'taken') {
        const start = Date.parse(message.start_time);
        const end = Date.parse(message.end_time);
        this.days.set(
          date,
          (this.days.get(date) ?? []).filter(
            (slot) =>
              (message.staff_id && slot.staff_id !== message.staff_id) ||
              Date.parse(slot.start_time) >= end ||
              Date.parse(slot.end_time) <= start,
          ),
        );
        this.#changed();
        if (!anyStaff) return;
      }
      clearTimeout(this.#refresh);
      this.#refresh = setTimeout(() => this.day(date), 300);
    };
  }

  async #read(start_date: IsoDate, end_date: IsoDate): Promise<void> {
    const { api, query, early } = this;
    this.early = undefined;
    if (!api || !query) return;
    const read = () => api.availability({ ...query, start_date, end_date });
    const availability = await (early?.start === start_date && early.matches(query)
      ? early.answer.catch(read)
      : read());
    // A late answer for a query no longer shown.
    if (query !== this.query) return;
    for (const day of availability.days) this.days.set(day.date, day.slots);
  }
}

function parse(data: unknown): LiveSlotMessage | undefined {
  try {
    const message = JSON.parse(String(data)) as LiveSlotMessage;
    return /^(taken|freed)$/.test(message.type) && message.start_time && message.end_time
      ? message
      : undefined;
  } catch {
    return undefined;
  }
}
