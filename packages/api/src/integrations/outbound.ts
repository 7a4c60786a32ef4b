import { parseRetryAfter } from '../http/retry-after.ts';

/**
 * A failed provider call, saying whether trying again can help: timeouts, network
 * errors, 408, 425, 429 and 5xx can; other 4xx (a bad address, a bad key) cannot.
 */
export class DeliveryError extends Error {
  readonly retryable: boolean;
  readonly status: number | null;
  readonly retryAfterMs: number | null;

  constructor(
    message: string,
    options: { retryable: boolean; status?: number | null; retryAfterMs?: number | null },
  ) {
    super(message);
    this.name = 'DeliveryError';
    this.retryable = options.retryable;
    this.status = options.status ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * The settings the providers read: a subset of the Worker's `Env`, named here so the
 * adapters can be exercised against local fakes without a Worker.
 */
export interface ProviderEnv {
  ENVIRONMENT: string;
  OUTBOUND_TIMEOUT_MS?: string;
  EMAIL_PROVIDER?: string;
  EMAIL_API_KEY?: string;
  EMAIL_API_BASE?: string;
  SMS_PROVIDER?: string;
  TWILIO_ACCOUNT_SID?: string;
  TWILIO_AUTH_TOKEN?: string;
  TWILIO_FROM?: string;
  TWILIO_API_BASE?: string;
}

export function timeoutMs(env: Pick<ProviderEnv, 'OUTBOUND_TIMEOUT_MS'>): number {
  const value = Number(env.OUTBOUND_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? Math.min(value, 30_000) : 10_000;
}

/** Reads at most `limit` characters of a body, so a huge answer cannot fill memory. */
export async function readLimited(response: Response, limit = 2000): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, limit);
}

/**
 * `fetch` with a deadline; a timeout or network failure becomes a retryable
 * DeliveryError. Redirects are not followed: a provider or webhook that redirects
 * is misconfigured, and following could lead anywhere.
 */
export async function fetchWithDeadline(
  url: string,
  init: RequestInit,
  deadlineMs: number,
): Promise<Response> {
  try {
    return await fetch(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(deadlineMs),
    });
  } catch (error) {
    const name = (error as { name?: string }).name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    throw new DeliveryError(
      timedOut ? `timed out after ${deadlineMs} ms` : `network error: ${(error as Error).message}`,
      { retryable: true },
    );
  }
}

/** Throws a DeliveryError for a non-2xx provider answer, with its text and Retry-After. */
export async function assertOk(response: Response, provider: string, now: Date): Promise<void> {
  if (response.ok) return;
  const body = await readLimited(response, 500);
  throw new DeliveryError(`${provider} answered ${response.status}: ${body}`, {
    retryable: isRetryableStatus(response.status),
    status: response.status,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now),
  });
}

/** Standard base64 of UTF-8 text (attachments). */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A provider's base URL: the env override only in development (local fakes). */
export function providerBase(
  env: Pick<ProviderEnv, 'ENVIRONMENT'>,
  override: string | undefined,
  fallback: string,
) {
  const base = env.ENVIRONMENT === 'development' && override ? override : fallback;
  return base.replace(/\/+$/, '');
}

/** `Name <address>` → `{ name, email }`; a bare address has an empty name. */
export function parseAddress(value: string): { name: string; email: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  if (match?.[2]) return { name: match[1]?.trim() ?? '', email: match[2].trim() };
  return { name: '', email: value.trim() };
}

/** `"Display Name" <address>` with the name made safe for a header. */
export function formatAddress(name: string, email: string): string {
  const clean = name.replace(/["\\<>\r\n]/g, '').trim();
  return clean ? `"${clean}" <${email}>` : email;
}
