/**
 * One instance of each class the engine makes afresh for every computation, kept for the
 * life of the isolate.
 *
 * V8 reaches the map (hidden class) of a class's filled-in instances only through weak
 * transitions from the class's initial map. When no instance is alive at a full
 * collection, the map is dropped, and so is every optimized function that embedded it
 * ("embedded weak objects cleared"). A Worker's computations leave nothing behind, so
 * every full collection threw away the engine's optimized code: it ran in the lower tiers
 * until V8 compiled it again, on the isolate's other thread (docs/performance.md,
 * eighteenth pass). A kept instance keeps the map, and new instances made the same way
 * take the same transitions to it.
 */
const kept: object[] = [];

/** Keeps `instance` alive for the isolate's life; returns it. */
export function keepShape<T extends object>(instance: T): T {
  kept.push(instance);
  return instance;
}
