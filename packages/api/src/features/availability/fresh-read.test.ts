import { describe, expect, it } from 'vitest';
import { FreshRead } from './fresh-read.ts';

/** A read whose statements the test answers by hand, numbered in the order sent. */
function manualReads() {
  const sent: Array<{ resolve: (value: number) => void; reject: (error: Error) => void }> = [];
  const reader = new FreshRead<number>(
    () =>
      new Promise<number>((resolve, reject) => {
        sent.push({ resolve, reject });
      }),
  );
  return { reader, sent };
}

describe('FreshRead', () => {
  it('never answers a caller from a read sent before it arrived', async () => {
    const { reader, sent } = manualReads();
    const first = reader.get();
    expect(sent).toHaveLength(1);
    // Arrives while read 1 is in flight: read 1 may predate a write it must see.
    const second = reader.get();
    const third = reader.get();
    expect(sent).toHaveLength(1);
    sent[0]!.resolve(1);
    expect(await first).toBe(1);
    await Promise.resolve();
    // Read 2 went out once read 1 came back, for both callers that queued behind it.
    expect(sent).toHaveLength(2);
    sent[1]!.resolve(2);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
  });

  it('shares one read among everyone who queued, and sends one when idle', async () => {
    const { reader, sent } = manualReads();
    const first = reader.get();
    const queued = Array.from({ length: 50 }, () => reader.get());
    sent[0]!.resolve(7);
    await first;
    await Promise.resolve();
    sent[1]!.resolve(8);
    expect(await Promise.all(queued)).toEqual(Array(50).fill(8));
    expect(sent).toHaveLength(2);
    // Nothing in flight: a new caller sends at once.
    const later = reader.get();
    expect(sent).toHaveLength(3);
    sent[2]!.resolve(9);
    expect(await later).toBe(9);
  });

  it('fails only the callers of a failed read; those queued behind it get a new one', async () => {
    const { reader, sent } = manualReads();
    const first = reader.get();
    const second = reader.get();
    sent[0]!.reject(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await Promise.resolve();
    expect(sent).toHaveLength(2);
    sent[1]!.resolve(3);
    expect(await second).toBe(3);
  });

  it('is idle only with no read in flight and none waiting', async () => {
    const { reader, sent } = manualReads();
    expect(reader.idle).toBe(true);
    const first = reader.get();
    expect(reader.idle).toBe(false);
    const second = reader.get();
    sent[0]!.resolve(1);
    await first;
    await Promise.resolve();
    // Read 2 is in flight for the caller that queued.
    expect(reader.idle).toBe(false);
    sent[1]!.resolve(2);
    await second;
    expect(reader.idle).toBe(true);
  });
});
