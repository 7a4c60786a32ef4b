import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One POST the receiver got, checked with the `standardwebhooks` package. */
export interface Receipt {
  at: number;
  id: string;
  timestamp: string;
  verified: boolean;
  error: string | null;
  body: string;
  event: { type: string; timestamp: string; data: Record<string, unknown> } | null;
}

export interface WebhookReceiver {
  /** Stable across `down()`/`up()`: the same port is listened on again. */
  url: string;
  receipts: Receipt[];
  /** Set once the endpoint exists: the `whsec_` secret the API returned. */
  secret: string | null;
  /** The answer to each receipt; default 204. */
  respond: (receipt: Receipt) => { status: number; headers?: Record<string, string> };
  /** Stop listening: connections are refused, as when a receiver is down. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
  /** Verified receipts with repeats of a `webhook-id` dropped: what a receiver processes. */
  unique(): Receipt[];
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * A webhook consumer on loopback. It verifies every request with the Standard Webhooks
 * reference library (an implementation independent of ours) and answers 401 when the
 * signature does not verify.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let server: Server | undefined;
  let port = 0;
  const receiver: WebhookReceiver = {
    url: '',
    receipts: [],
    secret: null,
    respond: () => ({ status: 204 }),
    down: async () => {
      const current = server;
      server = undefined;
      if (!current) return;
      current.closeAllConnections();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    up: async () => {
      if (server) return;
      server = createServer(async (request, response) => {
        const body = await readBody(request);
        const header = (name: string) => String(request.headers[name] ?? '');
        const receipt: Receipt = {
          at: Date.now(),
          id: header('webhook-id'),
          timestamp: header('webhook-timestamp'),
          verified: false,
          error: null,
          body,
          event: null,
        };
        try {
          if (!receiver.secret) throw new Error('receiver has no secret yet');
          receipt.event = new Webhook(receiver.secret).verify(body, {
            'webhook-id': header('webhook-id'),
            'webhook-timestamp': header('webhook-timestamp'),
            'webhook-signature': header('webhook-signature'),
          }) as Receipt['event'];
          receipt.verified = true;
        } catch (error) {
          receipt.error = (error as Error).message;
        }
        receiver.receipts.push(receipt);
        const answer = receipt.verified ? receiver.respond(receipt) : { status: 401 };
        response.writeHead(answer.status, answer.headers);
        response.end(answer.status === 204 ? undefined : 'noted');
      });
      const listening = server;
      await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve));
      port = (listening.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${port}/hooks`;
    },
    close: () => receiver.down(),
    unique: () => {
      const seen = new Set<string>();
      return receiver.receipts.filter((receipt) => {
        if (!receipt.verified || seen.has(receipt.id)) return false;
        seen.add(receipt.id);
        return true;
      });
    },
  };
  await receiver.up();
  return receiver;
}
