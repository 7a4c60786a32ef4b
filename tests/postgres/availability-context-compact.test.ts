/**
 * The availability and booking documents read occupancies and busy time in a compact form
 * (arrays of epoch milliseconds, issue 21; the booking path's with each occupancy's id).
 * Both are read here by Postgres from rows with microseconds in their timestamps and a
 * session's seats, and must give the engine what the rows say, to the millisecond.
 */

import { pg, pgText } from '@booksprintz/api/db/pg-text';
import { bookingExternalBusy, bookingOccupancies } from '@booksprintz/api/db/schema';
import {
  contextFromJson,
  contextParts,
  epochMs,
} from '@booksprintz/api/features/availability/context-query';
import type { Occupancy } from '@booksprintz/shared';
import { describe, expect, it } from 'vitest';
import { createService, createStaff, createTenant, migratedDatabase } from './setup.ts';

const postgres = migratedDatabase();

const at = (text: string) => new Date(text);

describe('the compact availability context', () => {
  it('gives the engine the rows’ occupancies and busy time, to the millisecond', async () => {
    const { client, db } = postgres;
    const tenant = await createTenant(db);
    const [ana, ben] = [await createStaff(db, tenant.id), await createStaff(db, tenant.id)];
    const service = await createService(db, tenant.id, { booking_type: 'group', max_capacity: 6 });
    const base = { tenant_id: tenant.id, status: 'confirmed' as const, kind: 'appointment' };
    await db.insert(bookingOccupancies).values([
      {
        ...base,
        staff_id: ana.id,
        start_time: at('2030-03-15T10:00:00Z'),
        end_time: at('2030-03-15T10:30:00Z'),
        blocked_from: at('2030-03-15T09:50:00Z'),
        blocked_until: at('2030-03-15T10:40:00Z'),
      },
      {
        ...base,
        staff_id: ben.id,
        kind: 'session',
        service_id: service.id,
        seats_taken: 2,
        capacity: 6,
        start_time: at('2030-03-16T09:00:00Z'),
        end_time: at('2030-03-16T10:00:00Z'),
        blocked_from: at('2030-03-16T09:00:00Z'),
        blocked_until: at('2030-03-16T10:00:00Z'),
      },
    ]);
    // Holds lapse at instants Postgres keeps to the microsecond; the earliest decides.
    await client.query(
      `insert into booking_occupancies (tenant_id, staff_id, kind, status, start_time, end_time,
         blocked_from, blocked_until, expires_at)
       values ($1, $2, 'hold', 'held', $3, $4, $3, $4, '2030-03-14T12:00:00.123999Z'),
              ($1, $5, 'hold', 'held', $6, $7, $6, $7, '2030-03-14T12:00:00.124001Z')`,
      [
        tenant.id,
        ana.id,
        '2030-03-17T11:00:00.000001Z',
        '2030-03-17T11:30:00.999999Z',
        ben.id,
        '2030-03-17T12:00:00Z',
        '2030-03-17T12:30:00Z',
      ],
    );
    await db.insert(bookingExternalBusy).values({
      tenant_id: tenant.id,
      staff_id: ana.id,
      starts_at: at('2030-03-18T12:00:00.5Z'),
      ends_at: at('2030-03-18T13:00:00Z'),
      source_uid: 'event-1',
    });

    const read = async (occupancyIds: boolean, from = at('2030-03-10T00:00:00Z')) => {
      const scope = {
        tenantId: tenant.id,
        serviceId: pg`${service.id}::uuid`,
        staffIds: null,
        from,
        to: at('2030-03-20T00:00:00Z'),
        now: at('2030-03-01T00:00:00Z'),
        occupancyIds,
      };
      const { text, params } = pgText(
        pg`select json_build_object(${contextParts(scope)})::text as doc`,
      );
      const { rows } = await client.query<{ doc: string }>(text, params);
      return { text: rows[0]!.doc, doc: JSON.parse(rows[0]!.doc) };
    };
    const byStart = (occupancies: readonly Occupancy[]) =>
      [...occupancies].sort(
        (a, b) => a.start.getTime() - b.start.getTime() || a.staff_id.localeCompare(b.staff_id),
      );
    // Instants in whole milliseconds, the rest dropped: what `new Date(text)` made of the
    // timestamps as text, which the document used to carry.
    const expected: Occupancy[] = [
      {
        staff_id: ana.id,
        start: at('2030-03-15T09:50:00Z'),
        end: at('2030-03-15T10:40:00Z'),
        kind: 'appointment',
        service_id: null,
        seats_taken: 1,
        capacity: 1,
        session_start: at('2030-03-15T10:00:00Z'),
      },
      {
        staff_id: ben.id,
        start: at('2030-03-16T09:00:00Z'),
        end: at('2030-03-16T10:00:00Z'),
        kind: 'session',
        service_id: service.id,
        seats_taken: 2,
        capacity: 6,
        session_start: at('2030-03-16T09:00:00Z'),
      },
      {
        staff_id: ana.id,
        start: at('2030-03-17T11:00:00.000Z'),
        end: at('2030-03-17T11:30:00.999Z'),
        kind: 'hold',
        service_id: null,
        seats_taken: 1,
        capacity: 1,
        session_start: at('2030-03-17T11:00:00.000Z'),
      },
      {
        staff_id: ben.id,
        start: at('2030-03-17T12:00:00Z'),
        end: at('2030-03-17T12:30:00Z'),
        kind: 'hold',
        service_id: null,
        seats_taken: 1,
        capacity: 1,
        session_start: at('2030-03-17T12:00:00Z'),
      },
      {
        staff_id: ana.id,
        start: at('2030-03-18T12:00:00.5Z'),
        end: at('2030-03-18T13:00:00Z'),
        kind: 'external',
      },
    ];
    const withIds = await read(true);
    const withoutIds = await read(false);
    for (const { doc } of [withIds, withoutIds]) {
      const context = contextFromJson(doc, 'UTC');
      expect(byStart(context.occupancies)).toEqual(expected);
      expect(context.lapsesAt?.toISOString()).toBe('2030-03-14T12:00:00.123Z');
      expect(context.staff.map((one) => one.id).sort()).toEqual([ana.id, ben.id].sort());
    }
    // The booking path leaves the customer's own hold out by its id.
    const anaHold = await client.query<{ id: string }>(
      `select id from booking_occupancies where staff_id = $1 and kind = 'hold'`,
      [ana.id],
    );
    const ignored = contextFromJson(withIds.doc, 'UTC', anaHold.rows[0]!.id);
    expect(byStart(ignored.occupancies)).toEqual(expected.filter((_, i) => i !== 2));
    expect(ignored.lapsesAt?.toISOString()).toBe('2030-03-14T12:00:00.124Z');
    // Nothing in the range: each column is null, and the context is empty.
    const none = contextFromJson((await read(true, at('2030-03-19T00:00:00Z'))).doc, 'UTC');
    expect(none.occupancies).toEqual([]);
    expect(none.lapsesAt).toBeNull();
    // Without ids the availability document is smaller still.
    expect(withoutIds.text.length).toBeLessThan(withIds.text.length);
  });

  it('reads instants in whole milliseconds as floor(extract(epoch) × 1000) does, from 1970 to 2097', async () => {
    const { client } = postgres;
    // A million instants ~2,000 s apart with every kind of microseconds, and the edges.
    const { text, params } = pgText(pg`
      select count(*)::int as instants,
        count(*) filter (where ${epochMs(pg`x`)} is distinct from floor(extract(epoch from x) * 1000)::int8)::int as wrong
      from (
        select timestamptz '1970-01-01 00:00:00+00' + i * interval '4001 seconds'
          + (i::int8 * 7919 % 1000000) * interval '1 microsecond' as x
        from generate_series(1, 1000000) as i
        union all select unnest(array[
          '1970-01-01 00:00:00+00', '2030-03-14 12:00:00.123999+00', '2030-03-14 12:00:00.124001+00',
          '2038-01-19 03:14:07.999999+00', '2038-01-19 03:14:08.000001+00',
          '2106-02-07 06:28:15.999999+00', '9999-12-31 23:59:59.999999+00'
        ]::timestamptz[])
        union all select null
      ) t`);
    const { rows } = await client.query<{ instants: number; wrong: number }>(text, params);
    expect(rows[0]).toEqual({ instants: 1_000_008, wrong: 0 });
  });
});
