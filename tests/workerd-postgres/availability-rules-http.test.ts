import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVia, type TenantRef } from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant } from '../support/api.ts';
import { addDays, upcomingDate, weekdayOf } from '../support/dates.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * DESIGN §3, observed from outside: every rule set up through the admin API and read
 * back from `GET …/availability`, as a widget would.
 */
let stack: TestStack;
let api: ApiClient;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
});

afterAll(async () => {
  await stack?.destroy();
});

interface Slot {
  start_time: string;
  end_time: string;
  staff_id: string;
  remaining_capacity: number;
}
interface Business {
  tenant: TenantRef;
  staff: Array<{ id: string }>;
  service: { id: string };
}

async function business(options: {
  zone?: string;
  staff?: Array<Record<string, unknown>>;
  service?: Record<string, unknown>;
  rules?: (staff: Array<{ id: string }>) => Array<Record<string, unknown>>;
}): Promise<Business> {
  const tenant = await createTenant(api, {
    plan_tier: 'enterprise',
    timezone: options.zone ?? 'America/New_York',
  });
  const staff = [];
  for (const [i, body] of (options.staff ?? [{}]).entries()) {
    staff.push(
      await createVia(api, tenant, 'staff', {
        name: `Staff ${i}`,
        min_advance_booking_hours: 0,
        max_advance_booking_days: 400,
        display_order: i,
        ...body,
      }),
    );
  }
  const service = await createVia(api, tenant, 'services', {
    slug: 'svc',
    name: 'Service',
    duration_minutes: 60,
    price_cents: 5000,
    ...options.service,
  });
  for (const rule of options.rules?.(staff) ?? [])
    await createVia(api, tenant, 'availability-rules', rule);
  return { tenant, staff, service };
}

const everyDay = (start: string, end: string, staffId?: string) =>
  [0, 1, 2, 3, 4, 5, 6].map((day) => ({
    rule_type: 'recurring',
    day_of_week: day,
    start_time: start,
    end_time: end,
    ...(staffId ? { staff_id: staffId } : {}),
  }));

async function slots(b: Business, query: string): Promise<Slot[]> {
  const response = await api.get<{ days: Array<{ date: string; slots: Slot[] }> }>(
    `/${b.tenant.slug}/availability?service_id=${b.service.id}&${query}`,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.days.flatMap((day) => day.slots);
}

/** `HH:MM` of an instant in a zone. */
function local(instant: string, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));
}

const date = upcomingDate('America/New_York', 10, [2]);

describe('opening hours', () => {
  it('weekly hours make the grid; the step is duration + buffer after', async () => {
    const b = await business({
      service: { buffer_time_after: 15 },
      rules: () => everyDay('09:00', '12:00'),
    });
    const list = await slots(b, `date=${date}`);
    expect(list.map((s) => local(s.start_time, 'America/New_York'))).toEqual(['09:00', '10:15']);
  });

  it('an explicit interval overrides the step', async () => {
    const b = await business({
      service: { slot_interval_minutes: 30 },
      rules: () => everyDay('09:00', '11:00'),
    });
    expect(
      (await slots(b, `date=${date}`)).map((s) => local(s.start_time, 'America/New_York')),
    ).toEqual(['09:00', '09:30', '10:00']);
  });

  it('an override replaces the day; a closed override closes it', async () => {
    const b = await business({
      rules: () => [
        ...everyDay('09:00', '17:00'),
        { rule_type: 'override', specific_date: date, start_time: '13:00', end_time: '15:00' },
        { rule_type: 'override', specific_date: addDays(date, 1), is_available: false },
      ],
    });
    expect(
      (await slots(b, `date=${date}`)).map((s) => local(s.start_time, 'America/New_York')),
    ).toEqual(['13:00', '14:00']);
    expect(await slots(b, `date=${addDays(date, 1)}`)).toEqual([]);
  });

  it('blocks cut time out, with times or for whole date ranges', async () => {
    const b = await business({
      rules: () => [
        ...everyDay('09:00', '13:00'),
        {
          rule_type: 'block',
          specific_date: date,
          start_time: '10:00',
          end_time: '11:00',
          reason: 'Training',
        },
        {
          rule_type: 'block',
          date_range_start: addDays(date, 1),
          date_range_end: addDays(date, 2),
          reason: 'Holiday',
        },
      ],
    });
    expect(
      (await slots(b, `date=${date}`)).map((s) => local(s.start_time, 'America/New_York')),
    ).toEqual(['09:00', '11:00', '12:00']);
    const range = await api.get<{ days: Array<{ date: string; slots: Slot[] }> }>(
      `/${b.tenant.slug}/availability?service_id=${b.service.id}&start_date=${addDays(date, 1)}&end_date=${addDays(date, 3)}`,
    );
    expect(range.body.days.map((d) => [d.date, d.slots.length])).toEqual([
      [addDays(date, 1), 0],
      [addDays(date, 2), 0],
      [addDays(date, 3), 4],
    ]);
  });

  it('a window past midnight runs into the next day', async () => {
    const b = await business({ rules: () => everyDay('22:00', '02:00') });
    const list = await slots(b, `date=${date}`);
    // The date's own 22:00 and 23:00, and the previous night's 00:00 and 01:00.
    expect(list.map((s) => local(s.start_time, 'America/New_York'))).toEqual([
      '00:00',
      '01:00',
      '22:00',
      '23:00',
    ]);
  });

  it('location hours narrow staff hours', async () => {
    const tenant = await createTenant(api, {
      plan_tier: 'enterprise',
      timezone: 'America/New_York',
    });
    const location = await createVia(api, tenant, 'locations', {
      name: 'Annex',
      timezone: 'America/New_York',
    });
    const staff = await createVia(api, tenant, 'staff', {
      name: 'Lee',
      min_advance_booking_hours: 0,
      location_ids: [location.id],
    });
    const service = await createVia(api, tenant, 'services', {
      slug: 'svc',
      name: 'S',
      duration_minutes: 60,
      price_cents: 0,
    });
    for (const rule of everyDay('09:00', '17:00', staff.id))
      await createVia(api, tenant, 'availability-rules', rule);
    for (const rule of everyDay('12:00', '15:00'))
      await createVia(api, tenant, 'availability-rules', { ...rule, location_id: location.id });
    const list = await slots(
      { tenant, staff: [staff], service },
      `date=${date}&location_id=${location.id}`,
    );
    expect(list.map((s) => local(s.start_time, 'America/New_York'))).toEqual([
      '12:00',
      '13:00',
      '14:00',
    ]);
  });
});

