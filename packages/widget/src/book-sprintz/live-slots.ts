import type { LiveSlotMessage } from '../api/types.ts';

/**
 * The live slot feed (DESIGN.md §4): a WebSocket per watched day telling open widgets
 * when someone else takes or frees a time. Best effort by design: a socket that fails or
 * drops is not retried until the customer looks at another day (which opens a new one),
 * and the hold request still catches a slot taken meanwhile (409 `slot_unavailable`).
 */
export class LiveSlots {
  readonly #onMessage: (message: LiveSlotMessage) => void;
  #socket: WebSocket | undefined;
  #url: string | undefined;

  constructor(onMessage: (message: LiveSlotMessage) => void) {
    this.#onMessage = onMessage;
  }

  /** Follows `url`; `undefined` closes the feed. The same URL again is a no-op. */
  watch(url: string | undefined): void {
    if (url === this.#url) return;
    this.#socket?.close();
    this.#socket = undefined;
    this.#url = url;
    if (!url) return;
    try {
      this.#socket = new WebSocket(url);
    } catch {
      return;
    }
    this.#socket.onmessage = (event) => {
      const message = parse(event.data);
      if (message) this.#onMessage(message);
    };
  }

  close(): void {
    this.watch(undefined);
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
