/**
 * A `Retry-After` header as milliseconds from `now`: delta-seconds or an HTTP date
 * (RFC 9110 §10.2.3). Anything else is ignored.
 */
export function parseRetryAfter(header: string | null, now: Date): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now.getTime());
}
