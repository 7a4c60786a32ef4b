/**
 * Properties of the engine over random businesses around real DST changes: what it
 * offers never collides with an occupancy, always fits an open window and the
 * limits, only grows when an occupancy goes away, does not depend on the viewer's
 * zone, and agrees with `findBookableSlot`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAvailability, findBookableSlot } from './engine.ts';
import { containsRange } from './interval.ts';
import { formatLocalDate } from './local-date.ts';
import { staffOpenTime } from './open-windows.ts';
import { ruleBookFor } from './schedule-rules.ts';
import { bookingHorizon } from './staff-offers.ts';
import { flat, MINUTE, scenarioArb, ZONES } from './test-scenarios.ts';
import type { AvailabilitySlot } from './types.ts';
import { zoneClock } from './wall-clock.ts';

const ms = (text: string): number => Date.parse(text);
const RUNS = { numRuns: 200 };

describe('engine properties', () => {
  it('no offered slot overlaps an occupancy of its staff member (buffers included)', () => {
    fc.assert(
      fc.property(scenarioArb, ({ ctx, query }) => {
        const { service } = query;
        for (const slot of flat(query, ctx)) {
          const staff = ctx.staff.find((person) => person.id === slot.staff_id)!;
          const start = ms(slot.start_time);
          const from = start - (staff.buffer_time_before + service.buffer_time_before) * MINUTE;
          const to =
            start +
            (service.duration_minutes + staff.buffer_time_after + service.buffer_time_after) *
              MINUTE;
          for (const occupancy of ctx.occupancies) {
            if (occupancy.staff_id !== staff.id) continue;
            if (occupancy.start.getTime() >= to || occupancy.end.getTime() <= from) continue;
            // The only allowed overlap: joining this very session, which has seats left.
            const joined =
              service.booking_type !== 'individual' &&
              occupancy.kind === 'session' &&
              occupancy.service_id === service.id &&
              occupancy.start.getTime() === from &&
              slot.remaining_capacity === service.max_capacity - (occupancy.seats_taken ?? 0) &&
              slot.remaining_capacity > 0;
            expect(joined, `${slot.start_time} overlaps ${occupancy.start.toISOString()}`).toBe(
              true,
            );
          }
        }
      }),
      RUNS,
    );
  });

  it('every slot lies inside one open window, within notice and advance limits', () => {
    fc.assert(
      fc.property(scenarioArb, ({ ctx, query, baseDay }) => {
        // The engine's own reading of the rules (a class's timetable included).
        const book = ruleBookFor(ctx.rules, query.service);
        for (const slot of flat(query, ctx)) {
          const staff = ctx.staff.find((person) => person.id === slot.staff_id)!;
          const location = ctx.locations?.find((l) => l.id === slot.location_id) ?? null;
          // An independent, much wider computation of the open windows.
          const clock = zoneClock(staff.timezone);
          const open = staffOpenTime(
            book,
            staff.id,
            location,
            clock,
            location === null ? null : zoneClock(location.timezone),
            baseDay - 6,
            baseDay + 14,
          );
          const start = ms(slot.start_time);
          expect(containsRange(open.windows, start, ms(slot.end_time))).toBe(true);
          expect(ms(slot.end_time) - start).toBe(query.service.duration_minutes * MINUTE);
          const { earliest, latest } = bookingHorizon(staff, query.service, query.now.getTime());
          expect(start).toBeGreaterThanOrEqual(earliest);
          expect(start).toBeLessThanOrEqual(latest);
          if (query.location_id) expect(slot.location_id).toBe(query.location_id);
          if (query.staff_id) expect(slot.staff_id).toBe(query.staff_id);
        }
      }),
      RUNS,
    );
  });

  it('removing an occupancy never removes a slot', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), ({ ctx, query }, pick) => {
        fc.pre(ctx.occupancies.length > 0);
        const index = pick % ctx.occupancies.length;
        const fewer = { ...ctx, occupancies: ctx.occupancies.filter((_, i) => i !== index) };
        const after = new Set(flat(query, fewer).map((slot) => slot.start_time));
        for (const slot of flat(query, ctx)) expect(after.has(slot.start_time)).toBe(true);
      }),
      RUNS,
    );
  });

  it('slots do not depend on the display zone, only their grouping into days does', () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom(...ZONES), ({ ctx, query, baseDay }, otherZone) => {
        const other = { ...query, display_timezone: otherZone };
        const coverage = (zone: string) => {
          const clock = zoneClock(zone);
          return { from: clock.toInstant(baseDay, 0), to: clock.toInstant(baseDay + 7, 0) };
        };
        const a = coverage(query.display_timezone!);
        const b = coverage(otherZone);
        const from = Math.max(a.from, b.from);
        const to = Math.min(a.to, b.to);
        const inBoth = (slots: AvailabilitySlot[]) =>
          slots.filter((slot) => ms(slot.start_time) >= from && ms(slot.start_time) < to);
        expect(inBoth(flat(other, ctx))).toEqual(inBoth(flat(query, ctx)));
        // Each slot sits in the display date it starts on.
        const clock = zoneClock(otherZone);
        for (const day of computeAvailability(ctx, other).days) {
          for (const slot of day.slots)
            expect(formatLocalDate(clock.dayOf(ms(slot.start_time)))).toBe(day.date);
        }
      }),
      RUNS,
    );
  });

  it('findBookableSlot agrees with the slot list', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(fc.integer({ min: 0, max: 7 * 288 }), { maxLength: 30 }),
        ({ ctx, query, baseDay }, probes) => {
          const slots = flat(query, ctx);
          const listed = new Map(slots.map((slot) => [slot.start_time, slot]));
          const ask = (start: number, staffId: string | null | undefined) =>
            findBookableSlot(ctx, {
              service: query.service,
              staff_id: staffId,
              location_id: query.location_id,
              start_time: new Date(start),
              now: query.now,
            });
          for (const slot of slots) {
            expect(ask(ms(slot.start_time), query.staff_id)).toEqual(slot);
            // Asking for the named staff member books that same slot.
            expect(ask(ms(slot.start_time), slot.staff_id)).toEqual(slot);
          }
          // Random 5-minute instants of the range: bookable exactly when listed.
          const first = zoneClock(query.display_timezone!).toInstant(baseDay, 0);
          const last = zoneClock(query.display_timezone!).toInstant(baseDay + 7, 0);
          for (const probe of probes) {
            const start = first + probe * 5 * MINUTE;
            if (start >= last) continue;
            const text = `${new Date(start).toISOString().slice(0, 19)}Z`;
            expect(ask(start, query.staff_id) ?? undefined).toEqual(listed.get(text));
          }
        },
      ),
      RUNS,
    );
  });
});
