import { describe, expect, it } from 'vitest';
import { providerLog } from './provider-log.ts';

/** A wait the test ends by hand: no timer, no clock. */
function manualWaits() {
  const ends: Array<() => void> = [];
  return {
    wait: () => new Promise<void>((resolve) => ends.push(resolve)),
    endNext: () => ends.shift()?.(),
    count: () => ends.length,
  };
}

describe('providerLog', () => {
  it('writes every line of a window with one call, in order, and the owner waits for it', async () => {
    const printed: string[] = [];
    const waits = manualWaits();
    const log = providerLog((text) => printed.push(text), waits.wait, 250);

    let ownerDone = false;
    const owner = log.write(['a1', 'a2']).then(() => {
      ownerDone = true;
    });
    await log.write(['b1']); // joins the open batch: resolves at once
    await log.write([]);
    await log.write(['c1']);
    expect(printed).toEqual([]);
    expect(waits.count()).toBe(1);
    expect(ownerDone).toBe(false);

    waits.endNext();
    await owner;
    expect(printed).toEqual(['a1\na2\nb1\nc1']);
  });

  it('starts a new batch after a write, and writes nothing for no lines', async () => {
    const printed: string[] = [];
    const waits = manualWaits();
    const log = providerLog((text) => printed.push(text), waits.wait, 250);

    await log.write([]);
    expect(waits.count()).toBe(0);

    const first = log.write(['one']);
    waits.endNext();
    await first;
    const second = log.write(['two']);
    expect(waits.count()).toBe(1);
    waits.endNext();
    await second;
    expect(printed).toEqual(['one', 'two']);
  });

  it('still writes the batch when the wait fails', async () => {
    const printed: string[] = [];
    const log = providerLog(
      (text) => printed.push(text),
      () => Promise.reject(new Error('timer gone')),
      250,
    );
    await expect(log.write(['kept'])).rejects.toThrow('timer gone');
    expect(printed).toEqual(['kept']);
  });
});
