import type { BookingApi } from '../../api/client.ts';
import type { Hold, HoldRequest } from '../../api/types.ts';

/**
 * The hold on the customer's chosen time (API.md `POST /holds`): taken when a slot is
 * picked, released when the customer goes back or leaves. The server lets it go at
 * `expires_at`; then `lapsed` turns true (by the injected clock), so the details step can
 * say so and booking takes the time again first.
 */
export class HoldController {
  declare hold: Hold | undefined;
  /** Start time of the slot being held right now. */
  declare holding: string | undefined;
  lapsed = false;
  declare api: BookingApi | undefined;
  readonly #changed: () => void;
  readonly #now: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(changed: () => void, now: () => number) {
    this.#changed = changed;
    this.#now = now;
  }

  /** Holds `request`'s time; rejects with the API's error (409 when it is taken). */
  async take(request: HoldRequest): Promise<Hold | undefined> {
    if (!this.api || this.holding) return;
    this.holding = request.start_time;
    this.#changed();
    try {
      this.#keep(await this.api.hold(request));
      return this.hold;
    } finally {
      this.holding = undefined;
      this.#changed();
    }
  }

  /** Lets the time go (customer went back, popup closed, page left). */
  release(): void {
    const hold = this.hold;
    this.#keep(undefined);
    if (hold) this.api?.releaseHold(hold.hold_id).catch(() => {});
  }

  /** The hold became a booking, which keeps the time itself. */
  forget(): void {
    this.#keep(undefined);
  }

  #keep(hold: Hold | undefined): void {
    clearTimeout(this.#timer);
    this.hold = hold;
    this.lapsed = false;
    if (!hold) return;
    this.#timer = setTimeout(
      () => {
        this.lapsed = true;
        this.#changed();
      },
      Math.max(0, Date.parse(hold.expires_at) - this.#now()),
    );
  }
}
