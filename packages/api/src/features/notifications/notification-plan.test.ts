import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type PlanInput, planNotifications, reminderInstant } from './notification-plan.ts';

/** The Luxon expression `reminderInstant` stands in for (it was the function's body). */
function luxonReminder(start: Date, offsetMinutes: number, zone: string): Date {
  const days = Math.floor(offsetMinutes / 1440);
  const minutes = offsetMinutes - days * 1440;
  return DateTime.fromJSDate(start, { zone }).minus({ days }).minus({ minutes }).toJSDate();
}

describe('reminderInstant is Luxon’s minus({ days }).minus({ minutes })', () => {
  const MINUTE = 60_000;
  const DAY = 86_400_000;
  // Both hemispheres, half-hour and 45-minute offsets, a 30-minute DST (Lord Howe),
  // DST at midnight (Santiago, Havana), and zones without DST.
  const zones = [
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
    'Australia/Adelaide',
    'Pacific/Chatham',
    'America/Santiago',
    'America/Havana',
    'America/St_Johns',
    'Europe/Berlin',
    'Asia/Kathmandu',
    'Asia/Tokyo',
    'UTC',
  ];
  const offsets = [1440, 2880, 1500, 90, 0];

  it.each(zones)('%s: every 20 minutes around each change of 2026–2028', (zone) => {
    const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
    const from = Date.UTC(2026, 0, 1) / DAY;
    const until = Date.UTC(2029, 0, 1) / DAY;
    const days: number[] = [from + 40, from + 200];
    for (let day = from; day < until; day++) {
      if (offsetAt(day * DAY) !== offsetAt((day + 1) * DAY)) days.push(day);
    }
    let compared = 0;
    for (const day of days) {
      for (let at = (day - 1) * DAY; at < (day + 2) * DAY; at += 20 * MINUTE) {
        for (const offset of offsets) {
          // The start itself near the change, and a start whose reminder day is.
          for (const start of [at + 17_123, at + Math.floor(offset / 1440) * DAY + 17_123]) {
            const expected = luxonReminder(new Date(start), offset, zone).getTime();
            expect(
              reminderInstant(new Date(start), offset, zone).getTime(),
              `${start} ${offset}`,
            ).toBe(expected);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(2000);
  });

  it('answers an unknown zone as Luxon did (an invalid date)', () => {
    expect(Number.isNaN(reminderInstant(new Date(), 1440, 'Mars/Olympus').getTime())).toBe(true);
  });
});

describe('reminderInstant across real DST changes', () => {
  it.each([
    // [zone, appointment start (UTC), offset, reminder (UTC), note]
    ['America/New_York', '2027-11-07T15:00:00Z', 1440, '2027-11-06T14:00:00Z', 'fall back: 25 h'],
    ['America/New_York', '2027-11-07T15:00:00Z', 120, '2027-11-07T13:00:00Z', '08:00 EST'],
    [
      'America/New_York',
      '2027-11-07T06:30:00Z',
      120,
      '2027-11-07T04:30:00Z',
      '2 h across 01:00 twice',
    ],
    [
      'America/New_York',
      '2027-03-14T14:00:00Z',
      1440,
      '2027-03-13T15:00:00Z',
      'spring forward: 23 h',
    ],
    ['America/New_York', '2027-03-14T14:00:00Z', 120, '2027-03-14T12:00:00Z', '08:00 EDT'],
    ['America/New_York', '2027-03-15T06:30:00Z', 1440, '2027-03-14T07:30:00Z', 'gap 02:30 → 03:30'],
    [
      'Europe/Paris',
      '2027-10-31T09:00:00Z',
      1440,
      '2027-10-30T08:00:00Z',
      '10:00 CEST → 10:00 CET',
    ],
    [
      'Europe/Paris',
      '2027-10-31T09:00:00Z',
      2 * 1440 + 60,
      '2027-10-29T07:00:00Z',
      '2 days and 1 h',
    ],
    ['UTC', '2027-06-01T12:00:00Z', 1440, '2027-05-31T12:00:00Z', 'no DST'],
  ])('%s %s − %i min → %s (%s)', (zone, start, offset, expected) => {
    expect(reminderInstant(new Date(start), offset, zone).toISOString()).toBe(
      new Date(expected).toISOString(),
    );
  });
});

const base: PlanInput = {
  event: 'appointment.created',
  now: new Date('2027-11-01T12:00:00Z'),
  appointment: {
    id: 'a1',
    status: 'confirmed',
    startTime: new Date('2027-11-07T15:00:00Z'),
    endTime: new Date('2027-11-07T16:00:00Z'),
    sequence: 0,
    requiresApproval: false,
  },
  businessZone: 'America/New_York',
  reminderOffsetsMinutes: [1440, 120],
  customerEmailReminders: true,
  customerSms: false,
  businessEmail: 'owner@example.com',
  staffEmail: null,
};

const summary = (input: PlanInput) =>
  planNotifications(input).messages.map(
    (m) => `${m.type}/${m.audience}/${m.channel}@${m.scheduledFor.toISOString()}`,
  );

describe('planNotifications', () => {
  it('confirms a booking to both sides and plans two reminders', () => {
    expect(summary(base)).toEqual([
      'confirmation/customer/email@2027-11-01T12:00:00.000Z',
      'confirmation/business/email@2027-11-01T12:00:00.000Z',
      'reminder/customer/email@2027-11-06T14:00:00.000Z',
      'reminder/customer/email@2027-11-07T13:00:00.000Z',
    ]);
  });

  it('adds SMS only when allowed, and a staff copy when the staff has an address', () => {
    const plan = summary({ ...base, customerSms: true, staffEmail: 'ana@example.com' });
    expect(plan.filter((m) => m.includes('/sms@'))).toHaveLength(3);
    expect(plan).toContain('confirmation/staff/email@2027-11-01T12:00:00.000Z');
  });

  it('skips reminders whose moment has passed', () => {
    const plan = summary({ ...base, now: new Date('2027-11-07T11:00:00Z') });
    expect(plan.filter((m) => m.startsWith('reminder'))).toEqual([
      'reminder/customer/email@2027-11-07T13:00:00.000Z',
    ]);
  });

  it('tells a customer awaiting approval that the request arrived, and asks the business', () => {
    const plan = summary({
      ...base,
      appointment: { ...base.appointment, status: 'pending', requiresApproval: true },
    });
    expect(plan).toEqual([
      'confirmation/customer/email@2027-11-01T12:00:00.000Z',
      'approval_request/business/email@2027-11-01T12:00:00.000Z',
    ]);
  });

  it('sends nothing for a booking awaiting its deposit', () => {
    expect(summary({ ...base, appointment: { ...base.appointment, status: 'pending' } })).toEqual(
      [],
    );
  });

  it('re-plans reminders on reschedule with fresh keys', () => {
    const first = planNotifications(base).messages.filter((m) => m.type === 'reminder');
    const moved = planNotifications({
      ...base,
      event: 'appointment.rescheduled',
      appointment: {
        ...base.appointment,
        sequence: 1,
        startTime: new Date('2027-11-08T15:00:00Z'),
      },
    });
    expect(moved.withdraw).toEqual(['reminder']);
    const again = moved.messages.filter((m) => m.type === 'reminder');
    expect(again.map((m) => m.scheduledFor.toISOString())).toEqual([
      '2027-11-07T15:00:00.000Z',
      '2027-11-08T13:00:00.000Z',
    ]);
    const keys = new Set(first.map((m) => m.idempotencyKey));
    expect(again.some((m) => keys.has(m.idempotencyKey))).toBe(false);
  });

  it('withdraws reminders on cancel and sends no new ones', () => {
    const plan = planNotifications({
      ...base,
      event: 'appointment.cancelled',
      appointment: { ...base.appointment, status: 'cancelled' },
    });
    expect(plan.withdraw).toEqual(['reminder', 'follow_up']);
    expect(plan.messages.map((m) => m.type)).toEqual(['cancellation', 'cancellation']);
  });

  it('follows up an hour after a completed appointment ends', () => {
    expect(
      summary({
        ...base,
        event: 'appointment.completed',
        now: new Date('2027-11-07T15:30:00Z'),
        appointment: { ...base.appointment, status: 'completed' },
      }),
    ).toEqual(['follow_up/customer/email@2027-11-07T17:00:00.000Z']);
  });
});
