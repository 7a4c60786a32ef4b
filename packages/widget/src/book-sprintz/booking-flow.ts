import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, BookingApi, type ErrorCode } from '../api/client.ts';
import type {
  Appointment,
  BookingResult,
  FunnelEvent,
  Payment,
  Service,
  Slot,
  Staff,
} from '../api/types.ts';
import {
  BookedEvent,
  BookSprintzErrorEvent,
  ReadyEvent,
  ServiceSelectedEvent,
  SlotSelectedEvent,
} from '../events/index.ts';
import { errorMessage, type Locale, type Translations } from '../i18n/index.ts';
import { addMonths, type IsoDate, monthEnd, monthStart, todayIn } from './calendar-date.ts';
import { CatalogController } from './controllers/catalog-controller.ts';
import { HoldController } from './controllers/hold-controller.ts';
import { MonthSlotsController } from './controllers/month-slots-controller.ts';
import { SubmitController } from './controllers/submit-controller.ts';
import type { DepositPayment } from './deposit/deposit-payment.ts';
import { browserZone, canonicalZone, isZone } from './format.ts';
import type { Booking } from './steps/booking-steps.ts';
import { ZonePicker } from './zone-picker.ts';

type BookingSteps = typeof import('./steps/booking-steps.ts').default;

/**
 * WIDGET.md's flow. There is no location step: a business with several locations embeds
 * one widget per location (`location` attribute); otherwise slots name their location.
 * The deposit step is there only for services that take one.
 */
export type Step = 'service' | 'staff' | 'time' | 'details' | 'deposit' | 'done';
const STEPS: Step[] = ['service', 'staff', 'time', 'details', 'deposit', 'done'];

/** `staffId` when the customer takes whoever is free. */
export const ANY_STAFF = '';

export interface ShownError {
  code: ErrorCode | 'missing_tenant';
  status: number;
  /** The way forward, when trying again can help. */
  retry?: (() => void) | undefined;
  /** Said by the payment provider, already in the customer's language ("Your card was declined."). */
  detail?: string | undefined;
}

export interface FlowConfig {
  api: string;
  tenant: string;
  service?: string | null;
  staff?: string | null;
  location?: string | null;
  zone?: string | null;
  metadata?: Record<string, string>;
  /** The owner app's id of this embed (a UUID), sent with the funnel events. */
  widget?: string | null;
}

/** The funnel's random id of this page view (DESIGN.md §11): no cookie, nothing of the visitor. */
const SESSION = crypto.getRandomValues(new Uint32Array(4)).join('-');

interface Options {
  /** The visitor's strings, when loaded. */
  translations(): Translations | null | undefined;
  /** Loads the visitor's strings (`load` waits for them, so the flow speaks their language). */
  loadTranslations(): Promise<unknown>;
  locale(): Locale;
  /** The clock (ms since the epoch): `Date.now`, or a test's fixed moment. */
  now(): number;
  /** A step change the customer caused: the host announces it and moves focus. */
  onStep(step: Step): void;
}

/** Something preselected by id or slug. */
type Ref = { id: string; slug: string };
const lower = (key?: string | null) => key?.toLowerCase();

/** How far ahead the calendar goes. */
const MONTHS_AHEAD = 12;

/**
 * The step machine of one widget: what the customer chose and where they are. The
 * controllers do the work (catalog, month slots, hold, submit, deposit); every method named
 * after a customer action (`selectService`, `selectSlot`, `submit`…) is called only from a
 * UI handler, so the events it fires follow user actions (WIDGET.md).
 */
