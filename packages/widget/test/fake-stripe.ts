/**
 * A stand-in for Stripe.js in component tests. The test runner answers the widget's
 * `<script src="https://js.stripe.com/v3/">` itself with a one-liner that hands `Stripe()`
 * to `window.bsFakeStripe` (web-test-runner.config.mjs), so the widget's real loader runs
 * and nothing reaches Stripe. The Payment Element is a labelled field in its container.
 */
import type {
  PaymentElement,
  Stripe,
  StripeElements,
  StripeError,
} from '../src/book-sprintz/deposit/stripe-js.ts';
import { command } from './helpers.ts';

type ConfirmOptions = Parameters<Stripe['confirmPayment']>[0];
type ElementsOptions = Parameters<Stripe['elements']>[0];

declare global {
  interface Window {
    bsFakeStripe?: FakeStripe;
  }
}

export class FakeStripe {
  /** `Stripe(publishableKey, options)` calls. */
  instances: { key: string; options: unknown }[] = [];
  elements: ElementsOptions[] = [];
  confirms: ConfirmOptions[] = [];
  mounted = 0;
  destroyed = 0;
  /** Errors the next `confirmPayment` calls answer with, in order; then success. */
  errors: StripeError[] = [];
  /** When set, `confirmPayment` waits for it (to see the step while paying). */
  gate: Promise<void> | undefined;

  install(): this {
    window.bsFakeStripe = this;
    return this;
  }

  /** Also forgets Stripe.js, so the next test loads it again. */
  uninstall(): void {
    delete window.bsFakeStripe;
    delete (window as { Stripe?: unknown }).Stripe;
    for (const script of stripeScripts()) script.remove();
  }

  decline(message = 'Your card was declined.'): void {
    this.errors.push({ type: 'card_error', code: 'card_declined', message });
  }

  stripe(key: string, options: unknown): Stripe {
    this.instances.push({ key, options });
    return {
      elements: (options) => {
        this.elements.push(options);
        return this.paymentElements();
      },
      confirmPayment: async (options) => {
        this.confirms.push(options);
        await this.gate;
        const error = this.errors.shift();
        return error ? { error } : { paymentIntent: { status: 'succeeded' } };
      },
    };
  }

  private paymentElements(): StripeElements {
    return {
      create: (): PaymentElement => {
        let field: HTMLElement | undefined;
        return {
          mount: (container) => {
            this.mounted++;
            field = document.createElement('label');
            field.dataset.testid = 'fake-payment-element';
            field.append(
              'Card number ',
              Object.assign(document.createElement('input'), {
                name: 'card',
                autocomplete: 'cc-number',
              }),
            );
            container.append(field);
          },
          destroy: () => {
            this.destroyed++;
            field?.remove();
          },
        };
      },
    };
  }
}

/** The Stripe.js script tags on the page. */
export const stripeScripts = () =>
  document.querySelectorAll<HTMLScriptElement>('script[src^="https://js.stripe.com/"]');

/**
 * Loads of https://js.stripe.com/… the test runner has answered so far; `{ fail: true }`
 * makes the next ones fail like a blocked network, `{ fail: false }` undoes it.
 */
export const stripeJsLoads = async (payload?: { fail: boolean }) =>
  (await command<{ requests: number }>('bs-stripe-js', payload)).requests;
