/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is
 * `whsec_<base64 key>`, and each message carries `webhook-id`, `webhook-timestamp`
 * (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`
 * under the decoded key.
 */
const encoder = new TextEncoder();
const SECRET_PREFIX = 'whsec_';
/** 24 random bytes: the spec asks for 24–64. */
const SECRET_BYTES = 24;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)))}`;
}

/** A message id: the same on every retry, so receivers can de-duplicate. */
export function newMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `msg_${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The three headers for one attempt. `sentAt` is the attempt's real time: receivers
 * reject timestamps far from their own clock to stop replays.
 */
export async function signWebhook(
  secret: string,
  messageId: string,
  sentAt: Date,
  body: string,
): Promise<SignedHeaders> {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('not a whsec_ secret');
  const keyBytes = Uint8Array.from(atob(secret.slice(SECRET_PREFIX.length)), (char) =>
    char.charCodeAt(0),
  );
  const key = await crypto.subtle.importKey(
    'raw',
    keyBytes,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const timestamp = String(Math.floor(sentAt.getTime() / 1000));
  const mac = await crypto.subtle.sign(
    'HMAC',
    key,
    encoder.encode(`${messageId}.${timestamp}.${body}`),
  );
  return {
    'webhook-id': messageId,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${toBase64(new Uint8Array(mac))}`,
  };
}
