/**
 * DESIGN.md §3 rule 1, who a rule is for: business-wide rules, service-specific
 * rules, location hours and staff hours tied to a location. New York, 60 minutes;
 * 2027-03-15 is a Monday (EDT).
 */
import { describe, expect, it } from 'vitest';
import {
  context,
  localStarts,
  localTimes,
  type RuleCase,
  rule,
  runRuleCase,
  service,
  slotsOf,
  staffMember,
  weekly,
} from './test-fixtures.ts';

const MON = 1;
const _THU = 4;
const ana = { staff_id: 'ana' };
const nineToFive = weekly([MON, 2, 3, 4, 5], '09:00', '17:00', ana);
const allDay = ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'];

describe('business-wide rules (no staff, no location)', () => {
  const business = { staff_id: null };
  it.each<RuleCase>([
    {
      name: 'weekly hours are the default for staff without weekly hours',
      rules: weekly([MON], '10:00', '12:00', business),
      start_date: '2027-03-15',
      expected: ['10:00', '11:00'],
    },
    {
      name: 'staff with weekly hours of their own ignore the default',
      rules: [...weekly([MON], '10:00', '12:00', business), ...weekly([2], '09:00', '10:00', ana)],
      start_date: '2027-03-15',
      expected: [],
    },
    {
      name: 'a block (holiday) applies to everyone',
      rules: [
        ...nineToFive,
        rule({ ...business, rule_type: 'block', specific_date: '2027-03-15', is_available: false }),
      ],
      start_date: '2027-03-15',
      expected: [],
    },
    {
      name: 'an override applies to staff without their own override that date',
      rules: [
        ...nineToFive,
        rule({
          ...business,
          rule_type: 'override',
          specific_date: '2027-03-15',
          start_time: '10:00',
          end_time: '12:00',
        }),
      ],
      start_date: '2027-03-15',
      expected: ['10:00', '11:00'],
    },
    {
      name: "the staff member's own override wins",
      rules: [
        ...nineToFive,
        rule({
          ...business,
          rule_type: 'override',
          specific_date: '2027-03-15',
          is_available: false,
        }),
        rule({
          ...ana,
          rule_type: 'override',
          specific_date: '2027-03-15',
          start_time: '14:00',
          end_time: '16:00',
        }),
      ],
      start_date: '2027-03-15',
      expected: ['14:00', '15:00'],
    },
  ])('$name', (c) => {
    expect(runRuleCase(c)).toEqual(c.expected);
  });
});

describe('service-specific rules', () => {
  const rules = [
    ...nineToFive,
    rule({
      ...ana,
      service_id: 'color',
      rule_type: 'block',
      specific_date: '2027-03-15',
      start_time: '09:00',
      end_time: '15:00',
      is_available: false,
    }),
    ...weekly([6], '10:00', '12:00', { ...ana, service_id: 'color' }),
  ];
  it('apply only to that service', () => {
    const ctx = context({ rules });
    expect(localTimes(slotsOf(ctx, { start_date: '2027-03-15' }))).toEqual(allDay);
    expect(localTimes(slotsOf(ctx, { start_date: '2027-03-20' }))).toEqual([]);
    const color = service({ id: 'color' });
    expect(localTimes(slotsOf(ctx, { start_date: '2027-03-15', service: color }))).toEqual([
      '15:00',
      '16:00',
    ]);
    expect(localTimes(slotsOf(ctx, { start_date: '2027-03-20', service: color }))).toEqual([
      '10:00',
      '11:00',
    ]);
  });
});

describe("a class's timetable (group service with weekly hours of its own)", () => {
  // Ana works Mon–Fri 09–17; her yoga class is Tuesdays and Thursdays at 12:00 and the
  // Thursday class also at 18:00, after hours.
  const yoga = service({ id: 'yoga', booking_type: 'group', max_capacity: 8 });
  const timetable = [
    ...nineToFive,
    ...weekly([2, _THU], '12:00', '13:00', { ...ana, service_id: 'yoga' }),
    ...weekly([_THU], '18:00', '19:00', { ...ana, service_id: 'yoga' }),
  ];
  const week = { start_date: '2027-03-15', end_date: '2027-03-21' };

  it('is offered only at its own times, also outside the usual hours', () => {
    const slots = slotsOf(context({ rules: timetable }), { ...week, service: yoga });
    expect(localStarts(slots)).toEqual([
      '2027-03-16 12:00',
      '2027-03-18 12:00',
      '2027-03-18 18:00',
    ]);
    expect(slots.map((slot) => slot.remaining_capacity)).toEqual([8, 8, 8]);
  });

  it('leaves the other services on the usual hours', () => {
    const ctx = context({ rules: timetable });
    expect(localTimes(slotsOf(ctx, { start_date: '2027-03-16' }))).toEqual(allDay);
  });

  it('still gives way to a block, a closing override and a location', () => {
    const closed = [
      ...timetable,
      rule({ ...ana, rule_type: 'block', specific_date: '2027-03-16', is_available: false }),
      rule({ ...ana, rule_type: 'override', specific_date: '2027-03-18', is_available: false }),
    ];
    expect(localStarts(slotsOf(context({ rules: closed }), { ...week, service: yoga }))).toEqual(
      [],
    );
  });

  it('may be set business-wide, for everyone who teaches the class', () => {
    const businessWide = [
      ...nineToFive,
      ...weekly([MON], '17:30', '18:30', { staff_id: null, service_id: 'yoga' }),
    ];
    const slots = slotsOf(context({ rules: businessWide }), { ...week, service: yoga });
    expect(localStarts(slots)).toEqual(['2027-03-15 17:30']);
  });

  it('without weekly hours of its own a class follows the usual hours', () => {
    const slots = slotsOf(context({ rules: nineToFive }), {
      start_date: '2027-03-16',
      service: yoga,
    });
    expect(localTimes(slots)).toEqual(allDay);
  });

  it('an individual service adds its own weekly hours to the usual ones (unchanged)', () => {
    const extra = [...nineToFive, ...weekly([2], '18:00', '19:00', { ...ana, service_id: 'cut' })];
    expect(localTimes(slotsOf(context({ rules: extra }), { start_date: '2027-03-16' }))).toEqual([
      ...allDay,
      '18:00',
    ]);
  });
});

