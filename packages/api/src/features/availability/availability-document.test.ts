import type { AvailabilityQueryInput } from '@booksprintz/shared';
import { describe, expect, it } from 'vitest';
import { documentKey } from './availability-document.ts';

const query = (extra: Partial<AvailabilityQueryInput>): AvailabilityQueryInput =>
  ({
    service_id: 'haircut',
    start_date: '2027-03-01',
    end_date: '2027-03-31',
    ...extra,
  }) as AvailabilityQueryInput;

describe('documentKey', () => {
  it('is one for queries that differ only in their display zone', () => {
    expect(documentKey(query({ timezone: 'Asia/Tokyo' }))).toBe(
      documentKey(query({ timezone: 'Europe/Paris' })),
    );
    expect(documentKey(query({ timezone: 'Asia/Tokyo' }))).toBe(documentKey(query({})));
  });

  it('is one for a day asked as `date` and as equal start and end dates', () => {
    expect(
      documentKey({ service_id: 'haircut', date: '2027-03-02' } as AvailabilityQueryInput),
    ).toBe(documentKey(query({ start_date: '2027-03-02', end_date: '2027-03-02' })));
  });

  it('tells apart everything the document reads', () => {
    const keys = [
      query({}),
      query({ service_id: 'color' }),
      query({ staff_id: 'ana' }),
      query({ location_id: 'downtown' }),
      query({ start_date: '2027-03-02' }),
      query({ end_date: '2027-03-30' }),
    ].map(documentKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
