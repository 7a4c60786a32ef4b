import { base64Url, bytesEqual } from '../accounts/secrets.ts';

const encoder = new TextEncoder();

async function hmacKey(secret: string) {
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
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
