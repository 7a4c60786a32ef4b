import { describe, expect, it } from 'vitest';
import { RefreshAheadCache } from './tenant-cache.ts';

/** A read that resolves when told to, counting calls. */
function reads() {
  const pending: Array<(value: string | undefined) => void> = [];
  let calls = 0;
  return {
    read: () => {
      calls++;
      return new Promise<string | undefined>((resolve) => pending.push(resolve));
    },
    resolveNext: (value: string | undefined) => pending.shift()?.(value),
    get calls() {
      return calls;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('RefreshAheadCache (the public tenant lookup)', () => {
  it('reads once, serves the kept value for 5 s after the read was sent, then reads again', async () => {
    const cache = new RefreshAheadCache<string>();
    const source = reads();
    const first = cache.get('demo', source.read, { now: 1_000 });
    source.resolveNext('v1');
    expect(await first).toBe('v1');
    expect(await cache.get('demo', source.read, { now: 5_999 })).toBe('v1');
    expect(source.calls).toBe(1);
    const expired = cache.get('demo', source.read, { now: 6_000 });
    expect(source.calls).toBe(2);
    source.resolveNext('v2');
    expect(await expired).toBe('v2');
  });

  it('lets one request renew an entry about to expire, after its answer, and no other', async () => {
    const cache = new RefreshAheadCache<string>();
    const foreground = reads();
    const renewals = reads();
    const background: Array<Promise<unknown>> = [];
    const refresh = {
      read: renewals.read,
      waitUntil: (work: Promise<unknown>) => background.push(work),
    };
    const first = cache.get('demo', foreground.read, { now: 0, refresh });
    foreground.resolveNext('v1');
    await first;
    // Younger than 4 s: served, nothing read.
    expect(await cache.get('demo', foreground.read, { now: 3_999, refresh })).toBe('v1');
    expect(renewals.calls).toBe(0);
    // From 4 s on, the first request renews it in the background; the others don't.
    for (const now of [4_000, 4_100, 4_500]) {
      expect(await cache.get('demo', foreground.read, { now, refresh })).toBe('v1');
    }
    expect(renewals.calls).toBe(1);
    expect(background).toHaveLength(1);
    renewals.resolveNext('v2');
    await Promise.all(background);
    // Renewed from the read sent at 4 s: served until 9 s without a read in any request.
    expect(await cache.get('demo', foreground.read, { now: 5_500 })).toBe('v2');
    expect(await cache.get('demo', foreground.read, { now: 8_999 })).toBe('v2');
    expect(foreground.calls).toBe(1);
  });

  it('never serves an entry past 5 s, even while its renewal is still out', async () => {
    const cache = new RefreshAheadCache<string>();
    const foreground = reads();
    const renewals = reads();
    const refresh = { read: renewals.read, waitUntil: () => undefined };
    const first = cache.get('demo', foreground.read, { now: 0 });
    foreground.resolveNext('v1');
    await first;
    await cache.get('demo', foreground.read, { now: 4_000, refresh });
    expect(renewals.calls).toBe(1);
    const late = cache.get('demo', foreground.read, { now: 5_000, refresh });
    expect(foreground.calls).toBe(2);
    foreground.resolveNext('v2');
    expect(await late).toBe('v2');
  });

  it('does not keep a value read before `forget`, nor a value that is not found', async () => {
    const cache = new RefreshAheadCache<string>();
    const source = reads();
    const reading = cache.get('demo', source.read, { now: 0 });
    cache.forget(() => true);
    source.resolveNext('old');
    expect(await reading).toBe('old');
    const again = cache.get('demo', source.read, { now: 1 });
    expect(source.calls).toBe(2);
    source.resolveNext(undefined);
    expect(await again).toBeUndefined();
    const third = cache.get('demo', source.read, { now: 2 });
    expect(source.calls).toBe(3);
    source.resolveNext('new');
    expect(await third).toBe('new');
    await settle();
  });
});
