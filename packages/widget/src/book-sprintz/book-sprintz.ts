// biome-ignore assist/source/organizeImports: the stylesheet is imported last (see there)
import { html, LitElement, nothing } from 'lit';
import { PopupCloseEvent } from '../events/index.ts';
import {
  errorMessage,
  essentials,
  format,
  type Locale,
  loadTranslations,
  resolveLocale,
  type Translations,
  translationsFor,
} from '../i18n/index.ts';
import { BookingFlow, type ShownError, type Step } from './booking-flow.ts';
import { firstDayOfWeek, monthStart } from './calendar-date.ts';
import { CalendarKeyboardController } from './calendar-keyboard.ts';
import { serviceStep, staffStep } from './steps/choice-steps.ts';
import { timeStep } from './steps/time-step.ts';
import type { StepView } from './steps/view.ts';
import { tenantTheme } from './theme.ts';
// Last: gzip finds more of the stylesheet's words in the templates just before it.
import { styles } from './book-sprintz.styles.ts';

/** The API lives where the script came from, unless the `api` attribute says otherwise. */
const scriptOrigin = new URL(import.meta.url).origin;

/** Shown when no language could load: English's generic message, and Try again. */
const NO_STRINGS: ShownError = { code: 'unknown', status: 0 };

/** Attributes whose change reloads the business and restarts the flow. */
const RELOAD = ['tenant', 'api', 'service', 'staff', 'location', 'timezone', 'widgetId'] as const;

/**
 * `<book-sprintz>`: a business's booking flow, embeddable on any site (WIDGET.md).
 * Service → staff or "any available" → date and time → details → deposit (services that
 * take one; Stripe.js is loaded at that step only) → confirmation. Preselection
 * attributes skip their step.
 *
 * @tagname book-sprintz
 * @summary Embeddable booking widget for BookSprintz businesses.
 *
 * @fires {ReadyEvent} book-sprintz:ready - The business is loaded; detail `{business_name, timezone}`.
 * @fires {ServiceSelectedEvent} book-sprintz:service-selected - The customer chose a service; detail `{service}`.
 * @fires {SlotSelectedEvent} book-sprintz:slot-selected - The customer chose a time; detail `{service_id, slot}`.
 * @fires {BookedEvent} book-sprintz:booked - Booked (with a deposit: once paid); detail `{appointment, manage_url, calendar_url}`.
 * @fires {BookSprintzErrorEvent} book-sprintz:error - An error was shown; detail `{code, status, message}`.
 * @fires {PopupCloseEvent} book-sprintz:close - The popup dialog closed; detail `{booked}`.
 *
 * @csspart header - The business name and logo bar.
 * @csspart service - A service choice.
 * @csspart staff - A staff choice (also "any available").
 * @csspart day - A day of the month grid.
 * @csspart slot - A time slot.
 * @csspart button - Buttons and button-like links.
 * @csspart input - Form fields and the zone picker.
 * @csspart confirmation - The confirmation panel.
 * @csspart error - The error message.
 * @csspart dialog - The popup dialog.
 *
 * @cssprop --bs-color-primary - Brand colour (default: the tenant's `primary_color`).
 * @cssprop --bs-color-on-primary - Text on the brand colour (default: white or near black, by contrast).
 * @cssprop --bs-color-text - Text colour.
 * @cssprop --bs-color-background - Background colour.
 * @cssprop --bs-font-family - Font family.
 * @cssprop --bs-font-size - Base font size (default 16px).
 * @cssprop --bs-radius - Corner radius.
 * @cssprop --bs-min-height - Height reserved while loading (default 34em).
 */
export class BookSprintz extends LitElement {
  static override styles = styles;

  static override properties = {
    tenant: {},
    api: {},
    service: {},
    staff: {},
    location: {},
    locale: {},
    timezone: {},
    mode: { reflect: true },
    theme: { reflect: true },
    label: {},
    noTrigger: { type: Boolean, attribute: 'no-trigger' },
    prefillName: { attribute: 'prefill-name' },
    prefillEmail: { attribute: 'prefill-email' },
    prefillPhone: { attribute: 'prefill-phone' },
    utmSource: { attribute: 'utm-source' },
    utmMedium: { attribute: 'utm-medium' },
    utmCampaign: { attribute: 'utm-campaign' },
    widgetId: { attribute: 'widget-id' },
    open: { state: true },
  };