export class BookingFlow implements ReactiveController {
  readonly catalog = new CatalogController();
  readonly slots: MonthSlotsController;
  readonly holds: HoldController;
  readonly form = new SubmitController();
  readonly zones: ZonePicker;
  step: Step = 'service';
  /** Steps skipped: preselected by attributes, or with nothing to choose. */
  skipped = new Set<Step>();
  declare service: Service | undefined;
  /** From the `location` attribute; otherwise bookings take the slot's location. */
  declare locationId: string | undefined;
  staffId: string | null = null;
  /** The display zone, from `load` on (the first `Intl` date formatter costs tens of ms). */
  zone = '';
  month: IsoDate = '';
  declare selectedDate: IsoDate | undefined;
  declare slot: Slot | undefined;
  declare result: BookingResult | undefined;
  /** The deposit step's payment (Stripe.js is loaded at that step only). */
  declare deposit: DepositPayment | undefined;
  /** The details and confirmation steps' code, once fetched (steps/booking-steps.ts). */
  declare views: BookingSteps | undefined;
  declare error: ShownError | undefined;

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: Options;
  #api: BookingApi | undefined;
  #config: FlowConfig | undefined;
  #autoSelect = 0;
  /** The `staff` attribute chose someone (or "any"): kept for every service. */
  #staffPreset = false;
  /** Funnel steps already sent for this business. */
  #sent = new Set<string>();
  #views: Promise<BookingSteps | undefined> | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, options: Options) {
    this.#host = host;
    this.#options = options;
    const changed = () => host.requestUpdate();
    this.slots = new MonthSlotsController(changed);
    this.holds = new HoldController(changed, options.now);
    this.zones = new ZonePicker(changed);
    host.addController(this);
  }

  hostDisconnected(): void {
    this.holds.release();
    this.slots.watch(undefined);
  }

  get today(): IsoDate {
    return todayIn(this.zone, new Date(this.#options.now()));
  }

  /** Zone of the business (tenant). */
  get businessZone(): string {
    return this.catalog.profile?.timezone ?? this.zone;
  }

  /** Steps this customer goes through, in order. */
  get steps(): Step[] {
    const deposit = this.result ? this.result.payment : this.service?.deposit_required;
    return STEPS.filter((step) => !this.skipped.has(step) && (step !== 'deposit' || deposit));
  }

  get monthRange(): [IsoDate, IsoDate] {
    const first = monthStart(this.today);
    return [first, monthEnd(addMonths(first, MONTHS_AHEAD))];
  }

  /** What is booked, for the summaries: the held slot, or the appointment once made. */
  booking(of: { start_time: string; staff_id: string; location_id?: string | null }): Booking {
    const { staff, locations } = this.catalog;
    // The slot's or the appointment's place; a business with one place is there.
    const place =
      locations.find((l) => l.id === (of.location_id ?? this.locationId)) ??
      (locations[1] ? undefined : locations[0]);
    return {
      service: this.service,
      start: of.start_time,
      staff: staff.find((s) => s.id === of.staff_id)?.name,
      location: place && [place.name, place.address_line1, place.city].filter(Boolean).join(', '),
      zone: this.zone,
      business: this.businessZone,
    };
  }

  async load(config: FlowConfig): Promise<void> {
    this.#config = config;
    this.holds.release();
    this.slots.watch(undefined);
    const api = config.tenant ? new BookingApi(config.api, config.tenant) : undefined;
    this.#api = this.holds.api = api;
    this.#sent.clear();
    this.error = undefined;
    // Settled before any outcome is shown, so errors too are in the visitor's language.
    const strings = this.#options.loadTranslations().catch(() => {});
    const catalog = this.catalog;
    // Without a tenant: a page misconfiguration the visitor cannot fix; the developer is told.
    const loading = catalog.load(api, strings);
    // Only now, with the requests on their way (a `timezone` attribute is checked by Intl).
    const zone = isZone(config.zone) ? canonicalZone(config.zone) : browserZone();
    this.zone = zone;
    // A service and staff (or "any") preselected: the first month's times are asked for
    // now, beside the business, by the attributes' ids or slugs (the API takes both),
    // rather than once the business is here (DESIGN.md §9, first slot).
    const service = lower(config.service);
    const staff = lower(config.staff);
    this.slots.early = undefined;
    if (api && service && staff) {
      const start = this.today;
      const any = staff === 'any';
      const answer = api.availability({
        service_id: service,
        staff_id: any ? undefined : staff,
        location_id: lower(config.location),
        timezone: zone,
        start_date: start,
        end_date: monthEnd(start),
      });
      answer.catch(() => {});
      // The first read after this load is for the preselection, or for a staff member the
      // customer chose. The API takes the first of a staff slug, `reset` the first who
      // performs the service: the answer counts when they are the same person.
      const id = (list: Ref[], key: string) =>
        list.find((item) => item.id === key || item.slug === key)?.id;
      this.slots.early = {
        start,
        answer,
        matches: (query) =>
          query.service_id === id(catalog.services, service) &&
          query.staff_id === (any ? undefined : id(catalog.staff, staff)),
      };
    }
    // Intl's first formatter (its locale data) while the requests are out: the month is
    // drawn with it.
    isZone(zone);
    this.#changed();
    try {
      if (!(await loading)) return;
    } catch (error) {
      if (api) {
        const refused = error instanceof ApiError && error.code === 'origin_not_allowed';
        return this.#fail(error, refused ? undefined : () => this.load(config));
      }
      console.error('<book-sprintz>: the tenant attribute is required');
      this.error = { code: 'missing_tenant', status: 0 };
      return this.#changed();
    }
    this.track('view');
    this.reset();
    const { business_name, timezone } = catalog.profile!;
    this.#host.dispatchEvent(new ReadyEvent({ business_name, timezone }));
  }

  /** Back to the first step, keeping what the attributes preselected. */
  reset(userAction = false): void {
    const config = this.#config;
    const { services, locations } = this.catalog;
    // By id or slug, whatever the case, as the API matches them.
    const match = <T extends Ref>(list: T[], key?: string | null) =>
      key ? list.find((item) => [item.id, item.slug].includes(lower(key)!)) : undefined;
    this.skipped.clear();
    this.service = match(services, config?.service);
    if (this.service) this.skipped.add('service');
    this.locationId = match(locations, config?.location)?.id;
    const staff = match(this.eligibleStaff, config?.staff);
    this.staffId = staff ? staff.id : config?.staff === 'any' ? ANY_STAFF : null;
    this.#staffPreset = this.staffId !== null;
    if (this.#staffPreset) this.skipped.add('staff');
    this.result = undefined;
    this.holds.forget();
    this.slot = undefined;
    this.selectedDate = undefined;
    this.form.fieldErrors = {};
    this.#useSlots();
    this.#go(this.#nextStep(), userAction);
  }

  selectService(service: Service): void {
    this.#host.dispatchEvent(new ServiceSelectedEvent({ service }));
    this.service = service;
    if (!this.#staffPreset) {
      this.staffId = null;
      this.skipped.delete('staff');
    }
    this.#useSlots();
    this.#go(this.#nextStep());
  }

  selectStaff(staffId: string): void {
    this.staffId = staffId;
    this.#useSlots();
    this.#go(this.#nextStep());
  }

  setZone(zone: string): void {
    if (!isZone(zone) || zone === this.zone) return;
    this.zone = zone;
    this.#useSlots();
    this.showMonth(this.month || this.today);
  }

  showMonth(month: IsoDate): void {
    this.month = monthStart(month);
    this.#loadMonth(this.month);
    this.#changed();
  }

  selectDate(date: IsoDate): void {
    this.selectedDate = date;
    this.#watchLive();
    this.#changed();
  }

  async selectSlot(slot: Slot): Promise<void> {
    const service = this.service;
    if (!service || this.holds.holding) return;
    this.#host.dispatchEvent(new SlotSelectedEvent({ service_id: service.id, slot }));
    this.error = undefined;
    // Usually here already (fetched on idle); otherwise fetched while the time is held.
    const views = this.loadViews();
    if (!(await this.#hold(slot, () => this.selectSlot(slot)))) return;
    // A fetch begun before this choice (the idle prefetch, while the network was down)
    // may fail after it, e.g. just after Try again: a fresh attempt decides.
    if ((await views) ?? (await this.loadViews())) {
      this.slot = slot;
      this.#go('details');
    } else {
      // The details step cannot be shown: the time goes back, Try again fetches it anew.
      this.holds.release();
      this.#fail(new ApiError('network', 0, 'booking steps'), () => this.selectSlot(slot));
    }
  }

  /**
   * Fetches the details and confirmation steps' code (once; after a failure, anew).
   * `undefined` when it could not load.
   */
  loadViews(): Promise<BookingSteps | undefined> {
    this.#views ??= import('./steps/booking-steps.ts').then(
      ({ default: views }) => {
        this.views = views;
        return views;
      },
      () => {
        this.#views = undefined;
        return undefined;
      },
    );
    return this.#views;
  }

  /** Holds `slot`'s time; on failure says why (a time taken meanwhile: back to the times). */
  async #hold(slot: Slot, retry: () => void): Promise<boolean> {
    try {
      return !!(await this.holds.take({
        service_id: this.service!.id,
        staff_id: this.staffId || undefined,
        location_id: this.locationId,
        start_time: slot.start_time,
      }));
    } catch (error) {
      const taken = error instanceof ApiError && error.status === 409;
      if (taken) this.#backToTimes();
      this.#fail(error, taken ? undefined : retry);
      return false;
    }
  }

  back(): void {
    const steps = this.steps;
    const previous = steps[steps.indexOf(this.step) - 1];
    if (!previous) return;
    this.error = undefined;
    if (this.step === 'details') {
      this.holds.release();
      this.slots.day(this.selectedDate);
    }
    this.#go(previous);
  }

  /** Validates and books; `false` when a field needs fixing first. */
  async submit(): Promise<boolean> {
    const { service, slot, form, holds } = this;
    const api = this.#api;
    if (!service || !slot || !api || form.submitting) return false;
    this.track('details_started');
    if (form.check()) {
      this.#changed();
      return false;
    }
    this.error = undefined;
    // The hold ran out while the customer typed: take the time again (or learn it is gone).
    if (holds.lapsed && !(await this.#hold(slot, () => this.submit()))) return true;
    const hold = holds.hold;
    const submitting = form.book(api, {
      service_id: service.id,
      staff_id: hold?.staff_id ?? (this.staffId || slot.staff_id),
      location_id: this.locationId ?? slot.location_id ?? undefined,
      start_time: slot.start_time,
      hold_id: hold?.hold_id,
      locale: this.#options.locale(),
      timezone: this.zone,
      ...(Object.keys(this.#config?.metadata ?? {}).length
        ? { metadata: this.#config!.metadata }
        : {}),
    });
    this.#changed();
    try {
      const result = await submitting;
      this.result = result;
      holds.forget();
      const { payment } = result;
      if (!payment) {
        this.#booked(result.appointment);
        return true;
      }
      // Pending until paid: the booking's own hold keeps the time meanwhile.
      this.#go('deposit');
      this.#startDeposit(api, { ...result, payment });
    } catch (error) {
      const code = error instanceof ApiError ? error.code : undefined;
      if (code === 'slot_unavailable' || code === 'hold_expired') {
        holds.forget();
        this.#backToTimes(error);
      } else {
        this.#fail(error, code === 'origin_not_allowed' ? undefined : () => this.submit());
      }
    } finally {
      this.#changed();
    }
    return true;
  }

  /**
   * The deposit step's code (its view, the Payment Element, the wait for the server) is a
   * chunk of its own, fetched here with Stripe.js: visitors who pay no deposit never load
   * it, and the element stays within its budget (DESIGN.md §9).
   */
  async #startDeposit(api: BookingApi, result: BookingResult & { payment: Payment }) {
    let module: typeof import('./deposit/deposit-payment.ts');
    try {
      module = await import('./deposit/deposit-payment.ts');
    } catch (error) {
      const retry = () => this.#startDeposit(api, result);
      return this.#fail(new ApiError('payment_unavailable', 0, String(error)), retry);
    }
    if (this.step !== 'deposit' || this.result?.appointment.id !== result.appointment.id) return;
    // Loads Stripe.js and mounts the Payment Element.
    this.deposit = new module.DepositPayment(
      this.#host,
      api,
      result,
      this.#options.locale(),
      this.#options.now,
      {
        booked: (appointment) => this.#booked(appointment),
        expired: (paid) =>
          this.#backToTimes(
            new ApiError(paid ? 'payment_late' : 'hold_expired', 0, 'hold expired'),
          ),
        failed: (code, retry, detail) =>
          this.#fail(new ApiError(code, 0, detail ?? code), retry, detail),
        dismiss: () => this.dismissError(),
      },
    );
    this.#changed();
  }

  /**
   * Sends a funnel step once per business and page view. A beacon: the booking never
   * waits for it, and a blocked one changes nothing.
   */
  track(type: FunnelEvent['type']): void {
    if (this.#sent.has(type)) return;
    this.#sent.add(type);
    const widget = this.#config?.widget;
    this.#api?.event({
      type,
      session: SESSION,
      widget_id: widget && /^[\da-f-]{36}$/i.test(widget) ? widget : undefined,
    });
  }

  /** The booking is made: the confirmation, and the `booked` event. */
  #booked(appointment: Appointment): void {
    const result = this.result;
    if (!result) return;
    this.track('booked');
    result.appointment = appointment;
    this.#go('done');
    this.#host.dispatchEvent(
      new BookedEvent({
        appointment,
        manage_url: result.manage_url,
        calendar_url: result.calendar_url,
      }),
    );
  }

  dismissError(): void {
    this.error = undefined;
    this.#changed();
  }

  /** Staff who perform the chosen service. */
  get eligibleStaff(): Staff[] {
    return this.catalog.staffFor(this.service);
  }

  #nextStep(): Step {
    if (!this.service) return 'service';
    if (this.staffId === null) {
      const [only, other] = this.eligibleStaff;
      // Nothing to choose: one person does this service.
      if (other || !only) return 'staff';
      this.staffId = only.id;
      this.skipped.add('staff');
      this.#useSlots();
    }
    return 'time';
  }

  /** The chosen time is gone (taken, or its hold ran out): pick another. */
  #backToTimes(error?: unknown): void {
    this.result = undefined;
    this.slot = undefined;
    this.slots.day(this.selectedDate);
    this.#go('time');
    if (error) this.#fail(error);
  }

  #go(step: Step, userAction = true): void {
    if (step !== 'deposit') {
      this.deposit?.stop();
      this.deposit = undefined;
    }
    this.step = step;
    // A service chosen (or preselected) and a time held: the funnel's steps reached.
    if (this.service) this.track('service_selected');
    if (step === 'details') this.track('slot_selected');
    if (step === 'time') {
      this.month ||= monthStart(this.today);
      if (!this.selectedDate) this.#autoSelect = 2;
      this.#loadMonth(this.month);
    }
    this.#watchLive();
    if (userAction) this.#options.onStep(step);
    this.#changed();
  }

  /** Slots for the current choices from now on. */
  #useSlots(): void {
    const service = this.service;
    this.slots.use(
      this.#api,
      service && {
        service_id: service.id,
        staff_id: this.staffId || undefined,
        location_id: this.locationId,
        timezone: this.zone,
      },
    );
  }

  /** Reads a month; on entering the step, picks its first free day (or tries the next month). */
  async #loadMonth(month: IsoDate): Promise<void> {
    try {
      if (!(await this.slots.month(month, this.today))) return;
    } catch (error) {
      return this.#fail(error, () => this.#loadMonth(month));
    }
    this.#changed();
    // The times are shown: the next steps' code comes while the visitor looks at them
    // (Safari has no requestIdleCallback: there, a task later).
    (self.requestIdleCallback ?? setTimeout)(() => this.loadViews());
    if (!this.#autoSelect || this.month !== month) return;
    const first = [...this.slots.days].find(
      ([date, slots]) => date.startsWith(month.slice(0, 7)) && slots.length,
    );
    if (first) {
      this.#autoSelect = 0;
      this.selectDate(first[0]);
    } else if (--this.#autoSelect) {
      this.showMonth(addMonths(month, 1));
    }
  }

  #watchLive(): void {
    this.slots.watch(this.step === 'time' ? this.selectedDate : undefined);
  }

  #fail(error: unknown, retry?: () => void, detail?: string): void {
    const { code, status }: { code: ErrorCode; status: number } =
      error instanceof ApiError ? error : { code: 'unknown', status: 0 };
    this.error = { code, status, retry, detail };
    this.#changed();
    const business = this.catalog.profile?.business_name;
    if (code === 'origin_not_allowed') {
      // Said to whoever runs the page: the visitor is told only that booking is not here.
      console.error(
        `<book-sprintz>: Add ${location.hostname} to the business’s allowed domains to take bookings here.`,
      );
    }
    const message = errorMessage(this.#options.translations(), code, business);
    this.#host.dispatchEvent(new BookSprintzErrorEvent({ code, status, message }));
  }

  #changed(): void {
    this.#host.requestUpdate();
  }
}
