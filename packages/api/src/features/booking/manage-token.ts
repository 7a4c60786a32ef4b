import { base64Url, bytesEqual } from '../accounts/secrets.ts';

const encoder = new TextEncoder();

/**
 * The imported key per secret, kept by the isolate: importing it again for every
 * booking's token was a measurable share of a booking's CPU (issue 21). A CryptoKey is
 * not an I/O object, so requests may share it. One or two secrets exist per isolate.
 */
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    // A rotated secret replaces the old one: never more than a handful kept.
    if (keys.size >= 4) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

async function sign(secret: string, appointmentId: string): Promise<Uint8Array> {
  const mac = await crypto.subtle.sign(
    'HMAC',
    await hmacKey(secret),
    encoder.encode(`manage:${appointmentId}`),
  );
  return new Uint8Array(mac);
}

/**
 * The customer's manage token: an HMAC of the appointment id under MANAGE_TOKEN_SECRET.
 * Nothing is stored; the id or the confirmation code alone never grants access.
 */
export async function manageToken(secret: string, appointmentId: string): Promise<string> {
  return base64Url(await sign(secret, appointmentId));
}

/** Constant-time check of a presented token. */
export async function verifyManageToken(
  secret: string,
  appointmentId: string,
  token: string,
): Promise<boolean> {
  if (!/^[\w-]{43}$/.test(token)) return false;
  // The canonical text is compared, so base64url's spare-bit variants are refused too.
  const expected = base64Url(await sign(secret, appointmentId));
  return bytesEqual(encoder.encode(expected), encoder.encode(token));
}
