import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stripeTestSignature } from '@booksprintz/dev-stack';

/**
 * The platform-billing half of the fake Stripe (fake-stripe.ts): Checkout Sessions in
 * subscription mode, billing portal sessions, subscriptions, and the two hosted pages a
 * browser is sent to — Checkout ("Subscribe") and the portal ("Cancel plan") — which,
 * like Stripe, deliver the signed subscription event to the platform's webhook and send
 * the browser back.
 */
export interface FakeCheckoutSession {
  id: string;
  object: 'checkout.session';
  mode: string;
  url: string;
  status: 'open' | 'complete';
  client_reference_id: string | null;
  customer: string | null;
  customer_email: string | null;
  subscription: string | null;
  metadata: Record<string, string>;
  success_url: string;
  cancel_url: string;
  /** Not Stripe's shape: what the session was asked to sell, for the fake's own use. */
  price: string;
  subscription_metadata: Record<string, string>;
}

export interface FakeSubscription {
  id: string;
  object: 'subscription';
  customer: string;
  status: string;
  metadata: Record<string, string>;
  items: { object: 'list'; data: Array<{ id: string; price: { id: string } }> };
}

export interface FakePortalSession {
  id: string;
  object: 'billing_portal.session';
  customer: string;
  return_url: string;
  url: string;
}

type Answer = { status: number; body: unknown };
type Form = Record<string, string>;

export interface FakeBilling {
  checkoutSessions: Map<string, FakeCheckoutSession>;
  subscriptions: Map<string, FakeSubscription>;
  portalSessions: FakePortalSession[];
  /** Where the hosted pages deliver their events, signed with `secret`. */
  webhook: { url: string; secret: string } | null;
  /** The customer pays on the Checkout page: an active subscription to the session's price. */
  completeCheckout(sessionId: string): {
    session: FakeCheckoutSession;
    subscription: FakeSubscription;
  };
  /** A change made in the portal or by Stripe (a new price, a status). */
  updateSubscription(id: string, changes: { status?: string; price?: string }): FakeSubscription;
  /** Signs and sends an event to `webhook`; answers the endpoint's status. */
  deliver(type: string, object: object): Promise<number>;
}

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** `metadata[a]=1` (or `subscription_data[metadata][a]=1` with that prefix) → `{a: '1'}`. */
function nested(form: Form, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  const escaped = prefix.replace(/[[\]]/g, '\\$&');
  const pattern = new RegExp(`^${escaped}\\[(.+)\\]$`);
  for (const [key, value] of Object.entries(form)) {
    const match = pattern.exec(key);
    if (match?.[1]) out[match[1]] = value;
  }
  return out;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

export function createFakeBilling(): FakeBilling {
  const billing: FakeBilling = {
    checkoutSessions: new Map(),
    subscriptions: new Map(),
    portalSessions: [],
    webhook: null,
    completeCheckout(sessionId) {
      const session = billing.checkoutSessions.get(sessionId);
      if (!session) throw new Error(`no Checkout Session ${sessionId}`);
      const customer = session.customer ?? newId('cus');
      const subscription: FakeSubscription = {
        id: newId('sub'),
        object: 'subscription',
        customer,
        status: 'active',
        metadata: session.subscription_metadata,
        items: { object: 'list', data: [{ id: newId('si'), price: { id: session.price } }] },
      };
      billing.subscriptions.set(subscription.id, subscription);
      Object.assign(session, { status: 'complete', customer, subscription: subscription.id });
      return { session: structuredClone(session), subscription: structuredClone(subscription) };
    },
    updateSubscription(id, changes) {
      const subscription = billing.subscriptions.get(id);
      if (!subscription) throw new Error(`no Subscription ${id}`);
      if (changes.status) subscription.status = changes.status;
      if (changes.price) subscription.items.data[0]!.price.id = changes.price;
      return structuredClone(subscription);
    },
    async deliver(type, object) {
      if (!billing.webhook) throw new Error('the fake has no billing webhook to deliver to');
      const payload = JSON.stringify(billingEvent(type, object));
      const response = await fetch(billing.webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': stripeTestSignature(payload, billing.webhook.secret),
        },
        body: payload,
      });
      await response.arrayBuffer();
      return response.status;
    },
  };
  return billing;
}

