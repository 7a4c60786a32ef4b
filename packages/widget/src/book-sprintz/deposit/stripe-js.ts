/**
 * Stripe.js, loaded from Stripe by a script tag when the deposit step opens, and only
 * then. Stripe requires it be served from js.stripe.com (never bundled: it is their
 * fraud detection and PCI scope), and visitors who book no deposit never pay for it.
 *
 * Only the few calls the deposit step makes are typed here; `@stripe/stripe-js` would be
 * a dependency for types alone.
 */

export const STRIPE_JS = 'https://js.stripe.com/v3/';

export interface StripeError {
  /** `card_error` and `validation_error` carry a message meant for the customer. */
  type: string;
  code?: string;
  message?: string;
}

export interface PaymentElement {
  mount(container: HTMLElement): void;
  destroy(): void;
}

export interface StripeElements {
  create(type: 'payment'): PaymentElement;
}

export interface Stripe {
  elements(options: {
    clientSecret: string;
    locale?: string;
    appearance?: { theme?: 'stripe' | 'night'; variables?: Record<string, string> };
  }): StripeElements;
  confirmPayment(options: {
    elements: StripeElements;
    redirect: 'if_required';
    confirmParams: { return_url: string };
  }): Promise<{ error?: StripeError; paymentIntent?: { status: string } }>;
}

export type StripeFactory = (
  publishableKey: string,
  options?: { stripeAccount?: string; locale?: string },
) => Stripe;

// Not a `declare global` on Window: pages that use @stripe/stripe-js declare it otherwise.
const loaded = () => (window as { Stripe?: StripeFactory }).Stripe;

let loading: Promise<StripeFactory> | undefined;

/**
 * `window.Stripe`, adding the script tag unless the page already has Stripe.js. A failed
 * load leaves no tag and no cached failure behind, so trying again really tries again.
 */
export function loadStripe(): Promise<StripeFactory> {
  const stripe = loaded();
  if (stripe) return Promise.resolve(stripe);
  loading ??= new Promise<StripeFactory>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = STRIPE_JS;
    // Loaded or not, what counts is whether it defined `Stripe`.
    script.onload = script.onerror = () => {
      const factory = loaded();
      if (factory) return resolve(factory);
      script.remove();
      reject(new Error(`${STRIPE_JS} did not load`));
    };
    document.head.append(script);
  }).finally(() => {
    loading = undefined;
  });
  return loading;
}
