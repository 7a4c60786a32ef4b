import { randomToken, sha256Hex } from './secrets.ts';

export const API_KEY_PREFIX = 'bsk_';

export interface NewApiKey {
  /** Shown to the caller once; never stored. */
  key: string;
  hash: string;
  /** What lists show so owners can tell keys apart. */
  prefix: string;
}

/** `bsk_` + 24 random bytes (192 bits) in base64url. */
export async function generateApiKey(): Promise<NewApiKey> {
  const key = `${API_KEY_PREFIX}${randomToken(24)}`;
  return { key, hash: await sha256Hex(key), prefix: key.slice(0, 12) };
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_PREFIX) && value.length >= 20 && value.length <= 100;
}