/** A Stripe event wrapping `object`, as the webhook endpoint receives it. */
export function billingEvent(type: string, object: object, id = newId('evt')) {
  return {
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

/** The fake's answer to a billing API call, or null when the request is not one. */
export function billingRoute(
  billing: FakeBilling,
  base: string,
  method: string,
  path: string,
  form: Form,
): Answer | null {
  if (method === 'POST' && path === '/v1/checkout/sessions') {
    const id = newId('cs_test');
    const session: FakeCheckoutSession = {
      id,
      object: 'checkout.session',
      mode: form.mode ?? 'payment',
      url: `${base}/pay/checkout/${id}`,
      status: 'open',
      client_reference_id: form.client_reference_id ?? null,
      customer: form.customer ?? null,
      customer_email: form.customer_email ?? null,
      subscription: null,
      metadata: nested(form, 'metadata'),
      success_url: form.success_url ?? '',
      cancel_url: form.cancel_url ?? '',
      price: form['line_items[0][price]'] ?? '',
      subscription_metadata: nested(form, 'subscription_data[metadata]'),
    };
    if (!session.price || !session.success_url) {
      return {
        status: 400,
        body: { error: { type: 'invalid_request_error', message: 'Missing required param.' } },
      };
    }
    billing.checkoutSessions.set(id, session);
    return { status: 200, body: session };
  }
  if (method === 'POST' && path === '/v1/billing_portal/sessions') {
    const id = newId('bps');
    const session: FakePortalSession = {
      id,
      object: 'billing_portal.session',
      customer: form.customer ?? '',
      return_url: form.return_url ?? '',
      url: `${base}/pay/portal/${id}`,
    };
    billing.portalSessions.push(session);
    return { status: 200, body: session };
  }
  const subscriptionPath = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
  if (method === 'GET' && subscriptionPath?.[1]) {
    const subscription = billing.subscriptions.get(subscriptionPath[1]);
    return subscription
      ? { status: 200, body: subscription }
      : {
          status: 404,
          body: { error: { type: 'invalid_request_error', message: 'No such subscription' } },
        };
  }
  return null;
}

/** The hosted Checkout and portal pages (`/pay/…`); false when the request is not for one. */
export async function billingPage(
  billing: FakeBilling,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const match = /^\/pay\/(checkout|portal)\/([^/]+)(\/(subscribe|cancel))?$/.exec(path);
  if (!match) return false;
  const [, kind, id, , action] = match;
  const html = (status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
    return true;
  };
  const redirect = (url: string) => {
    res.writeHead(303, { location: url });
    res.end();
    return true;
  };
  if (kind === 'checkout') {
    const session = billing.checkoutSessions.get(id ?? '');
    if (!session) return html(404, page('No such session', ''));
    if (req.method === 'POST' && action === 'subscribe') {
      const { session: done } = billing.completeCheckout(session.id);
      await billing.deliver('checkout.session.completed', done);
      return redirect(session.success_url);
    }
    html(
      200,
      page(
        'Fake Stripe Checkout',
        `<p>Price ${session.price}</p><form method="post" action="/pay/checkout/${session.id}/subscribe"><button>Subscribe</button></form><a href="${session.cancel_url}">Back</a>`,
      ),
    );
    return true;
  }
  const portal = billing.portalSessions.find((candidate) => candidate.id === id);
  if (!portal) return html(404, page('No such session', ''));
  if (req.method === 'POST' && action === 'cancel') {
    const subscription = [...billing.subscriptions.values()].find(
      (candidate) => candidate.customer === portal.customer && candidate.status !== 'canceled',
    );
    if (subscription) {
      await billing.deliver(
        'customer.subscription.deleted',
        billing.updateSubscription(subscription.id, { status: 'canceled' }),
      );
    }
    return redirect(portal.return_url);
  }
  html(
    200,
    page(
      'Fake Stripe billing portal',
      `<p>Customer ${portal.customer}</p><form method="post" action="/pay/portal/${portal.id}/cancel"><button>Cancel plan</button></form><a href="${portal.return_url}">Return</a>`,
    ),
  );
  return true;
}
