import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** An IPv4 or IPv6 address as Postgres `inet` reads it, or undefined for anything else. */
function asAddress(value: string | undefined): string | undefined {
  const candidate = value?.trim();
  if (!candidate) return undefined;
  if (IPV4.test(candidate)) return candidate;
  if (!candidate.includes(':') || !/^[0-9a-fA-F:.]+$/.test(candidate)) return undefined;
  try {
    // The URL parser accepts exactly the valid IPv6 forms.
    return new URL(`http://[${candidate}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

/**
 * The visitor's address, from the one header the deployment trusts
 * (`CLIENT_ADDRESS_HEADER`): `cf-connecting-ip` on Cloudflare, which its edge sets and a
 * client cannot; behind your own reverse proxy, the header that proxy sets (for
 * `x-forwarded-for`, the last hop, the one the proxy appended). Every other header is
 * the client's say-so and is ignored. Undefined when the trusted header is missing or
 * not an address: such requests get no per-address bucket rather than one shared
 * `unknown` bucket that would let one visitor lock out all the others.
 */
export function clientAddress(c: Context<AppEnv>): string | undefined {
  const header = (c.env.CLIENT_ADDRESS_HEADER || 'cf-connecting-ip').toLowerCase();
  const value = c.req.header(header);
  if (header === 'x-forwarded-for') return asAddress(value?.split(',').at(-1));
  return asAddress(value);
}
