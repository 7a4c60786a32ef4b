import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BookingApi } from '../../api/client.ts';
import type { Appointment, BookingResult, Payment } from '../../api/types.ts';
import type { Locale } from '../../i18n/index.ts';
import type { StepView } from '../steps/view.ts';
import { depositStep } from './deposit-step.ts';
import {
  loadStripe,
  type PaymentElement,
  type Stripe,
  type StripeElements,
  type StripeError,
} from './stripe-js.ts';

/** Stripe tells the server (webhook), not us: after paying, ask this often, this long. */
const POLL_EVERY_MS = 1500;
const POLL_FOR_MS = 30_000;

/** How the deposit step reports to the booking flow. */
export interface DepositOutcome {
  /** The server confirmed the appointment (or still says pending after the wait). */
  booked(appointment: Appointment): void;
  /** The hold ran out first; `paid`: the payment came too late and is refunded. */
  expired(paid: boolean): void;
  /** A payment problem to show (Stripe's own words as `detail`). */
  failed(code: 'payment_unavailable' | 'payment_failed', retry?: () => void, detail?: string): void;
  /** The customer tries again: the last problem shown is over. */
  dismiss(): void;
}

/**
 * The deposit step (DESIGN.md §5): Stripe's Payment Element for the booking's
 * PaymentIntent, the time left on the booking's hold, and after payment the wait for the
 * server to confirm the appointment. The booking flow creates it when a booking answers
 * with `payment`, and stops it when the step is left.
 */
export class DepositPayment implements ReactiveController {
  state: 'loading' | 'ready' | 'paying' | 'confirming' = 'loading';
  /** Stripe mounts its iframe here: one node for the step's life, so re-renders keep it. */
  readonly container: HTMLDivElement = document.createElement('div');
  declare readonly payment: Payment;
  declare readonly appointment: Appointment;
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #outcome: DepositOutcome;
  readonly #now: () => number;
  readonly #api: BookingApi;
  readonly #manageToken: string;
  readonly #locale: Locale;
  #stripe: Stripe | undefined;
  #elements: StripeElements | undefined;
  #element: PaymentElement | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    api: BookingApi,
    result: BookingResult & { payment: Payment },
    locale: Locale,
    now: () => number,
    outcome: DepositOutcome,
  ) {
    this.#host = host;
    this.#outcome = outcome;
    this.#now = now;
    this.#api = api;
    this.payment = result.payment;
    this.appointment = result.appointment;
    this.#manageToken = result.manage_token;
    this.#locale = locale;
    host.addController(this);
    this.load();
  }

  /** The step as shown, with the booking's summary: its view lives in this chunk too. */
  render(view: StepView, summary: unknown) {
    return depositStep(view, this, summary);
  }

  /** Milliseconds left before the server lets the time go. */
  get timeLeft(): number {
    return Date.parse(this.payment.expires_at) - this.#now();
  }

  hostConnected(): void {
    this.#tick();
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The step is over: paid, expired, or the flow started again. */
  stop(): void {
    this.#stopped = true;
    this.hostDisconnected();
    this.#host.removeController(this);
    this.#element?.destroy();
  }

  /** Stripe.js, then the Payment Element in the step's container. */
  async load(): Promise<void> {
    this.state = 'loading';
    this.#host.requestUpdate();
    try {
      const Stripe = await loadStripe();
      if (this.#stopped) return;
      const { payment } = this;
      this.#stripe = Stripe(
        payment.publishable_key,
        payment.stripe_account_id ? { stripeAccount: payment.stripe_account_id } : {},
      );
      // Rendered by now, so the container is in the page and its colours can be read.
      await this.#host.updateComplete;
      this.#elements = this.#stripe.elements({
        clientSecret: payment.client_secret,
        locale: this.#locale,
        appearance: appearance(this.container),
      });
      this.#element = this.#elements.create('payment');
      this.#element.mount(this.container);
      this.state = 'ready';
    } catch {
      if (!this.#stopped) this.#outcome.failed('payment_unavailable', () => this.load());
    }
    this.#host.requestUpdate();
  }

  /** The Pay button. */
  async pay(): Promise<void> {
    const stripe = this.#stripe;
    const elements = this.#elements;
    if (this.state !== 'ready' || !stripe || !elements) return;
    this.state = 'paying';
    this.#outcome.dismiss();
    const { error } = await stripe
      .confirmPayment({
        elements,
        // Cards finish here; methods that must leave the page come back to it.
        redirect: 'if_required',
        confirmParams: { return_url: location.href },
      })
      .catch((): { error: StripeError } => ({ error: { type: 'api_connection_error' } }));
    if (this.#stopped) return;
    if (error) {
      this.state = 'ready';
      // Declines and incomplete fields come with Stripe's words, in the customer's language.
      const said = /^(card|validation)_error$/.test(error.type) ? error.message : undefined;
      this.#outcome.failed('payment_failed', undefined, said);
      return;
    }
    this.state = 'confirming';
    this.#host.requestUpdate();
    this.#awaitConfirmation();
  }

  /** Every second, on the second: the countdown; at zero, back to the times. */
  #tick(): void {
    clearTimeout(this.#timer);
    const left = this.timeLeft;
    // A payment under way is left to finish: the server refunds one that came too late.
    if (left <= 0 && (this.state === 'loading' || this.state === 'ready')) {
      this.#outcome.expired(false);
      return;
    }
    this.#host.requestUpdate();
    this.#timer = setTimeout(() => this.#tick(), left > 0 ? left % 1000 || 1000 : 1000);
  }

  async #awaitConfirmation(): Promise<void> {
    let appointment = this.appointment;
    const deadline = Date.now() + POLL_FOR_MS;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
      if (this.#stopped) return;
      try {
        appointment = await this.#api.appointment(appointment.id, this.#manageToken);
      } catch {
        continue; // No news; the next look may get through.
      }
      if (appointment.status !== 'pending') break;
    }
    if (this.#stopped) return;
    if (appointment.status === 'cancelled') this.#outcome.expired(true);
    // Still pending after all this: paid all the same, and the confirmation says so.
    else this.#outcome.booked(appointment);
  }
}

/**
 * The widget's look for the Payment Element, whose iframe no CSS of ours can reach:
 * colours as computed here (tenant brand, theme, the site's custom properties).
 */
function appearance(container: HTMLElement) {
  const text = getComputedStyle(container);
  const pay = container
    .closest('.deposit')
    ?.querySelector<HTMLElement>('[data-testid="pay-deposit"]');
  const button = pay ? getComputedStyle(pay) : text;
  const [r = 0, g = 0, b = 0] = (text.color.match(/[\d.]+/g) ?? []).map(Number);
  return {
    // Light text means a dark background.
    theme: r * 0.299 + g * 0.587 + b * 0.114 > 128 ? ('night' as const) : ('stripe' as const),
    variables: {
      colorPrimary: button.backgroundColor,
      colorText: text.color,
      fontFamily: text.fontFamily,
      borderRadius: button.borderRadius,
    },
  };
}
