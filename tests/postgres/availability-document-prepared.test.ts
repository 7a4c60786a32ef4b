/**
 * The tenant's availability object sends the document statement by name (issue 21):
 * each kept connection parses it once, and after a few executions Postgres may keep one
 * generic plan for all parameters instead of planning each request. Here, against a
 * business with a year of bookings beside another business's: a named execution
 * answers exactly what the unnamed statement answers for every month, and the generic
 * plan reaches the occupancies through the exclusion constraint's GiST index, reading
 * only the rows that overlap the month: December, with eleven months of history before
 * it, reads no more index entries than January (issue 21, twelfth pass).
 */

import { pgText } from '@booksprintz/api/db/pg-text';
import { availabilityDocumentStatement } from '@booksprintz/api/features/availability/availability-document';
import { describe, expect, it } from 'vitest';
import { type PlanNode, planNodes } from './plans.ts';
import { createService, createStaff, createTenant, migratedDatabase } from './setup.ts';

const postgres = migratedDatabase();

describe('the availability document as a named statement', () => {
  it('answers as the unnamed statement does, and its generic plan uses the index', async () => {
    const { client, db } = postgres;
    const tenants = [await createTenant(db), await createTenant(db)];
    for (const tenant of tenants) {
      await createService(db, tenant.id, { slug: 'cut' });
      for (let s = 0; s < 4; s++) await createStaff(db, tenant.id, `Staff ${s}`);
    }
    // A year of half-hour bookings, 8 a day per staff member, for both businesses.
    await client.query(
      `insert into booking_occupancies (tenant_id, staff_id, service_id, kind, status,
         start_time, end_time, blocked_from, blocked_until)
       select s.tenant_id, s.id, null, 'appointment', 'confirmed', t, t + interval '30 minutes',
         t, t + interval '30 minutes'
       from booking_staff s,
         generate_series(timestamptz '2029-12-20 09:00Z', timestamptz '2030-12-31 09:00Z', interval '1 day') d,
         generate_series(0, 7) h,
         lateral (select d + h * interval '1 hour' as t) slot`,
    );
    await client.query('ANALYZE');
    const tenantId = tenants[0]!.id;
    const month = (m: number) => {
      const start = new Date(Date.UTC(2030, m, 1));
      const end = new Date(Date.UTC(2030, m + 1, 0));
      return {
        service_id: 'cut',
        start_date: start.toISOString().slice(0, 10),
        end_date: end.toISOString().slice(0, 10),
      };
    };
    const now = new Date('2029-12-01T00:00:00Z');
    const statement = (m: number) => pgText(availabilityDocumentStatement(tenantId, month(m), now));

    // More executions than Postgres's five custom plans, so the generic one is in play.
    for (let m = 0; m < 9; m++) {
      const { text, params } = statement(m);
      const named = await client.query<{ doc: string; version: string }>({
        name: 'availability_document',
        text,
        values: params,
      });
      const unnamed = await client.query<{ doc: string; version: string }>(text, params);
      expect(named.rows).toEqual(unnamed.rows);
      const doc = JSON.parse(named.rows[0]!.doc) as {
        occupancies: unknown[][];
        staff: unknown[];
      };
      expect(doc.staff).toHaveLength(4);
      // 4 staff × 8 a day × the month's days and its margins: two days each side (the
      // range ends at the third midnight after the last date).
      const days = Number(month(m).end_date.slice(8)) + 4;
      // One array per column (context-query.ts), each with a value per occupancy.
      expect(doc.occupancies.map((column) => column.length)).toEqual(Array(9).fill(4 * 8 * days));
    }

    await client.query('SET plan_cache_mode = force_generic_plan');
    const literal = (value: unknown) =>
      value === null
        ? 'null'
        : client.escapeLiteral(value instanceof Date ? value.toISOString() : String(value));
    /** The generic plan for month `m`, run (`ANALYZE`): its nodes with their actual rows. */
    const analyzed = async (m: number) => {
      const { text, params } = statement(m);
      await client.query(`PREPARE availability_document_${m} AS ${text}`);
      const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE availability_document_${m}(${params.map(literal).join(', ')})`,
      );
      return planNodes(rows[0]!['QUERY PLAN'][0]!.Plan);
    };
    /** Index entries the plan read for occupancies (rows per loop × loops). */
    const entriesRead = (plan: PlanNode[]) =>
      plan
        .filter((node) => node['Index Name'] === 'booking_occupancies_no_overlap')
        .reduce((sum, node) => sum + (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1), 0);
    const january = await analyzed(0);
    const december = await analyzed(11);
    for (const plan of [january, december]) {
      const occupancyScans = plan.filter((node) => node['Relation Name'] === 'booking_occupancies');
      expect(occupancyScans.length).toBeGreaterThan(0);
      for (const scan of occupancyScans) expect(scan['Node Type']).not.toBe('Seq Scan');
    }
    // Each month's own bookings and margins (4 staff × 8 a day × 35 days = 1,120), not
    // the history before it (December has 11 months of it: ~12,000 rows).
    expect(entriesRead(january)).toBeGreaterThan(1000);
    expect(entriesRead(december)).toBeLessThanOrEqual(4 * 8 * (31 + 4));
    expect(entriesRead(december)).toBeLessThanOrEqual(entriesRead(january));
    await client.query('RESET plan_cache_mode');
  });
});
