import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stripeTestSignature } from '@booksprintz/dev-stack';
import {
  billingPage,
  billingRoute,
  createFakeBilling,
  type FakeBilling,
} from './fake-stripe-billing.ts';

/** One request the fake received: the form body flattened (`metadata[tenant_id]`). */
export interface StripeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  form: Record<string, string>;
  idempotencyKey: string | undefined;
  /** `Stripe-Account`: set for Connect requests. */
  account: string | undefined;
}

export interface FakeIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: string;
  client_secret: string;
  metadata: Record<string, string>;
  livemode: false;
  created: number;
}

export interface FakeRefund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  status: string;
  metadata: Record<string, string>;
}

export interface FakeStripe {
  url: string;
  requests: StripeRequest[];
  intents: Map<string, FakeIntent>;
  refunds: FakeRefund[];
  /** While true every request is answered 500, like an outage. */
  down: boolean;
  /** The platform's own account: plan subscriptions (fake-stripe-billing.ts). */
  billing: FakeBilling;
  /** The customer pays (what Stripe.js + the Payment Element would do). */
  pay(intentId: string): FakeIntent;
  /** The customer's card is declined: the intent wants another payment method. */
  decline(intentId: string): FakeIntent;
  /** A webhook event about the object as it is now (a fresh `evt_` id unless given). */
  event(type: string, object: object, id?: string): { id: string; payload: string };
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

function stripeError(status: number, message: string, type = 'invalid_request_error') {
  return { status, body: { error: { type, message } } };
}

/**
 * A small stand-in for the Stripe API on 127.0.0.1 (the SDK is pointed at it through
 * `STRIPE_API_BASE`): PaymentIntents (create, retrieve, cancel) and refunds, with
 * Stripe's idempotency-key replay, recording every request so that tests can assert
 * amounts, currency, metadata and keys.
 */
export async function startFakeStripe(): Promise<FakeStripe> {
  const replays = new Map<string, { form: string; status: number; body: unknown }>();
  const fake: FakeStripe = {
    url: '',
    requests: [],
    intents: new Map(),
    refunds: [],
    down: false,
    billing: createFakeBilling(),
    pay(intentId) {
      const intent = mustFind(intentId);
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
      return structuredClone(intent);
    },
    decline(intentId) {
      const intent = mustFind(intentId);
      intent.status = 'requires_payment_method';
      return structuredClone(intent);
    },
    event(type, object, eventId) {
      const event = {
        id: eventId ?? id('evt'),
        object: 'event',
        api_version: '2026-10-28.endive',
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
        data: { object },
      };
      return { id: event.id, payload: JSON.stringify(event) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  function mustFind(intentId: string): FakeIntent {
    const intent = fake.intents.get(intentId);
    if (!intent) throw new Error(`no PaymentIntent ${intentId}`);
    return intent;
  }

  function route(request: StripeRequest): { status: number; body: unknown } {
    const { method, path, form } = request;
    const billed = billingRoute(fake.billing, fake.url, method, path, form);
    if (billed) return billed;
    if (method === 'POST' && path === '/v1/payment_intents') {
      const metadata: Record<string, string> = {};
      for (const [key, value] of Object.entries(form)) {
        const match = /^metadata\[(.+)\]$/.exec(key);
        if (match?.[1]) metadata[match[1]] = value;
      }
      const intentId = id('pi');
      const intent: FakeIntent = {
        id: intentId,
        object: 'payment_intent',
        amount: Number(form.amount),
        amount_received: 0,
        currency: form.currency ?? '',
        status: 'requires_payment_method',
        client_secret: `${intentId}_secret_${randomBytes(8).toString('hex')}`,
        metadata,
        livemode: false,
        created: Math.floor(Date.now() / 1000),
      };
      fake.intents.set(intentId, intent);
      return { status: 200, body: intent };
    }
    const intentPath = /^\/v1\/payment_intents\/([^/]+)(\/cancel)?$/.exec(path);
    if (intentPath?.[1]) {
      const intent = fake.intents.get(intentPath[1]);
      if (!intent) return stripeError(404, `No such payment_intent: '${intentPath[1]}'`);
      if (method === 'GET' && !intentPath[2]) return { status: 200, body: intent };
      if (method === 'POST' && intentPath[2]) {
        if (intent.status === 'succeeded') {
          return stripeError(
            400,
            'You cannot cancel this PaymentIntent because it has a status of succeeded.',
          );
        }
        intent.status = 'canceled';
        return { status: 200, body: intent };
      }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = fake.intents.get(form.payment_intent ?? '');
      if (!intent) return stripeError(404, `No such payment_intent: '${form.payment_intent}'`);
      const refunded = fake.refunds
        .filter((refund) => refund.payment_intent === intent.id)
        .reduce((sum, refund) => sum + refund.amount, 0);
      const amount = Number(form.amount ?? intent.amount_received - refunded);
      if (intent.status !== 'succeeded' || amount > intent.amount_received - refunded) {
        return stripeError(400, 'Charge has already been refunded or was never paid.');
      }
      const refund: FakeRefund = {
        id: id('re'),
        object: 'refund',
        amount,
        currency: intent.currency,
        payment_intent: intent.id,
        status: 'succeeded',
        metadata: {},
      };
      fake.refunds.push(refund);
      return { status: 200, body: refund };
    }
    return stripeError(404, `Unrecognized request URL (${method}: ${path})`);
  }

  const server: Server = createServer(async (req, res) => {
    // The hosted Checkout and portal pages a browser is sent to.
    const paged = await billingPage(fake.billing, req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
      return true;
    });
    if (paged) return;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const header = (name: string) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const request: StripeRequest = {
        method: req.method ?? 'GET',
        path: (req.url ?? '/').split('?')[0] ?? '/',
        headers: req.headers,
        form: Object.fromEntries(new URLSearchParams(raw)),
        idempotencyKey: header('idempotency-key'),
        account: header('stripe-account'),
      };
      fake.requests.push(request);
      let answer: { status: number; body: unknown };
      if (fake.down) {
        answer = stripeError(500, 'An unknown error occurred', 'api_error');
      } else if (request.idempotencyKey && replays.has(request.idempotencyKey)) {
        // Stripe replays the first answer to a key, and refuses the key with other params.
        const first = replays.get(request.idempotencyKey)!;
        answer =
          first.form === raw
            ? first
            : stripeError(
                400,
                'Keys for idempotent requests can only be used with the same parameters',
                'idempotency_error',
              );
      } else {
        answer = route(request);
        if (request.idempotencyKey && answer.status < 500) {
          replays.set(request.idempotencyKey, { form: raw, ...answer });
        }
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': id('req') });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** Sends a signed event to a tenant's Stripe webhook endpoint, as Stripe would. */
export async function deliverStripeEvent(
  apiUrl: string,
  tenantId: string,
  event: { payload: string },
  secret: string,
  options: { signature?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${apiUrl}/api/booking/v1/webhooks/stripe/${tenantId}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': options.signature ?? stripeTestSignature(event.payload, secret),
    },
    body: event.payload,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** Requests to one path (and method) of the fake, oldest first. */
export function requestsTo(
  fake: FakeStripe,
  method: string,
  path: RegExp | string,
): StripeRequest[] {
  return fake.requests.filter(
    (request) =>
      request.method === method &&
      (typeof path === 'string' ? request.path === path : path.test(request.path)),
  );
}
