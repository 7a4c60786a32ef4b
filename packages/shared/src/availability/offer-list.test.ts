import { describe, expect, it } from 'vitest';
import { OfferList } from './offer-list.ts';

const startsOf = (list: OfferList): number[] => Array.from(list.starts.subarray(0, list.count));

describe('OfferList', () => {
  it('keeps every start pushed past its first capacity, each with its kind', () => {
    const list = new OfferList();
    const even = list.addKind({ seatsLeft: 1, joins: false, locationId: 'north' });
    const odd = list.addKind({ seatsLeft: 3, joins: true, locationId: null });
    for (let i = 0; i < 1000; i++) list.push(i * 900_000, i % 2 === 0 ? even : odd);
    expect(list.count).toBe(1000);
    expect(list.starts[999]).toBe(999 * 900_000);
    expect(list.kindAt(998)).toEqual({ seatsLeft: 1, joins: false, locationId: 'north' });
    expect(list.kindAt(999)).toEqual({ seatsLeft: 3, joins: true, locationId: null });
  });

  it('makes room ahead in one allocation, keeping the starts held', () => {
    const list = new OfferList();
    const kind = list.addKind({ seatsLeft: 1, joins: false, locationId: null });
    for (let i = 0; i < 10; i++) list.push(i, kind);
    list.reserve(1000);
    const reserved = list.starts;
    for (let i = 10; i < 1010; i++) list.push(i, kind);
    expect(list.starts).toBe(reserved);
    expect(startsOf(list)).toEqual(Array.from({ length: 1010 }, (_, i) => i));
    list.reserve(0);
    expect(list.starts).toBe(reserved);
  });

  it('sorts by start and keeps the first pushed of equal starts (the first location)', () => {
    const list = new OfferList();
    const north = list.addKind({ seatsLeft: 1, joins: false, locationId: 'north' });
    const south = list.addKind({ seatsLeft: 1, joins: false, locationId: 'south' });
    for (const start of [10, 20, 30]) list.push(start, north);
    for (const start of [5, 20, 40]) list.push(start, south);
    list.sortUnique();
    expect(startsOf(list)).toEqual([5, 10, 20, 30, 40]);
    expect([0, 1, 2, 3, 4].map((i) => list.kindAt(i).locationId)).toEqual([
      'south',
      'north',
      'north',
      'north',
      'south',
    ]);
  });

  it('leaves sorted starts as they are, and copes with none', () => {
    const list = new OfferList();
    list.sortUnique();
    expect(list.count).toBe(0);
    const kind = list.addKind({ seatsLeft: 1, joins: false, locationId: null });
    for (const start of [1, 2, 3]) list.push(start, kind);
    const before = list.starts;
    list.sortUnique();
    expect(list.starts).toBe(before);
    expect(startsOf(list)).toEqual([1, 2, 3]);
  });

  it('says whether any start joins a session', () => {
    const list = new OfferList();
    list.addKind({ seatsLeft: 1, joins: false, locationId: null });
    expect(list.anyJoins).toBe(false);
    list.addKind({ seatsLeft: 2, joins: true, locationId: null });
    expect(list.anyJoins).toBe(true);
  });
});