  /** The tenant's subdomain slug. */
  declare tenant: string;
  /** API origin; default: the origin this script was loaded from. */
  declare api: string;
  /** Preselected service, by id or slug. */
  declare service: string | null;
  /** Preselected staff member, by id or slug of the name; `any` for "any available". */
  declare staff: string | null;
  /** Preselected location, by id or slug of the name. */
  declare location: string | null;
  /** `en`, `es` or `fr`; default: the browser's language, then the tenant's. */
  declare locale: string | null;
  /** Display zone (IANA); default: the browser's. */
  declare timezone: string | null;
  /** `inline` (default) or `popup` (a button that opens a modal dialog). */
  declare mode: 'inline' | 'popup';
  /** `light` or `dark` forces a colour scheme; default: follow `prefers-color-scheme`. */
  declare theme: 'light' | 'dark' | null;
  /** Label of the popup button (default: "Book now", translated). */
  declare label: string | null;
  /** Popup mode without its own button (the embed loader brings one and calls `show()`). */
  declare noTrigger: boolean;
  declare prefillName: string | null;
  declare prefillEmail: string | null;
  declare prefillPhone: string | null;
  declare utmSource: string | null;
  declare utmMedium: string | null;
  declare utmCampaign: string | null;
  /** The owner app's id of this embed (a UUID): the funnel report counts it apart. */
  declare widgetId: string | null;
  declare private open: boolean;
  /** The clock the flow reads "today" and hold expiries by; tests and previews pin it. */
  now: () => number = Date.now;

