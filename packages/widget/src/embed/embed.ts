/**
 * `embed.js`: the classic-script loader (WIDGET.md). It reads its own `<script>` tag's
 * `data-*` attributes, renders a button, and only on the first click imports
 * `book-sprintz.js` from its own directory and opens the element as a modal dialog. Pages
 * pay ~1 KB until a visitor actually wants to book.
 *
 * ```html
 * <script src="https://HOST/widget/v1/embed.js" data-tenant="demo"
 *         data-mode="button" data-label="Book now" async></script>
 * ```
 *
 * - `data-mode="button"` (default): a floating button in the bottom corner.
 * - `data-mode="popup"`: an ordinary button placed where the script tag is.
 * - `data-mode="inline"`: the widget itself, inline where the script tag is.
 * - `data-trigger="CSS selector"`: the page's own elements open the popup too.
 * - `data-api`, `data-service`, `data-staff`, `data-location`, `data-locale`,
 *   `data-timezone`, `data-theme`, `data-prefill-*`, `data-utm-*`: passed to the element.
 * - `data-color`: the button's colour; without it, the business's brand colour (read from
 *   its public profile, which any origin may read), blue until that answers.
 */
interface BookSprintzElement extends HTMLElement {
  show(opener?: HTMLElement): Promise<void>;
}

(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script) return;
  const data = script.dataset;
  const mode = data.mode || 'button';
  const moduleUrl = new URL('book-sprintz.js', script.src).href;
  const passed = [
    'tenant',
    'api',
    'service',
    'staff',
    'location',
    'locale',
    'timezone',
    'theme',
    'prefill-name',
    'prefill-email',
    'prefill-phone',
    'utm-source',
    'utm-medium',
    'utm-campaign',
  ];

  const createElement = (popup: boolean) => {
    const element = document.createElement('book-sprintz') as BookSprintzElement;
    for (const name of passed) {
      const value = script.getAttribute(`data-${name}`);
      if (value) element.setAttribute(name, value);
    }
    if (popup) {
      element.setAttribute('mode', 'popup');
      element.setAttribute('no-trigger', '');
    }
    return element;
  };

  if (mode === 'inline') {
    script.after(createElement(false));
    import(moduleUrl);
    return;
  }

  let widget: Promise<BookSprintzElement> | undefined;
  const open = async (event: Event, opener: HTMLElement) => {
    event.preventDefault();
    widget ??= import(moduleUrl).then(async () => {
      const element = createElement(true);
      document.body.append(element);
      await customElements.whenDefined('book-sprintz');
      return element;
    });
    // Keep the promise when loading fails, but let the next click try again.
    widget.catch(() => {
      widget = undefined;
    });
    (await widget).show(opener);
  };

  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = data.label || 'Book now';
  button.setAttribute('aria-haspopup', 'dialog');
  button.className = 'book-sprintz-button';
  const floating = mode === 'button';
  const paint = (color: string) => {
    // Dark text on light brand colours, as the widget does (relative luminance > 0.2 or so;
    // the plain channel sum is close enough for a button and costs a few bytes).
    const sum = [1, 3, 5].reduce(
      (total, i) => total + Number.parseInt(color.slice(i, i + 2), 16),
      0,
    );
    button.style.background = color;
    button.style.color = sum > 480 ? '#111827' : '#fff';
  };
  button.style.cssText = `font:600 16px/1.2 system-ui,sans-serif;padding:14px 22px;border:0;border-radius:999px;cursor:pointer;box-shadow:0 6px 20px rgb(0 0 0/.25);${floating ? 'position:fixed;right:20px;bottom:20px;z-index:2147483000' : ''}`;
  const hex = /^#[\da-f]{6}$/i;
  paint(hex.test(data.color ?? '') ? data.color! : '#1d4ed8');
  if (!data.color && data.tenant) {
    fetch(
      `${data.api || new URL(script.src).origin}/api/booking/v1/${encodeURIComponent(data.tenant)}`,
      { credentials: 'omit' },
    )
      .then((response) => response.json())
      .then(({ primary_color }) => hex.test(primary_color) && paint(primary_color))
      .catch(() => {});
  }
  button.addEventListener('click', (event) => open(event, button));
  if (floating) (document.body ? document.body : document.documentElement).append(button);
  else script.after(button);

  if (data.trigger) {
    document.addEventListener('click', (event) => {
      const opener = (event.target as Element).closest?.<HTMLElement>(data.trigger as string);
      if (opener) open(event, opener);
    });
  }
})();