describe('locations', () => {
  const downtown = { id: 'downtown', timezone: 'America/New_York' };
  const uptown = { id: 'uptown', timezone: 'America/New_York' };
  const chicago = { id: 'chicago', timezone: 'America/Chicago' };
  const locations = [downtown, uptown, chicago];

  it('location hours intersect staff hours', () => {
    const ctx = context({
      locations,
      rules: [...nineToFive, ...weekly([MON], '11:00', '20:00', { location_id: 'downtown' })],
    });
    const slots = slotsOf(ctx, { start_date: '2027-03-15', location_id: 'downtown' });
    expect(localTimes(slots)).toEqual(['11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
    expect(new Set(slots.map((slot) => slot.location_id))).toEqual(new Set(['downtown']));
  });

  it('a location without rules does not limit; its blocks and overrides still apply', () => {
    const ctx = context({
      locations,
      rules: [
        ...nineToFive,
        rule({
          location_id: 'uptown',
          rule_type: 'block',
          specific_date: '2027-03-15',
          start_time: '09:00',
          end_time: '14:00',
          is_available: false,
        }),
        rule({
          location_id: 'uptown',
          rule_type: 'override',
          specific_date: '2027-03-16',
          start_time: '12:00',
          end_time: '14:00',
        }),
      ],
    });
    const times = (date: string, location_id: string) =>
      localTimes(slotsOf(ctx, { start_date: date, location_id }));
    expect(times('2027-03-15', 'uptown')).toEqual(['14:00', '15:00', '16:00']);
    expect(times('2027-03-16', 'uptown')).toEqual(['12:00', '13:00']);
    expect(times('2027-03-17', 'uptown')).toEqual(allDay);
    expect(times('2027-03-15', 'downtown')).toEqual(allDay);
  });

  it("location hours are read in the location's zone", () => {
    const ctx = context({
      locations,
      rules: [...nineToFive, ...weekly([MON], '09:00', '17:00', { location_id: 'chicago' })],
    });
    // 09:00–17:00 Central is 10:00–18:00 Eastern.
    expect(localTimes(slotsOf(ctx, { start_date: '2027-03-15', location_id: 'chicago' }))).toEqual(
      allDay.slice(1),
    );
  });

  it('staff hours tied to a location apply there only; without a filter each slot names its location', () => {
    const ctx = context({
      locations,
      rules: [
        ...weekly([MON], '09:00', '12:00', { ...ana, location_id: 'downtown' }),
        ...weekly([MON], '13:00', '15:00', { ...ana, location_id: 'uptown' }),
      ],
    });
    expect(localTimes(slotsOf(ctx, { start_date: '2027-03-15', location_id: 'downtown' }))).toEqual(
      ['09:00', '10:00', '11:00'],
    );
    expect(localTimes(slotsOf(ctx, { start_date: '2027-03-15', location_id: 'uptown' }))).toEqual([
      '13:00',
      '14:00',
    ]);
    const any = slotsOf(ctx, { start_date: '2027-03-15' });
    expect(any.map((slot) => `${localTimes([slot])[0]} ${slot.location_id}`)).toEqual([
      '09:00 downtown',
      '10:00 downtown',
      '11:00 downtown',
      '13:00 uptown',
      '14:00 uptown',
    ]);
  });

  it('a slot open at several locations names the first listed', () => {
    const ctx = context({ locations: [uptown, downtown], rules: nineToFive });
    const slots = slotsOf(ctx, { start_date: '2027-03-15' });
    expect(slots).toHaveLength(8);
    expect(new Set(slots.map((slot) => slot.location_id))).toEqual(new Set(['uptown']));
  });

  it("the staff member's and the service's locations restrict where slots are", () => {
    const ctx = context({
      locations,
      rules: nineToFive,
      staff: [staffMember({ location_ids: ['uptown'] })],
    });
    expect(slotsOf(ctx, { start_date: '2027-03-15', location_id: 'downtown' })).toEqual([]);
    expect(slotsOf(ctx, { start_date: '2027-03-15', location_id: 'uptown' })).toHaveLength(8);
    const onlyDowntown = service({ available_at_locations: ['downtown'] });
    expect(slotsOf(ctx, { start_date: '2027-03-15', service: onlyDowntown })).toEqual([]);
    const open = context({ locations, rules: nineToFive });
    const slots = slotsOf(open, { start_date: '2027-03-15', service: onlyDowntown });
    expect(new Set(slots.map((slot) => slot.location_id))).toEqual(new Set(['downtown']));
  });
});