  readonly #flow: BookingFlow = new BookingFlow(this, {
    translations: () => this.#strings,
    loadTranslations: () => loadTranslations(this.#locales.locale),
    locale: () => this.#locales.locale,
    now: () => this.now(),
    onStep: (step) => this.#stepChanged(step),
  });
  readonly #calendar = new CalendarKeyboardController(this, {
    firstDay: () => firstDayOfWeek(this.#locales.tag),
    range: () => this.#flow.monthRange,
    onMove: (date) => {
      if (monthStart(date) !== this.#flow.month) this.#flow.showMonth(date);
    },
  });
  /** The step last reached by a customer's action, announced by its title. */
  #announced: Step | undefined;
  #focusStep = false;
  #returnFocus: HTMLElement | undefined;
  #shownDate: string | undefined;
  /** The `RELOAD` attributes of the last load. */
  #loaded = '';
  /** A step of the flow has been drawn. */
  #shown = false;

  constructor() {
    super();
    this.tenant = '';
    this.api = '';
    this.mode = 'inline';
    this.noTrigger = false;
    this.open = false;
  }

  /**
   * Opens the popup dialog (popup mode). Focus returns to `opener` on close (default: the
   * page's focused element; Safari does not focus a clicked button, so loaders pass it).
   */
  async show(opener?: HTMLElement): Promise<void> {
    if (this.mode !== 'popup' || this.open) return;
    this.#returnFocus = opener ?? (document.activeElement as HTMLElement | null) ?? undefined;
    this.open = true;
    if (this.#flow.catalog.status === 'idle' || this.#flow.catalog.status === 'failed')
      this.#load();
    else if (this.#flow.step === 'done') this.#flow.reset();
    await this.updateComplete;
    this.#dialog?.showModal();
    // The step's heading when the business is already loaded, else the close button.
    const focus = (selector: string) => this.renderRoot.querySelector<HTMLElement>(selector);
    (focus('#step-title') ?? focus('[data-testid="close"]'))?.focus();
  }

  /** Closes the popup dialog, releasing any hold. */
  close(): void {
    this.#dialog?.close();
    this.#closed();
  }

  override connectedCallback(): void {
    // The business's requests leave first: connecting, Lit parses the stylesheet.
    this.#loadIfWanted();
    super.connectedCallback();
    addEventListener('pagehide', this.#onPageHide);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pagehide', this.#onPageHide);
  }

  readonly #onPageHide = () => this.#flow.holds.release();

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  get #locales(): { locale: Locale; tag: string } {
    return resolveLocale([this.locale, ...navigator.languages, this.#flow.catalog.profile?.locale]);
  }

  /**
   * The visitor's strings: `undefined` while they load (the panel shows its loading state,
   * with English's `essentials`), `null` when no language could load.
   */
  get #strings(): Translations | null | undefined {
    return translationsFor(this.#locales.locale, () => this.requestUpdate());
  }

  /**
   * Until the business is first shown, draws a task later, not a microtask: its answer,
   * the month read beside it and the day chosen in it come in one chain of microtasks, and
   * are drawn once instead of three times (two month grids fewer before the first slot,
   * DESIGN.md §9). The first frame is drawn at once: it reserves the panel's height.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (this.hasUpdated && !this.#shown) await new Promise((resolve) => setTimeout(resolve));
    super.scheduleUpdate();
  }

  protected override willUpdate(): void {
    this.#loadIfWanted();
    // The grid's one tabbable day follows the chosen day, and stays inside the shown month.
    const flow = this.#flow;
    const { month, selectedDate } = flow;
    if (selectedDate !== this.#shownDate) {
      this.#shownDate = selectedDate;
      if (selectedDate) this.#calendar.focusedDate = selectedDate;
    }
    if (month && monthStart(this.#calendar.focusedDate || month) !== month) {
      // The later of the two: the past days of this month are not bookable.
      this.#calendar.focusedDate = [month, flow.today].sort()[1]!;
    }
  }

  /** Loads when shown, unless the attributes that name what to load are those loaded. */
  #loadIfWanted(): void {
    if (
      (this.mode !== 'popup' || this.open) &&
      (this.#flow.catalog.status === 'idle' || this.#reloadKey() !== this.#loaded)
    ) {
      this.#load();
    }
  }

  #reloadKey(): string {
    return RELOAD.map((key) => this[key]).join('\n');
  }

  #load(): void {
    this.#loaded = this.#reloadKey();
    const customer = this.#flow.form.customer;
    customer.name ||= this.prefillName ?? '';
    customer.email ||= this.prefillEmail ?? '';
    customer.phone ||= this.prefillPhone ?? '';
    const metadata: Record<string, string> = {};
    if (this.utmSource) metadata.utm_source = this.utmSource;
    if (this.utmMedium) metadata.utm_medium = this.utmMedium;
    if (this.utmCampaign) metadata.utm_campaign = this.utmCampaign;
    this.#flow.load({
      api: this.api || scriptOrigin,
      tenant: this.tenant,
      service: this.service,
      staff: this.staff,
      location: this.location,
      zone: this.timezone,
      metadata,
      widget: this.widgetId,
    });
  }

  #stepChanged(step: Step): void {
    this.#announced = step;
    this.#focusStep = true;
  }

  #announcement(t: Translations): string {
    const step = this.#announced;
    if (!step) return '';
    // `done` is not counted: "Step 4 of 4" is the last thing the customer fills in.
    const steps = this.#flow.steps;
    const title = this.#stepTitle(t, step);
    return step === 'done'
      ? title
      : format(t.stepAnnouncement, {
          step: steps.indexOf(step) + 1,
          total: steps.length - 1,
          title,
        });
  }

  #stepTitle(t: Translations, step: Step): string {
    if (step !== 'done') return t.steps[step];
    return this.#flow.result?.appointment.status === 'pending' ? t.pendingTitle : t.confirmedTitle;
  }

  protected override updated(): void {
    this.#shown ||= this.#flow.catalog.status === 'ready';
    // Through the CSSOM, not a style attribute: pages with a strict CSP allow the former.
    for (const element of this.renderRoot.querySelectorAll<HTMLElement>('.root, .trigger')) {
      for (const [name, value] of Object.entries(
        tenantTheme(this.#flow.catalog.profile?.primary_color),
      )) {
        element.style.setProperty(name, value);
      }
    }
    if (!this.#focusStep) return;
    this.#focusStep = false;
    this.renderRoot.querySelector<HTMLElement>('#step-title')?.focus();
  }

  protected override render() {
    if (this.mode !== 'popup') return this.#panel();
    return html`${
      this.noTrigger
        ? nothing
        : html`<button
            class="primary trigger"
            part="button trigger"
            data-testid="open-button"
            aria-haspopup="dialog"
            @click=${(event: Event) => this.show(event.currentTarget as HTMLElement)}
          >
            ${this.label || (this.#strings ?? essentials).bookNow}
          </button>`
    }
      <dialog part="dialog" aria-labelledby="business" @close=${this.#onDialogClose} @keydown=${this.#trapFocus}>
        ${this.open || this.#flow.catalog.status !== 'idle' ? this.#panel() : nothing}
      </dialog>`;
  }

  #panel() {
    const flow = this.#flow;
    const { status, profile } = flow.catalog;
    const strings = this.#strings;
    const t = strings ?? essentials;
    const { locale, tag } = this.#locales;
    // Loading until the business and the visitor's language are both here: no English flash.
    const loading = status === 'idle' || status === 'loading' || strings === undefined;
    const steps = flow.steps;
    const index = steps.indexOf(flow.step);
    // Without strings (none could load) the flow cannot be shown: English's error instead.
    const error = loading ? undefined : (flow.error ?? (strings ? undefined : NO_STRINGS));
    return html`<div class="root" lang=${locale} aria-busy=${loading}>
      <header class="header" part="header">
        ${profile?.logo_url ? html`<img class="logo" src=${profile.logo_url} alt="" />` : nothing}
        <span class="business" id="business">
          ${profile ? profile.business_name : html`<span class="bar" aria-hidden="true"></span><span class="sr-only">${t.bookNow}</span>`}
        </span>
        ${
          this.mode === 'popup'
            ? html`<button class="icon" part="button" data-testid="close" aria-label=${t.close} @click=${() => this.close()}>✕</button>`
            : nothing
        }
      </header>
      <div class="sr-only" aria-live="polite">${loading ? t.loading : strings ? this.#announcement(strings) : ''}</div>
      ${
        error
          ? html`<div class="error" part="error" role="alert" data-testid="error">
              <p>${errorMessage(strings, error.code, profile?.business_name)} ${error.detail ?? nothing}</p>
              ${
                error.retry || !strings
                  ? html`<button data-testid="retry" @click=${this.#retry}>${t.retry}</button>`
                  : nothing
              }
            </div>`
          : nothing
      }
      ${
        loading
          ? html`<div class="skeleton" aria-hidden="true"><div></div><div></div><div></div><div></div></div>`
          : status === 'ready' && strings
            ? html`<section class="step" aria-labelledby="step-title" data-step=${flow.step}>
                <div class="step-head">
                  ${
                    index > 0 && flow.step !== 'deposit' && flow.step !== 'done'
                      ? html`<button class="back" part="button" data-testid="back" @click=${() => flow.back()}>
                          ‹ ${strings.back}
                        </button>`
                      : nothing
                  }
                  <h2 id="step-title" tabindex="-1">${this.#stepTitle(strings, flow.step)}</h2>
                  ${
                    flow.step === 'done'
                      ? nothing
                      : html`<span class="hint">${index + 1}/${steps.length - 1}</span>`
                  }
                </div>
                ${this.#stepBody({ t: strings, locale: tag })}
              </section>`
            : nothing
      }
    </div>`;
  }

  #stepBody(view: StepView) {
    const flow = this.#flow;
    // The details and confirmation steps' code: always here once a time is held.
    const { slot, result, deposit, views } = flow;
    switch (flow.step) {
      case 'service':
        return serviceStep(view, flow.catalog.services, flow.catalog.profile?.currency, (service) =>
          flow.selectService(service),
        );
      case 'staff':
        return staffStep(view, flow.eligibleStaff, (staffId) => flow.selectStaff(staffId));
      case 'time':
        return timeStep(view, flow, this.#calendar);
      case 'details': {
        if (!slot || !views) return nothing;
        return views.detailsStep(view, {
          booking: flow.booking(flow.holds.hold ?? slot),
          holds: flow.holds,
          form: flow.form,
          deposit: !!flow.service?.deposit_required,
          onSubmit: this.#onSubmit,
          onInput: () => flow.track('details_started'),
        });
      }
      case 'deposit':
        return deposit && views
          ? deposit.render(view, views.bookingSummary(view, flow.booking(deposit.appointment)))
          : html`<p class="hint">${view.t.loading}</p>`;
      case 'done':
        return result && views
          ? views.confirmationStep(view, result, flow.booking(result.appointment), () =>
              flow.reset(true),
            )
          : nothing;
    }
  }

  readonly #retry = () => {
    // Without a way forward of the flow's own, only missing strings can be the problem.
    const retry = this.#flow.error?.retry ?? (() => this.#load());
    this.#flow.dismissError();
    retry();
  };

  readonly #onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    await this.#flow.submit();
    if (this.#flow.step !== 'details' || !Object.keys(this.#flow.form.fieldErrors).length) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  };

  /**
   * The dialog's `close` event comes a task later (Escape closes it natively); by then
   * `close()` may have done this already, or the dialog may be open again.
   */
  readonly #onDialogClose = () => {
    if (!this.#dialog?.open) this.#closed();
  };

  #closed(): void {
    if (!this.open) return;
    this.open = false;
    const booked = this.#flow.step === 'done';
    if (this.#flow.step === 'details') this.#flow.back();
    this.#flow.holds.release();
    this.#returnFocus?.focus();
    this.dispatchEvent(new PopupCloseEvent({ booked }));
  }

  /**
   * Keeps Tab inside the dialog. `showModal` makes the page inert, but Tab can still
   * leave for the browser's own UI; wrapping keeps keyboard users in the flow.
   */
  readonly #trapFocus = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' || !this.#dialog) return;
    const focusable = [
      ...this.#dialog.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea'),
    ].filter((element) => element.tabIndex >= 0 && element.getClientRects().length > 0);
    const first = focusable[0];
    const last = focusable.at(-1);
    const active = this.shadowRoot?.activeElement;
    if (event.shiftKey && (active === first || !focusable.includes(active as HTMLElement))) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first?.focus();
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'book-sprintz': BookSprintz;
  }
}
