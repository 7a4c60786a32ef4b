import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SerialQueue', () => {
  it('never lets two tasks overlap, even across awaits', async () => {
    const queue = new SerialQueue();
    let running = 0;
    let maxRunning = 0;
    const order: number[] = [];
    await Promise.all(
      [30, 5, 20, 1, 10].map((ms, index) =>
        queue.run(async () => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          await tick(ms);
          order.push(index);
          running--;
        }),
      ),
    );
    expect(maxRunning).toBe(1);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps going after a task fails and reports the failure to its caller', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(async () => {
      throw new Error('boom');
    });
    const next = queue.run(async () => 'after');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('after');
    expect(queue.pending).toBe(0);
  });
});
