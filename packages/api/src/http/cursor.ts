import { base64Url, fromBase64Url } from '../features/accounts/secrets.ts';
import { ApiError } from './api-error.ts';

/**
 * Opaque keyset cursors for paginated admin lists: the sort key and id of the last row
 * of a page, as base64url JSON. Keysets stay correct while rows are added, unlike offsets.
 */
export function encodeCursor(key: string, id: string): string {
  return base64Url(new TextEncoder().encode(JSON.stringify([key, id])));
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor)));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string' &&
      /^[0-9a-f-]{36}$/.test(parsed[1])
    ) {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // fall through to the 400 below
  }
  throw new ApiError('validation_failed', 'The cursor is not one this API returned.', {
    errors: [{ path: 'cursor', message: 'invalid cursor' }],
  });
}
