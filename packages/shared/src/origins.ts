/**
 * Which web pages may embed a tenant's booking widget. An allowed entry is a host
 * (`salon.example`: any scheme and port), a wildcard for subdomains
 * (`*.salon.example`: not the bare domain), or an exact origin
 * (`https://salon.example:8443`). An empty list allows every origin.
 *
 * @example
 * isOriginAllowed('https://www.salon.example', ['*.salon.example']) // true
 */
export function isOriginAllowed(origin: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const host = url.hostname.toLowerCase();
  return allowed.some((entry) => entryMatches(entry.toLowerCase(), url, host));
}

function entryMatches(entry: string, url: URL, host: string): boolean {
  if (entry.includes('://')) {
    try {
      return new URL(entry).origin === url.origin;
    } catch {
      return false;
    }
  }
  const [entryHost = '', entryPort] = entry.split(':');
  if (entryPort !== undefined && entryPort !== effectivePort(url)) return false;
  if (entryHost.startsWith('*.')) {
    const domain = entryHost.slice(2);
    return host.endsWith(`.${domain}`);
  }
  return host === entryHost;
}

function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}
