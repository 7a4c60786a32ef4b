import { base64Url, bytesEqual, fromBase64Url } from './secrets.ts';

/**
 * Owner passwords: PBKDF2-HMAC-SHA256 through WebCrypto at OWASP's work factor for it
 * (600,000 iterations). Cloudflare's production runtime refuses more than 100,000
 * iterations in one deriveBits call (workerd#1346; local workerd does not enforce it),
 * so the work is done as six chained PBKDF2 calls of 100,000 iterations each, every
 * link salted and keyed by the previous one. The stored string records the parameters,
 * so they can be raised later without invalidating existing hashes.
 *
 * Format: `pbkdf2-sha256$<links>x<iterations>$<salt b64url>$<hash b64url>`
 */
const LINKS = 6;
const ITERATIONS_PER_LINK = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;
/** Refuse stored parameters beyond what we would ever write (a crafted hash is a DoS). */
const MAX_TOTAL_ITERATIONS = 2_000_000;

const encoder = new TextEncoder();

async function chainedPbkdf2(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  links: number,
  iterations: number,
): Promise<Uint8Array> {
  let material = new Uint8Array(encoder.encode(password.normalize('NFKC')));
  for (let link = 0; link < links; link++) {
    const key = await crypto.subtle.importKey('raw', material, 'PBKDF2', false, ['deriveBits']);
    const bits = await crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
      key,
      HASH_BITS,
    );
    material = new Uint8Array(bits);
  }
  return material;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await chainedPbkdf2(password, salt, LINKS, ITERATIONS_PER_LINK);
  return `pbkdf2-sha256$${LINKS}x${ITERATIONS_PER_LINK}$${base64Url(salt)}$${base64Url(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = /^pbkdf2-sha256\$(\d+)x(\d+)\$([\w-]+)\$([\w-]+)$/.exec(stored);
  if (!match) return false;
  const links = Number(match[1]);
  const iterations = Number(match[2]);
  if (
    links < 1 ||
    iterations < 1 ||
    iterations > 100_000 ||
    links * iterations > MAX_TOTAL_ITERATIONS
  ) {
    return false;
  }
  const expected = fromBase64Url(match[4] ?? '');
  const actual = await chainedPbkdf2(password, fromBase64Url(match[3] ?? ''), links, iterations);
  return bytesEqual(actual, expected);
}
