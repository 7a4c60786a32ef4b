import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, BookingApi, type ErrorCode } from '../api/client.ts';
import type {
  Appointment,
  AvailabilityQuery,
  BookingRequest,
  BookingResult,
  Hold,
  LiveSlotMessage,
  Location,
  Service,
  Slot,
  Staff,
  TenantProfile,
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
import {
  type Customer,
  type Field,
  type FieldProblem,
  fieldProblems,
  validate,
} from './customer-details.ts';
import { DepositPayment } from './deposit/deposit-payment.ts';
import { browserZone, isZone } from './format.ts';
import { LiveSlots } from './live-slots.ts';

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
}

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

/** How far ahead the calendar goes. */
const MONTHS_AHEAD = 12;

/**
 * The booking flow of one widget: what the customer chose, what the API said, and the
 * hold on the chosen time. The element renders it; every method named after a customer
 * action (`selectService`, `selectSlot`, `submit`…) is called only from a UI handler, so
 * the events it fires follow user actions (WIDGET.md).
 */
export class BookingFlow implements ReactiveController {
  status: 'idle' | 'loading' | 'ready' | 'failed' = 'idle';
  declare profile: TenantProfile | undefined;
  services: Service[] = [];
  staff: Staff[] = [];
  locations: Location[] = [];
  step: Step = 'service';
  /** Steps skipped by preselection attributes. */
  preselected = new Set<Step>();
  declare service: Service | undefined;
  /** From the `location` attribute; otherwise bookings take the slot's location. */
  declare locationId: string | undefined;
  staffId: string | null = null;
  zone = browserZone();
  month: IsoDate = '';
  declare selectedDate: IsoDate | undefined;
  /** Slots by date for the current service, staff, location and zone. */
  days = new Map<IsoDate, Slot[]>();
  loadingMonths = new Set<IsoDate>();
  /** Start time of the slot being held right now. */
  declare holding: string | undefined;
  declare hold: Hold | undefined;
  declare slot: Slot | undefined;
  customer: Customer = { name: '', email: '', phone: '', notes: '' };
  fieldErrors: Partial<Record<Field, FieldProblem>> = {};
  submitting = false;
  declare result: BookingResult | undefined;
  /** The deposit step's payment (Stripe.js is loaded at that step only). */
  declare deposit: DepositPayment | undefined;
  declare error: ShownError | undefined;

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: Options;
  #api: BookingApi | undefined;
  #config: FlowConfig | undefined;
  readonly #loadedMonths = new Set<IsoDate>();
  /** Bumped when the slot context changes, so late answers for the old one are dropped. */
  #generation = 0;
  #autoSelect = 0;
  #idempotencyKey: string | undefined;
  readonly #live = new LiveSlots((message) => this.#onLive(message));
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, options: Options) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.releaseHold();
    this.#live.close();
  }

  now(): number {
    return this.#options.now();
  }

  get today(): IsoDate {
    return todayIn(this.zone, new Date(this.now()));
  }

  /** Zone of the business (tenant). */
  get businessZone(): string {
    return this.profile?.timezone ?? this.zone;
  }

  /** Steps this customer goes through, in order. */
  get steps(): Step[] {
    const deposit = this.result ? this.result.payment : this.service?.deposit_required;
    return STEPS.filter((step) => !this.preselected.has(step) && (step !== 'deposit' || deposit));
  }

  eligibleStaff(): Staff[] {
    const allowed = this.service?.available_with_staff ?? [];
    return allowed.length ? this.staff.filter((s) => allowed.includes(s.id)) : this.staff;
  }

  staffName(id: string | undefined): string | undefined {
    return this.staff.find((s) => s.id === id)?.name;
  }

  async load(config: FlowConfig): Promise<void> {
    this.#config = config;
    this.releaseHold();
    this.#live.close();
    const api = config.tenant ? new BookingApi(config.api, config.tenant) : undefined;
    this.#api = api;
    this.status = 'loading';
    this.error = undefined;
    this.#changed();
    // Settled before any outcome is shown, so errors too are in the visitor's language.
    const strings = this.#options.loadTranslations();
    if (!api) {
      // A page misconfiguration the visitor cannot fix: say it to the developer.
      console.error('<book-sprintz>: the tenant attribute is required');
      await strings.catch(() => {});
      // A load with a tenant began meanwhile.
      if (this.#api) return;
      this.status = 'failed';
      this.error = { code: 'missing_tenant', status: 0 };
      return this.#changed();
    }
    try {
      const [profile, services, staff, locations] = await Promise.all([
        api.profile(),
        api.services(),
        api.staff(),
        // Only to resolve the `location` attribute; never worth failing the page over.
        config.location ? api.locations().catch(() => [] as Location[]) : [],
      ]);
      // Attributes changed while this was loading: the newer load wins.
      if (api !== this.#api) return;
      this.profile = profile;
      this.services = [...services].sort((a, b) => a.display_order - b.display_order);
      this.staff = staff;
      this.locations = locations;
      // Without any language (none could load) there is no flow to show: the generic error.
      await strings;
    } catch (error) {
      await strings.catch(() => {});
      if (api !== this.#api) return;
      this.status = 'failed';
      return this.#fail(error, () => this.load(config));
    }
    if (api !== this.#api) return;
    this.status = 'ready';
    this.zone = isZone(config.zone) ? config.zone : browserZone();
    this.reset();
    this.#host.dispatchEvent(
      new ReadyEvent({
        business_name: this.profile.business_name,
        timezone: this.profile.timezone,
      }),
    );
  }

  /** Back to the first step, keeping what the attributes preselected. */
  reset(userAction = false): void {
    const config = this.#config;
    const match = <T extends { id: string; name: string }>(list: T[], key?: string | null) =>
      key ? list.find((item) => item.id === key || slugOf(item) === key.toLowerCase()) : undefined;
    this.preselected.clear();
    this.service = match(this.services, config?.service);
    if (this.service) this.preselected.add('service');
    this.locationId = match(this.locations, config?.location)?.id;
    const staff = match(this.eligibleStaff(), config?.staff);
    this.staffId = staff ? staff.id : config?.staff === 'any' ? ANY_STAFF : null;
    if (this.staffId !== null) this.preselected.add('staff');
    this.result = undefined;
    this.hold = undefined;
    this.slot = undefined;
    this.selectedDate = undefined;
    this.fieldErrors = {};
    this.#clearSlots();
    this.#go(this.#nextStep(), userAction);
  }

  selectService(service: Service): void {
    this.#host.dispatchEvent(new ServiceSelectedEvent({ service }));
    this.service = service;
    if (!this.preselected.has('staff')) this.staffId = null;
    this.#clearSlots();
    this.#go(this.#nextStep());
  }

  selectStaff(staffId: string): void {
    this.staffId = staffId;
    this.#clearSlots();
    this.#go(this.#nextStep());
  }

  setZone(zone: string): void {
    if (!isZone(zone) || zone === this.zone) return;
    this.zone = zone;
    this.#clearSlots();
    this.showMonth(this.month || monthStart(this.today));
  }

  showMonth(month: IsoDate): void {
    this.month = monthStart(month);
    this.#loadMonth(this.month);
    this.#changed();
  }

  get monthRange(): [IsoDate, IsoDate] {
    const first = monthStart(this.today);
    return [first, monthEnd(addMonths(first, MONTHS_AHEAD))];
  }

  selectDate(date: IsoDate): void {
    this.selectedDate = date;
    this.#watchLive();
    this.#changed();
  }

  async selectSlot(slot: Slot): Promise<void> {
    const service = this.service;
    if (!service || !this.#api || this.holding) return;
    this.#host.dispatchEvent(new SlotSelectedEvent({ service_id: service.id, slot }));
    this.error = undefined;
    this.holding = slot.start_time;
    this.#changed();
    try {
      this.hold = await this.#api.hold({
        service_id: service.id,
        staff_id: this.staffId || undefined,
        location_id: this.locationId,
        start_time: slot.start_time,
      });
      this.slot = slot;
      this.#live.watch(undefined);
      this.#go('details');
    } catch (error) {
      const taken = error instanceof ApiError && error.status === 409;
      if (taken && this.selectedDate) this.refreshDay(this.selectedDate);
      this.#fail(error, taken ? undefined : () => this.selectSlot(slot));
    } finally {
      this.holding = undefined;
      this.#changed();
    }
  }

  back(): void {
    const steps = this.steps;
    const previous = steps[steps.indexOf(this.step) - 1];
    if (!previous) return;
    this.error = undefined;
    if (this.step === 'details') {
      this.releaseHold();
      this.refreshDay(this.selectedDate);
    }
    this.#go(previous);
  }

  /** Validates and books; `false` when a field needs fixing first. */
  async submit(): Promise<boolean> {
    const { service, slot, hold } = this;
    const api = this.#api;
    if (!service || !slot || !api || this.submitting) return false;
    this.fieldErrors = validate(this.customer);
    if (Object.keys(this.fieldErrors).length) {
      this.#changed();
      return false;
    }
    const { name, email, phone, notes } = this.customer;
    const body: BookingRequest = {
      service_id: service.id,
      staff_id: hold?.staff_id ?? (this.staffId || slot.staff_id),
      location_id: this.locationId ?? slot.location_id ?? undefined,
      start_time: slot.start_time,
      hold_id: hold?.hold_id,
      customer: { name: name.trim(), email: email.trim(), phone: phone.trim() || undefined },
      notes: notes.trim() || undefined,
      locale: this.#options.locale(),
      timezone: this.zone,
    };
    const metadata = this.#config?.metadata;
    if (metadata && Object.keys(metadata).length) body.metadata = metadata;
    this.#idempotencyKey ??= randomKey();
    this.submitting = true;
    this.error = undefined;
    this.#changed();
    try {
      const result = await api.book(body, this.#idempotencyKey);
      this.result = result;
      this.hold = undefined;
      this.#idempotencyKey = undefined;
      const { payment } = result;
      if (payment) {
        // Pending until paid: the booking's own hold keeps the time meanwhile.
        this.#go('deposit');
        // Loads Stripe.js and mounts the Payment Element.
        const locale = this.#options.locale();
        this.deposit = new DepositPayment(this.#host, this, api, { ...result, payment }, locale);
      } else {
        this.booked(result.appointment);
      }
    } catch (error) {
      const apiError = error instanceof ApiError ? error : undefined;
      // Retrying the same body must reuse the key; anything the server answered is final.
      if (apiError && apiError.status >= 400 && apiError.status < 500)
        this.#idempotencyKey = undefined;
      if (apiError?.code === 'validation_failed') {
        this.fieldErrors = fieldProblems(apiError);
        this.#fail(error);
      } else if (apiError?.code === 'slot_unavailable' || apiError?.code === 'hold_expired') {
        this.hold = undefined;
        this.#backToTimes(error);
      } else {
        this.#fail(
          error,
          apiError?.code === 'origin_not_allowed' ? undefined : () => this.submit(),
        );
      }
    } finally {
      this.submitting = false;
      this.#changed();
    }
    return true;
  }

  /**
   * The booking is made: the confirmation, and the `booked` event. Called on submit, or by
   * the deposit step once the server has the payment (the customer's Pay click).
   */
  booked(appointment: Appointment): void {
    const result = this.result;
    if (!result) return;
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

  /**
   * The deposit step's hold ran out before the payment arrived (the server cancels the
   * appointment and refunds a late payment): back to the times.
   */
  depositExpired(paid: boolean): void {
    this.#backToTimes(new ApiError(paid ? 'payment_late' : 'hold_expired', 0, 'hold expired'));
  }

  /** A payment problem, shown like any other (Stripe's own words as `detail`). */
  paymentFailed(
    code: 'payment_unavailable' | 'payment_failed',
    retry?: () => void,
    detail?: string,
  ): void {
    this.#fail(new ApiError(code, 0, detail ?? code), retry, detail);
  }

  /** Releases the hold (popup closed, element removed, customer went back). */
  releaseHold(): void {
    const hold = this.hold;
    this.hold = undefined;
    if (hold && this.#api) this.#api.releaseHold(hold.hold_id).catch(() => {});
  }

  dismissError(): void {
    this.error = undefined;
    this.#changed();
  }

  #nextStep(): Step {
    if (!this.service) return 'service';
    if (this.staffId === null) return 'staff';
    return 'time';
  }

  /** The chosen time is gone (taken, or its hold ran out): pick another. */
  #backToTimes(error: unknown): void {
    this.result = undefined;
    this.slot = undefined;
    this.refreshDay(this.selectedDate);
    this.#go('time');
    this.#fail(error);
  }

  #go(step: Step, userAction = true): void {
    if (step !== 'deposit') {
      this.deposit?.stop();
      this.deposit = undefined;
    }
    this.step = step;
    if (step === 'time') {
      if (!this.month) this.month = monthStart(this.today);
      if (!this.selectedDate) this.#autoSelect = 2;
      this.#loadMonth(this.month);
      this.#watchLive();
    } else {
      this.#live.watch(undefined);
    }
    if (userAction) this.#options.onStep(step);
    this.#changed();
  }

  #clearSlots(): void {
    this.#generation++;
    this.days = new Map();
    this.#loadedMonths.clear();
    this.loadingMonths.clear();
  }

  async #loadMonth(month: IsoDate): Promise<void> {
    const service = this.service;
    if (!service || !this.#api || this.#loadedMonths.has(month) || this.loadingMonths.has(month))
      return;
    const today = this.today;
    const end = monthEnd(month);
    if (end < today) return this.#loaded(month);
    this.loadingMonths.add(month);
    this.#changed();
    const generation = this.#generation;
    try {
      const availability = await this.#api.availability(
        this.#slotQuery(service, month < today ? today : month, end),
      );
      if (generation !== this.#generation) return;
      for (const day of availability.days) this.days.set(day.date, day.slots);
      this.loadingMonths.delete(month);
      this.#loaded(month);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.loadingMonths.delete(month);
      this.#fail(error, () => this.#loadMonth(month));
    }
  }

  /** After a month arrives: on entering the step, pick its first free day (or try the next month). */
  #loaded(month: IsoDate): void {
    this.#loadedMonths.add(month);
    if (this.#autoSelect && this.month === month) {
      const first = [...this.days.entries()].find(
        ([date, slots]) => date.startsWith(month.slice(0, 7)) && slots.length,
      );
      if (first) {
        this.#autoSelect = 0;
        this.selectedDate = first[0];
        this.#watchLive();
      } else if (--this.#autoSelect) {
        this.showMonth(addMonths(month, 1));
      }
    }
    this.#changed();
  }

  /** Re-reads one day (a slot was taken or freed). */
  async refreshDay(date: IsoDate | undefined): Promise<void> {
    const service = this.service;
    if (!date || !service || !this.#api) return;
    const generation = this.#generation;
    try {
      const availability = await this.#api.availability(this.#slotQuery(service, date, date));
      if (generation !== this.#generation) return;
      for (const day of availability.days) this.days.set(day.date, day.slots);
      this.#changed();
    } catch {
      // The day keeps its old slots; the hold request is the real check.
    }
  }

  #slotQuery(service: Service, start_date: IsoDate, end_date: IsoDate): AvailabilityQuery {
    return {
      service_id: service.id,
      staff_id: this.staffId || undefined,
      location_id: this.locationId,
      start_date,
      end_date,
      timezone: this.zone,
    };
  }

  #watchLive(): void {
    if (this.step !== 'time' || !this.#api || !this.selectedDate) {
      this.#live.watch(undefined);
      return;
    }
    this.#live.watch(
      this.#api.liveUrl({
        staff_id: this.staffId || undefined,
        service_id: this.service?.id,
        date: this.selectedDate,
        timezone: this.zone,
      }),
    );
  }

  #onLive(message: LiveSlotMessage): void {
    const date = this.selectedDate;
    if (!date) return;
    if (message.type === 'taken') {
      const start = Date.parse(message.start_time);
      const end = Date.parse(message.end_time);
      const slots = this.days.get(date) ?? [];
      const overlaps = (slot: Slot) =>
        (!message.staff_id || slot.staff_id === message.staff_id) &&
        Date.parse(slot.start_time) < end &&
        Date.parse(slot.end_time) > start;
      this.days.set(
        date,
        slots.filter((slot) => !overlaps(slot)),
      );
      this.#changed();
      // With "any staff" someone else may still be free at that time: ask again.
      if (this.staffId) return;
    }
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => this.refreshDay(date), 300);
  }

  #fail(error: unknown, retry?: () => void, detail?: string): void {
    const { code, status }: { code: ErrorCode; status: number } =
      error instanceof ApiError ? error : { code: 'unknown', status: 0 };
    this.error = { code, status, retry, detail };
    this.#changed();
    const message = errorMessage(this.#options.translations(), code);
    this.#host.dispatchEvent(new BookSprintzErrorEvent({ code, status, message }));
  }

  #changed(): void {
    this.#host.requestUpdate();
  }
}

/** `haircut`, or the slugified name for records without a slug (staff, locations). */
function slugOf(item: { name: string; slug?: string }): string {
  return (
    item.slug ??
    item.name
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
  );
}

function randomKey(): string {
  // crypto.randomUUID needs a secure context; customers' sites are not all https.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}
