/**
 * Where outgoing webhooks may go. Outside development a tenant must not be able to make
 * our Worker call into a private network or itself (SSRF): private, loopback,
 * link-local, CGNAT and other non-public addresses are refused, as are names that only
 * resolve inside a network (`localhost`, `*.internal`, single-label hosts) and plain
 * http. Names are not resolved here: on Cloudflare, Workers cannot reach private
 * networks anyway; a self-hosted workerd should sit behind an egress firewall too.
 */

const PRIVATE_NAME_SUFFIXES = [
  '.localhost',
  '.local',
  '.internal',
  '.home.arpa',
  '.lan',
  '.intranet',
];

/** [first address, prefix length] of IPv4 blocks that are not the public internet. */
const PRIVATE_V4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

function v4Number(address: string): number | null {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255))
    return null;
  return parts.reduce((sum, part) => sum * 256 + Number(part), 0);
}

function isPrivateV4(address: string): boolean {
  const value = v4Number(address);
  if (value === null) return false;
  return PRIVATE_V4.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    const start = v4Number(base) ?? 0;
    return value >= start && value < start + size;
  });
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a dotted tail converted). */
function v6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = v4Number(dotted[1]);
    if (v4 === null) return null;
    text = `${text.slice(0, -dotted[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return null;
  return groups.map((group) => Number.parseInt(group, 16));
}

function isPrivateV6(address: string): boolean {
  const groups = v6Groups(address);
  if (!groups) return true; // unparseable: refuse rather than guess
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = groups;
  const embeddedV4 = `${g >> 8}.${g & 0xff}.${h >> 8}.${h & 0xff}`;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0) {
    if (f === 0 && g === 0 && h <= 1) return true; // :: and ::1
    if (f === 0xffff || f === 0) return isPrivateV4(embeddedV4); // IPv4-mapped / -compatible
  }
  if (a === 0x64 && b === 0xff9b) return isPrivateV4(embeddedV4); // NAT64
  if ((a & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((a & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((a & 0xffc0) === 0xfec0) return true; // site-local fec0::/10 (deprecated, still routed inside some networks)
  // Transition tunnels carry an IPv4 address inside, and a relay may deliver to it: 6to4
  // 2002::/16 (any IPv4 in bits 16–48) and Teredo 2001::/32 (the client's, obfuscated).
  // Nothing legitimate is reached only through them, so they are refused whole.
  if (a === 0x2002) return true;
  if (a === 0x2001 && b === 0) return true;
  if (a === 0x0100 && b === 0 && c === 0 && d === 0) return true; // discard-only 100::/64
  if ((a & 0xff00) === 0xff00) return true; // multicast
  if (a === 0x2001 && b === 0x0db8) return true; // documentation
  return false;
}

/**
 * Why `url` may not receive webhooks from a production Worker, or null when it may.
 * The URL parser has already normalised odd IPv4 spellings (`http://2130706433/` is
 * `127.0.0.1`), so only canonical forms need checking.
 */
export function publicTargetProblem(url: URL): string | null {
  if (url.protocol !== 'https:') return 'must use https';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[')) {
    return isPrivateV6(host.slice(1, -1)) ? 'must not be a private or loopback address' : null;
  }
  if (v4Number(host) !== null) {
    return isPrivateV4(host) ? 'must not be a private or loopback address' : null;
  }
  if (host === 'localhost' || PRIVATE_NAME_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    return 'must not be a local host name';
  }
  if (!host.includes('.')) return 'must be a fully qualified host name';
  return null;
}

/** Development and the test stacks may target anything (local fake receivers). */
export function webhookTargetProblem(url: string, env: { ENVIRONMENT: string }): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must use http(s)';
  if (env.ENVIRONMENT === 'development') return null;
  return publicTargetProblem(parsed);
}
