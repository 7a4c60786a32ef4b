import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { emailProvider } from './email/email-provider.ts';
import type { OutgoingEmail } from './email/outgoing-email.ts';
import { DeliveryError, type ProviderEnv, providerBase } from './outbound.ts';
import { smsProvider } from './sms/sms-provider.ts';

interface Seen {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
let seen: Seen[] = [];
let answer: (response: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      seen.push({ path: request.url ?? '', headers: request.headers, body });
      answer(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
});

const env = (overrides: Partial<ProviderEnv>): ProviderEnv => ({
  ENVIRONMENT: 'development',
  EMAIL_API_BASE: base,
  TWILIO_API_BASE: base,
  EMAIL_API_KEY: 'key_123',
  OUTBOUND_TIMEOUT_MS: '300',
  ...overrides,
});

const email: OutgoingEmail = {
  from: '"Salon" <notify@example.com>',
  to: 'ana@example.com',
  replyTo: 'owner@example.com',
  subject: 'Confirmed',
  text: 'Hi Ana',
  html: '<p>Hi Ana</p>',
  attachments: [
    { filename: 'invite.ics', content: 'BEGIN:VCALENDAR', contentType: 'text/calendar' },
  ],
  idempotencyKey: 'row-1',
};
const now = new Date('2027-01-01T00:00:00Z');

describe('email and SMS providers', () => {
  it('sends through Resend with an idempotency key', async () => {
    answer = (response) => response.writeHead(200).end('{"id":"re_1"}');
    const sent = await emailProvider(env({ EMAIL_PROVIDER: 'resend' })).send(email, now);
    expect(sent).toEqual({ provider: 'resend', messageId: 're_1' });
    expect(seen[0]?.path).toBe('/emails');
    expect(seen[0]?.headers.authorization).toBe('Bearer key_123');
    expect(seen[0]?.headers['idempotency-key']).toBe('row-1');
    const body = JSON.parse(seen[0]?.body ?? '{}');
    expect(body).toMatchObject({ to: ['ana@example.com'], reply_to: 'owner@example.com' });
    expect(Buffer.from(body.attachments[0].content, 'base64').toString()).toBe('BEGIN:VCALENDAR');
  });

  it('sends through SendGrid v3', async () => {
    answer = (response) => response.writeHead(202, { 'x-message-id': 'sg_9' }).end();
    const sent = await emailProvider(env({ EMAIL_PROVIDER: 'sendgrid' })).send(email, now);
    expect(sent).toEqual({ provider: 'sendgrid', messageId: 'sg_9' });
    expect(seen[0]?.path).toBe('/v3/mail/send');
    const body = JSON.parse(seen[0]?.body ?? '{}');
    expect(body).toMatchObject({
      personalizations: [{ to: [{ email: 'ana@example.com' }] }],
      from: { name: 'Salon', email: 'notify@example.com' },
      reply_to: { email: 'owner@example.com' },
      content: [
        { type: 'text/plain', value: 'Hi Ana' },
        { type: 'text/html', value: '<p>Hi Ana</p>' },
      ],
    });
    expect(body.attachments[0]).toMatchObject({
      filename: 'invite.ics',
      disposition: 'attachment',
    });
  });

  it('sends SMS through Twilio with Basic auth', async () => {
    answer = (response) => response.writeHead(201).end('{"sid":"SM1"}');
    const sms = smsProvider(
      env({
        SMS_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: 'AC1',
        TWILIO_AUTH_TOKEN: 'tok',
        TWILIO_FROM: '+15550001111',
      }),
    );
    const sent = await sms.send({ to: '+15555550123', body: 'Hi', idempotencyKey: 'x' }, now);
    expect(sent).toEqual({ provider: 'twilio', messageId: 'SM1' });
    expect(seen[0]?.path).toBe('/2010-04-01/Accounts/AC1/Messages.json');
    expect(seen[0]?.headers.authorization).toBe(`Basic ${btoa('AC1:tok')}`);
    expect(Object.fromEntries(new URLSearchParams(seen[0]?.body))).toEqual({
      To: '+15555550123',
      From: '+15550001111',
      Body: 'Hi',
    });
  });

  it.each([
    [503, { 'retry-after': '120' }, true, 120_000],
    [429, {}, true, null],
    [500, {}, true, null],
    [422, {}, false, null],
    [401, {}, false, null],
  ])('classifies a %i answer', async (status, headers, retryable, retryAfterMs) => {
    answer = (response) => response.writeHead(status, headers).end('{"message":"no"}');
    const error = await emailProvider(env({ EMAIL_PROVIDER: 'resend' }))
      .send(email, now)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ status, retryable, retryAfterMs });
  });

  it('gives up on a provider that does not answer, as a retryable timeout', async () => {
    answer = () => undefined; // never answers
    const error = await emailProvider(env({ EMAIL_PROVIDER: 'resend' }))
      .send(email, now)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ retryable: true, message: 'timed out after 300 ms' });
  });

  it('takes base URL overrides in development only', () => {
    const fallback = 'https://api.resend.com';
    expect(providerBase({ ENVIRONMENT: 'development' }, `${base}/`, fallback)).toBe(base);
    expect(providerBase({ ENVIRONMENT: 'development' }, '', fallback)).toBe(fallback);
    expect(providerBase({ ENVIRONMENT: 'production' }, base, fallback)).toBe(fallback);
  });
});

describe('the log providers', () => {
  it('hand their console line to the sender instead of writing it (one console call per delivery run)', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const email = await emailProvider(env({ EMAIL_PROVIDER: 'log' })).send(
        {
          from: 'Salon <n@example.com>',
          to: 'ada@example.com',
          replyTo: null,
          subject: 'Booked',
          text: 't',
          html: '<p>t</p>',
          attachments: [],
          idempotencyKey: 'row-1',
        },
        new Date(),
      );
      const sms = await smsProvider(env({})).send(
        { to: '+15550100', body: 'Booked', idempotencyKey: 'row-2' },
        new Date(),
      );
      expect(email).toEqual({
        provider: 'log',
        messageId: 'log_row-1',
        logLine: '{"level":"info","email":{"to":"ada@example.com","subject":"Booked"}}',
      });
      expect(sms).toEqual({
        provider: 'log',
        messageId: 'log_row-2',
        logLine: '{"level":"info","sms":{"body":"Booked"}}',
      });
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });
});
