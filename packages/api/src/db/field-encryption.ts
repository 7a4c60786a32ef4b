import { base64Url, fromBase64Url } from '../features/accounts/secrets.ts';

/**
 * Sensitive columns (customer phones, calendar tokens, Stripe secrets) are stored as
 * AES-256-GCM ciphertext under `ENCRYPTION_KEY` (a Worker secret, 32 bytes base64).
 * Format: `v1.<iv b64url>.<ciphertext+tag b64url>`; the version lets the key rotate.
 * The column name is bound in as additional data, so a ciphertext copied into another
 * column does not decrypt.
 */
const VERSION = 'v1';

/** The additional-data label of each encrypted column: always `table.column`. */
export const ENCRYPTED = {
  customerPhone: 'booking_customers.phone_encrypted',
  appointmentPhone: 'appointments.customer_phone_encrypted',
  notificationPhone: 'booking_notifications.recipient_phone_encrypted',
  webhookSecret: 'booking_webhooks.secret_encrypted',
  calendarAccessToken: 'booking_calendar_connections.access_token_encrypted',
  calendarRefreshToken: 'booking_calendar_connections.refresh_token_encrypted',
  calendarPassword: 'booking_calendar_connections.caldav_password_encrypted',
  /** The PKCE code verifier kept in `sync_state` between consent and callback. */
  calendarPkceVerifier: 'booking_calendar_connections.sync_state.pkce_verifier',
  calendarFeedToken: 'booking_calendar_connections.feed_token_encrypted',
  stripeSecretKey: 'booking_payment_settings.secret_key_encrypted',
  stripeWebhookSecret: 'booking_payment_settings.webhook_secret_encrypted',
} as const;
type AesKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
const keys = new Map<string, Promise<AesKey>>();
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function importKey(secret: string): Promise<AesKey> {
  let key = keys.get(secret);
  if (!key) {
    const raw = Uint8Array.from(atob(secret), (char) => char.charCodeAt(0));
    if (raw.length !== 32) throw new Error('ENCRYPTION_KEY must be 32 bytes, base64');
    key = crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
    keys.set(secret, key);
  }
  return key;
}

export async function encryptField(
  secret: string,
  column: string,
  plaintext: string,
): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(column) },
    await importKey(secret),
    encoder.encode(plaintext),
  );
  return `${VERSION}.${base64Url(iv)}.${base64Url(new Uint8Array(sealed))}`;
}

export async function decryptField(
  secret: string,
  column: string,
  stored: string,
): Promise<string> {
  const [version, iv, sealed] = stored.split('.');
  if (version !== VERSION || !iv || !sealed) throw new Error('unknown ciphertext format');
  const plain = await crypto.subtle.decrypt(
    {
      name: 'AES-GCM',
      iv: fromBase64Url(iv),
      additionalData: encoder.encode(column),
    },
    await importKey(secret),
    fromBase64Url(sealed),
  );
  return decoder.decode(plain);
}

/** Null-preserving helpers for nullable columns. */
export async function encryptNullable(
  secret: string,
  column: string,
  plaintext: string | null | undefined,
): Promise<string | null> {
  return plaintext == null || plaintext === '' ? null : encryptField(secret, column, plaintext);
}

export async function decryptNullable(
  secret: string,
  column: string,
  stored: string | null | undefined,
): Promise<string | null> {
  return stored == null ? null : decryptField(secret, column, stored);
}