describe('occupancies and limits', () => {
  it('an appointment blocks its time plus staff and service buffers', async () => {
    const b = await business({
      staff: [{ buffer_time_before: 15 }],
      service: { slot_interval_minutes: 30, buffer_time_after: 15 },
      rules: () => everyDay('09:00', '13:00'),
    });
    const list = await slots(b, `date=${date}`);
    const ten = list.find((s) => local(s.start_time, 'America/New_York') === '10:00')!;
    const booked = await api.post(`/${b.tenant.slug}/appointments`, {
      service_id: b.service.id,
      staff_id: b.staff[0]!.id,
      start_time: ten.start_time,
      customer: { name: 'A', email: 'a@example.com' },
    });
    expect(booked.status).toBe(201);
    // 10:00–11:00 is occupied as [09:45, 11:15). A 60-minute booking occupies its own
    // 15 before and 15 after: 09:00 → [08:45, 10:15) and 09:30 overlap it, 11:30 →
    // [11:15, 12:45) only touches it. Buffers may spill outside opening hours.
    expect(
      (await slots(b, `date=${date}`)).map((s) => local(s.start_time, 'America/New_York')),
    ).toEqual(['11:30', '12:00']);
  });

  it('min notice and max advance bound the window', async () => {
    const b = await business({
      staff: [{ max_advance_booking_days: 12 }],
      service: { min_notice_minutes: 3 * 24 * 60 },
      rules: () => everyDay('09:00', '12:00'),
    });
    const today = upcomingDate('America/New_York', 0, [0, 1, 2, 3, 4, 5, 6]);
    const range = await api.get<{ days: Array<{ date: string; slots: Slot[] }> }>(
      `/${b.tenant.slug}/availability?service_id=${b.service.id}&start_date=${today}&end_date=${addDays(today, 20)}`,
    );
    const open = range.body.days.filter((d) => d.slots.length > 0).map((d) => d.date);
    expect(open[0]! > addDays(today, 2)).toBe(true);
    expect(open.at(-1)! <= addDays(today, 12)).toBe(true);
    expect(range.body.days).toHaveLength(21);
  });

  it('any staff names the less busy person; a staff filter asks one person', async () => {
    const b = await business({ staff: [{}, {}], rules: () => everyDay('09:00', '12:00') });
    const [first] = await slots(b, `date=${date}`);
    expect(first!.staff_id).toBe(b.staff[0]!.id);
    await api.post(`/${b.tenant.slug}/appointments`, {
      service_id: b.service.id,
      staff_id: b.staff[0]!.id,
      start_time: first!.start_time,
      customer: { name: 'A', email: 'a@example.com' },
    });
    const again = await slots(b, `date=${date}`);
    expect(again.map((s) => s.staff_id)).toEqual([b.staff[1]!.id, b.staff[1]!.id, b.staff[1]!.id]);
    expect((await slots(b, `date=${date}&staff_id=${b.staff[0]!.id}`)).length).toBe(2);
  });

  it('a class fills seat by seat, then disappears', async () => {
    const b = await business({
      service: { booking_type: 'class', max_capacity: 3 },
      rules: () => everyDay('09:00', '10:00'),
    });
    const [slot] = await slots(b, `date=${date}`);
    expect(slot!.remaining_capacity).toBe(3);
    for (let seat = 0; seat < 3; seat++) {
      const booked = await api.post(`/${b.tenant.slug}/appointments`, {
        service_id: b.service.id,
        start_time: slot!.start_time,
        customer: { name: `Seat ${seat}`, email: `seat${seat}@example.com` },
      });
      expect(booked.status, JSON.stringify(booked.body)).toBe(201);
      const left = await slots(b, `date=${date}`);
      expect(left[0]?.remaining_capacity ?? 0).toBe(2 - seat);
    }
    const full = await api.post(`/${b.tenant.slug}/appointments`, {
      service_id: b.service.id,
      start_time: slot!.start_time,
      customer: { name: 'Late', email: 'late@example.com' },
    });
    expect(full.status).toBe(409);
  });

  it('a class with a timetable of its own is offered only then, with its seats', async () => {
    // Open every day 09:00–17:00; the class meets on this Tuesday's weekday at 18:00.
    const b = await business({
      service: { booking_type: 'class', max_capacity: 6 },
      rules: () => everyDay('09:00', '17:00'),
    });
    await createVia(api, b.tenant, 'availability-rules', {
      rule_type: 'recurring',
      service_id: b.service.id,
      staff_id: b.staff[0]!.id,
      day_of_week: weekdayOf(date),
      start_time: '18:00',
      end_time: '19:00',
    });
    const list = await slots(b, `date=${date}`);
    expect(
      list.map((s) => [local(s.start_time, 'America/New_York'), s.remaining_capacity]),
    ).toEqual([['18:00', 6]]);
    // Not on the other days of the week, although the studio is open.
    expect(await slots(b, `date=${addDays(date, 1)}`)).toEqual([]);
    const booked = await api.post(`/${b.tenant.slug}/appointments`, {
      service_id: b.service.id,
      start_time: list[0]!.start_time,
      customer: { name: 'First Yogi', email: 'yogi@example.com' },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect((await slots(b, `date=${date}`))[0]?.remaining_capacity).toBe(5);
  });
});

describe('time zones', () => {
  it('spring forward (New York, 2027-03-14): a 01:00–05:00 window is three hours long', async () => {
    const b = await business({ rules: () => everyDay('01:00', '05:00') });
    const list = await slots(b, 'date=2027-03-14');
    expect(list.map((s) => s.start_time)).toEqual([
      '2027-03-14T06:00:00Z',
      '2027-03-14T07:00:00Z',
      '2027-03-14T08:00:00Z',
    ]);
    expect((await slots(b, 'date=2027-03-21')).length).toBe(4);
  });

  it('fall back (New York, 2027-11-07): the same window is five hours long', async () => {
    const b = await business({ rules: () => everyDay('01:00', '05:00') });
    const list = await slots(b, 'date=2027-11-07');
    expect(list.map((s) => s.start_time)).toEqual([
      '2027-11-07T05:00:00Z',
      '2027-11-07T06:00:00Z',
      '2027-11-07T07:00:00Z',
      '2027-11-07T08:00:00Z',
      '2027-11-07T09:00:00Z',
    ]);
  });

  it("the grid stays in the business's zone for a viewer in India, grouped by the viewer's dates", async () => {
    const b = await business({ rules: () => everyDay('09:00', '12:00') });
    const ny = await slots(b, `date=${date}`);
    const response = await api.get<{
      timezone: string;
      days: Array<{ date: string; slots: Slot[] }>;
    }>(
      `/${b.tenant.slug}/availability?service_id=${b.service.id}&date=${addDays(date, 0)}&timezone=Asia/Kolkata`,
    );
    expect(response.body.timezone).toBe('Asia/Kolkata');
    // 09:00 in New York is 19:30 or 18:30 in Kolkata the same day: the same instants.
    expect(response.body.days[0]!.slots.map((s) => s.start_time)).toEqual(
      ny.map((s) => s.start_time),
    );
    for (const slot of response.body.days[0]!.slots)
      expect(local(slot.start_time, 'Asia/Kolkata')).toMatch(/:30$/);
    expect(weekdayOf(date)).toBe(2);
  });
});
