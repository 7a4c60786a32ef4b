import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake provider received. */
export interface ProviderRequest {
  at: number;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What a fake answers; `hang` never answers (a provider timeout). */
export type FakeReply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { hang: true };

export interface FakeServer {
  url: string;
  port: number;
  requests: ProviderRequest[];
  /**
   * Requests answered `hang` whose caller gave up (closed the connection), in the order
   * they were given up: a test orders events by it instead of timing them.
   */
  abandoned: ProviderRequest[];
  /** Decides each answer; replace it to make the provider fail, hang or recover. */
  reply: (request: ProviderRequest) => FakeReply;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** An HTTP server on a free loopback port that records requests and answers via `reply`. */
export async function startFakeServer(
  defaultReply: (request: ProviderRequest) => FakeReply,
): Promise<FakeServer> {
  const hanging = new Set<ServerResponse>();
  const fake: FakeServer = {
    url: '',
    port: 0,
    requests: [],
    abandoned: [],
    reply: defaultReply,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer(async (request, response) => {
    const recorded: ProviderRequest = {
      at: Date.now(),
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: request.headers,
      body: await readBody(request),
    };
    fake.requests.push(recorded);
    const reply = fake.reply(recorded);
    if ('hang' in reply) {
      hanging.add(response);
      response.on('close', () => {
        hanging.delete(response);
        fake.abandoned.push(recorded);
      });
      return;
    }
    response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    response.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${fake.port}`;
  return fake;
}

let ids = 0;

/** Resend (`POST /emails`) and SendGrid (`POST /v3/mail/send`) in one fake. */
export function startFakeEmailProvider(): Promise<FakeServer> {
  return startFakeServer((request) => {
    if (request.path === '/emails') return { status: 200, body: { id: `re_${++ids}` } };
    if (request.path === '/v3/mail/send') {
      return { status: 202, headers: { 'x-message-id': `sg_${++ids}` } };
    }
    return { status: 404, body: { message: 'no such route' } };
  });
}

/** Twilio's Messages resource. */
export function startFakeTwilio(): Promise<FakeServer> {
  return startFakeServer((request) =>
    /^\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/.test(request.path)
      ? { status: 201, body: { sid: `SM${++ids}` } }
      : { status: 404, body: { message: 'no such route' } },
  );
}

/** A Resend request's JSON body. */
export interface ResendEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  reply_to?: string;
  attachments: Array<{ filename: string; content: string; content_type: string }>;
}

export function resendEmails(fake: FakeServer): ResendEmail[] {
  return fake.requests
    .filter((request) => request.path === '/emails')
    .map((request) => JSON.parse(request.body) as ResendEmail);
}

export function twilioMessages(fake: FakeServer): Array<Record<string, string>> {
  return fake.requests
    .filter((request) => request.path.endsWith('/Messages.json'))
    .map((request) => Object.fromEntries(new URLSearchParams(request.body)));
}
