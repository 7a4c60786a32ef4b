import { describe, expect, it } from 'vitest';
import { AvailabilityCache, DocumentsSent, olderVersion } from './cache.ts';

const computing = (body: string, expiresAt = Infinity) => {
  const calls = { count: 0 };
  const compute = async () => {
    calls.count++;
    return { body, expiresAt };
  };
  return { calls, compute };
};

/** The body `cache.get` serves. */
const body = async (entry: Promise<{ body: string }>) => (await entry).body;

describe('AvailabilityCache', () => {
  it('serves the kept body while the version is the same', async () => {
    const cache = new AvailabilityCache<string>();
    const { calls, compute } = computing('{"days":[]}');
    expect(await body(cache.get('k', '7', 0, compute))).toBe('{"days":[]}');
    expect(await body(cache.get('k', '7', 1, compute))).toBe('{"days":[]}');
    expect(calls.count).toBe(1);
  });

  it('computes again once the version moved, and keeps the new answer', async () => {
    const cache = new AvailabilityCache<string>();
    await cache.get('k', '7', 0, computing('old').compute);
    const next = computing('new');
    expect(await body(cache.get('k', '8', 0, next.compute))).toBe('new');
    expect(await body(cache.get('k', '8', 0, next.compute))).toBe('new');
    expect(next.calls.count).toBe(1);
  });

  it('never serves a body at or after its expiry', async () => {
    const cache = new AvailabilityCache<string>();
    await cache.get('k', '1', 0, computing('before', 1_000).compute);
    const next = computing('after', 5_000);
    expect(await body(cache.get('k', '1', 999, next.compute))).toBe('before');
    expect(await body(cache.get('k', '1', 1_000, next.compute))).toBe('after');
    expect(next.calls.count).toBe(1);
  });

  it('keeps keys apart', async () => {
    const cache = new AvailabilityCache<string>();
    await cache.get('a', '1', 0, computing('A').compute);
    expect(await body(cache.get('b', '1', 0, computing('B').compute))).toBe('B');
    expect(await body(cache.get('a', '1', 0, computing('X').compute))).toBe('A');
  });

  it('does not keep a failed computation', async () => {
    const cache = new AvailabilityCache<string>();
    await expect(
      cache.get('k', '1', 0, async () => {
        throw new Error('no such service');
      }),
    ).rejects.toThrow('no such service');
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entries past its size', async () => {
    // 10 characters = 20 bytes each; room for two.
    const cache = new AvailabilityCache<string>(40);
    await cache.get('a', '1', 0, computing('aaaaaaaaaa').compute);
    await cache.get('b', '1', 0, computing('bbbbbbbbbb').compute);
    await cache.get('a', '1', 0, computing('unused').compute); // a is now the most recent
    await cache.get('c', '1', 0, computing('cccccccccc').compute);
    expect(cache.size).toBe(2);
    const b = computing('bbbbbbbbbb');
    await cache.get('b', '1', 0, b.compute);
    expect(b.calls.count).toBe(1);
    const c = computing('cccccccccc');
    await cache.get('c', '1', 0, c.compute);
    expect(c.calls.count).toBe(0);
  });

  it('counts a kept Blob by its bytes, as an isolate keeps its answers', () => {
    // 'é' is two bytes in UTF-8: 20 bytes each, where text of 10 characters counts 20 too.
    const cache = new AvailabilityCache<Blob>(40);
    const entry = (text: string) => ({ version: '1', body: new Blob([text]), expiresAt: 1 });
    cache.put('a', entry('éééééééééé'));
    cache.put('b', entry('bbbbbbbbbbbbbbbbbbbb'));
    expect(cache.size).toBe(2);
    cache.put('c', entry('c'));
    expect(cache.size).toBe(2);
    expect(cache.peek('a', 0)).toBeUndefined();
    expect(cache.peek('b', 0)?.body.size).toBe(20);
  });

  it('does not keep a body larger than the whole cache', async () => {
    const cache = new AvailabilityCache<string>(10);
    expect(await body(cache.get('k', '1', 0, computing('0123456789').compute))).toBe('0123456789');
    expect(cache.size).toBe(0);
  });

  it('shares one computation among callers of the same key and version', async () => {
    const cache = new AvailabilityCache<string>();
    let release: (value: { body: string; expiresAt: number }) => void = () => {};
    let calls = 0;
    const compute = () => {
      calls++;
      return new Promise<{ body: string; expiresAt: number }>((resolve) => {
        release = resolve;
      });
    };
    const first = cache.get('k', '1', 0, compute);
    const second = cache.get('k', '1', 0, compute);
    const otherVersion = cache.get('k', '2', 0, async () => ({ body: 'v2', expiresAt: 10 }));
    release({ body: 'v1', expiresAt: 10 });
    expect(await body(first)).toBe('v1');
    expect(await body(second)).toBe('v1');
    expect(await body(otherVersion)).toBe('v2');
    expect(calls).toBe(1);
  });

  it('peeks at an entry of any version until its time passes, and keeps what is put', () => {
    const cache = new AvailabilityCache<string>();
    expect(cache.peek('k', 0)).toBeUndefined();
    cache.put('k', { body: 'b', expiresAt: 100, version: '3' });
    expect(cache.peek('k', 99)).toEqual({ body: 'b', expiresAt: 100, version: '3' });
    expect(cache.peek('k', 100)).toBeUndefined();
  });
});

describe('olderVersion', () => {
  it('orders versions as numbers, not as text', () => {
    expect(olderVersion('9', '10')).toBe(true);
    expect(olderVersion('10', '9')).toBe(false);
    expect(olderVersion('123', '124')).toBe(true);
    expect(olderVersion('124', '124')).toBe(false);
    expect(olderVersion('0', '1')).toBe(true);
  });
});

describe('DocumentsSent', () => {
  it('tells a document sent again under the same version from one sent once per version', () => {
    const sent = new DocumentsSent(10);
    expect(sent.note('march', '7')).toBe(false);
    expect(sent.note('march', '7')).toBe(true);
    // After a write: the first request under the new version is a one-off again.
    expect(sent.note('march', '8')).toBe(false);
    expect(sent.note('april', '8')).toBe(false);
    expect(sent.note('march', '8')).toBe(true);
  });

  it('forgets the query whose document was sent least recently first', () => {
    const sent = new DocumentsSent(2);
    sent.note('march', '7');
    sent.note('april', '7');
    sent.note('march', '7'); // march is the most recent now
    sent.note('may', '7'); // april goes
    expect(sent.note('march', '7')).toBe(true);
    expect(sent.note('april', '7')).toBe(false);
  });
});
