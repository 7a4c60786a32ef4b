/**
 * Runs `work` over `items` with at most `limit` in flight. Workers allow six open
 * outgoing connections per request; a few at once keeps one slow provider or endpoint
 * from holding up everyone else's messages.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
