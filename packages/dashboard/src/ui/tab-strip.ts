import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Keeps the current tab of a sideways-scrolling tab strip (`nav.tabs`, its current link
 * `aria-current="page"`) in view. A phone shows only the first few tabs of a strip, so a
 * screen opened on a later one ("Past", "Webhooks") would otherwise say where you are
 * off screen. It scrolls when the current tab changes and when the strip is resized (a
 * phone turned), never otherwise, so a strip the user scrolled stays where they left it.
 *
 * @example
 * class SettingsScreen extends Screen {
 *   constructor() {
 *     super();
 *     new CurrentTabInView(this);
 *   }
 * }
 */
export class CurrentTabInView implements ReactiveController {
  readonly #host: ReactiveControllerHost & { renderRoot: ParentNode };
  readonly #observer = new ResizeObserver(() => this.#reveal());
  #strip: HTMLElement | null = null;
  #current: string | null = null;

  constructor(host: ReactiveControllerHost & { renderRoot: ParentNode }) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdated(): void {
    const strip = this.#host.renderRoot.querySelector<HTMLElement>('nav.tabs');
    if (strip !== this.#strip) {
      this.#observer.disconnect();
      this.#strip = strip;
      // Observing calls back once at once: that first call reveals the tab.
      if (strip) this.#observer.observe(strip);
      this.#current = this.#currentTab()?.getAttribute('href') ?? null;
      return;
    }
    const current = this.#currentTab()?.getAttribute('href') ?? null;
    if (current !== this.#current) {
      this.#current = current;
      this.#reveal();
    }
  }

  hostDisconnected(): void {
    this.#observer.disconnect();
    this.#strip = null;
  }

  #currentTab(): HTMLElement | null {
    return this.#strip?.querySelector<HTMLElement>('[aria-current="page"]') ?? null;
  }

  /** Scrolls the strip, not the page, just enough to show the current tab whole. */
  #reveal(): void {
    const strip = this.#strip;
    const tab = this.#currentTab();
    if (!strip || !tab) return;
    const box = strip.getBoundingClientRect();
    const { left, right } = tab.getBoundingClientRect();
    const margin = 16;
    if (left < box.left) strip.scrollLeft -= box.left - left + margin;
    else if (right > box.right) strip.scrollLeft += right - box.right + margin;
  }
}
