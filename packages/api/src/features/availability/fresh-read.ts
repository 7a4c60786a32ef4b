/**
 * One read shared by every caller that arrived before it was sent (issue 21: fifty
 * visitors asking at once cost one version statement, not fifty).
 *
 * A caller must never get an answer from a read sent before it arrived: a booking whose
 * response the visitor has already seen committed before that, and an older read may not
 * show it. So a caller joins the read that is not sent yet, never the one in flight;
 * when the read in flight settles, the next one goes out for everyone who queued behind
 * it. At most one read is in flight and one waiting, whatever the load.
 *
 * Only for a Durable Object: it settles promises of one request with another's I/O,
 * which a stateless Worker may not do.
 */
export class FreshRead<T> {
  readonly #read: () => Promise<T>;
  #inFlight: Promise<T> | undefined;
  #waiting: Promise<T> | undefined;

  constructor(read: () => Promise<T>) {
    this.#read = read;
  }

  /** A value read by a statement sent after this call. */
  get(): Promise<T> {
    if (this.#inFlight === undefined) return this.#send();
    this.#waiting ??= this.#inFlight.then(
      () => this.#sendWaiting(),
      () => this.#sendWaiting(),
    );
    return this.#waiting;
  }

  /** Whether no read is in flight or waiting to be sent. */
  get idle(): boolean {
    return this.#inFlight === undefined && this.#waiting === undefined;
  }

  #sendWaiting(): Promise<T> {
    this.#waiting = undefined;
    return this.#send();
  }

  #send(): Promise<T> {
    const read = (async () => this.#read())();
    this.#inFlight = read;
    const clear = () => {
      if (this.#inFlight === read) this.#inFlight = undefined;
    };
    read.then(clear, clear);
    return read;
  }
}
