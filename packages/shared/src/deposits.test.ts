import { describe, expect, it } from 'vitest';
import { cancellationRefundCents, depositCents } from './deposits.ts';

describe('depositCents', () => {
  it.each([
    ['no deposit', { price_cents: 12000, deposit_required: false, deposit_percentage: 20 }, 0],
    [
      '20 % of 120.00',
      { price_cents: 12000, deposit_required: true, deposit_percentage: 20 },
      2400,
    ],
    ['rounds .6 up', { price_cents: 3333, deposit_required: true, deposit_percentage: 20 }, 667],
    ['rounds .4 down', { price_cents: 3332, deposit_required: true, deposit_percentage: 20 }, 666],
    ['rounds half up', { price_cents: 1, deposit_required: true, deposit_percentage: 50 }, 1],
    ['half of 0.25', { price_cents: 25, deposit_required: true, deposit_percentage: 50 }, 13],
    ['100 %', { price_cents: 999, deposit_required: true, deposit_percentage: 100 }, 999],
    ['fixed', { price_cents: 12000, deposit_required: true, deposit_amount_cents: 3000 }, 3000],
    [
      'fixed above price',
      { price_cents: 1000, deposit_required: true, deposit_amount_cents: 5000 },
      1000,
    ],
    ['free service', { price_cents: 0, deposit_required: true, deposit_percentage: 50 }, 0],
    ['no amount given', { price_cents: 1000, deposit_required: true }, 0],
    [
      'largest price',
      { price_cents: 100_000_000, deposit_required: true, deposit_percentage: 33 },
      33_000_000,
    ],
  ])('%s', (_name, terms, expected) => {
    expect(depositCents(terms)).toBe(expected);
  });

  it('never exceeds the price, for every price and percentage', () => {
    for (let price = 0; price < 400; price += 7) {
      for (let pct = 1; pct <= 100; pct++) {
        const deposit = depositCents({
          price_cents: price,
          deposit_required: true,
          deposit_percentage: pct,
        });
        expect(deposit).toBeLessThanOrEqual(price);
        expect(Math.abs(deposit - (price * pct) / 100)).toBeLessThanOrEqual(0.5);
      }
    }
  });
});

describe('cancellationRefundCents', () => {
  const start = new Date('2030-03-15T15:00:00Z');
  const at = (iso: string) => new Date(iso);
  const terms = { start, windowHours: 24, refundableCents: 2400 };
  it.each([
    ['customer, two days before', 'customer', '2030-03-13T15:00:00Z', 2400],
    ['customer, exactly at the deadline', 'customer', '2030-03-14T15:00:00Z', 2400],
    ['customer, a second late', 'customer', '2030-03-14T15:00:01Z', 0],
    ['customer, after the start', 'customer', '2030-03-15T16:00:00Z', 0],
    ['staff, an hour before', 'staff', '2030-03-15T14:00:00Z', 2400],
    ['system', 'system', '2030-03-15T14:00:00Z', 2400],
  ] as const)('%s', (_name, by, now, expected) => {
    expect(cancellationRefundCents({ ...terms, by, now: at(now) })).toBe(expected);
  });
  it('gives nothing back when nothing is refundable', () => {
    expect(
      cancellationRefundCents({
        ...terms,
        by: 'staff',
        now: at('2030-03-01T00:00:00Z'),
        refundableCents: 0,
      }),
    ).toBe(0);
  });
});
