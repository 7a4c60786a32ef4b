/**
 * Generated malformed requests for the admin write routes: a deterministic table of
 * invalid values per field, structural breakage (malformed JSON, wrong content types,
 * oversized bodies, unknown fields), and seeded random combinations of them. Every case
 * built here is invalid by construction, so the API must refuse each one with a 4xx.
 */

/** mulberry32: a tiny seeded PRNG, so a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HUGE = 'x'.repeat(10_000);
const long = (n: number) => 'x'.repeat(n);
const TYPE_CONFUSION = [123, true, [], {}];
/** Control characters a single-line field (name, title, key) refuses (API.md: 400, never 500). */
export const CONTROL_LINE = [
  'a\u0000b',
  'bell\u0007',
  'two\nlines',
  'tab\there',
  'del\u007f',
  'c1\u0085x',
  'invoice\u202egpj.exe',
  'iso\u2066late',
  'lone \ud800 surrogate',
];
/** Control characters multi-line text (notes, bio, description) refuses: all but \t \n \r. */
export const CONTROL_TEXT = ['a\u0000b', 'esc\u001b[31m', 'del\u007f', 'c1\u0085x', '\ud800'];
/** A JSON object nested `depth` levels deep, as request text (JSON.stringify would recurse). */
export const deepObjectJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
/** Free-form JSON a record field refuses: control characters in keys or values, too deep, too big. */
export const BAD_JSON_RECORDS = [
  { 'a\u0000b': 1 },
  { label: 'a\u0000b' },
  { 'two\nlines': 'x' },
  { label: '\ud800' },
];

/** Values a string field with `max` characters rejects; add `null`/'' when it is required. */
const text = (max: number, required = false) => [
  ...TYPE_CONFUSION,
  long(max + 1),
  HUGE,
  ...CONTROL_LINE,
  ...(required ? [null, '', '   '] : []),
];
/** Values an integer field in [min, max] rejects; `null` too unless it is nullable. */
const int = (min: number, max: number, nullable = false) => [
  min - 1,
  max + 1,
  1.5,
  String(min),
  true,
  [],
  1e20,
  -1e20,
  ...(nullable ? [] : [null]),
];
const bool = ['yes', 1, 0, null, []];
const ZONES = [
  'Mars/Base',
  'America/New_Yorkk',
  'EST',
  'Etc/GMT+25',
  '',
  HUGE,
  42,
  '../../etc/passwd',
];
const DATES = [
  '2027-02-30',
  '2027-02-29',
  '2027-13-01',
  '2027-1-1',
  '27-01-01',
  'tomorrow',
  20270101,
  '2027-04-31T00:00:00Z',
];
const TIMES = ['25:00', '24:00', '9:00', '09:60', '09:00:00', 'noon', 930, '-01:00'];
const EMAILS = [
  'not-an-email',
  'a@',
  '@b.com',
  `a@${long(300)}.com`,
  42,
  'a\u0000b@example.com',
  'ann@example.com\u0000',
];
const PHONES = ['call me', '+1', 'x'.repeat(51), 5550123, '<script>'];
const URLS = [
  'not a url',
  'ftp://files.example/a.png',
  'javascript:alert(1)',
  42,
  `https://${long(2100)}.com`,
  'https://salon.example/a\u0000b',
  'https://salon.example/\u202egnp.exe',
];
const CURRENCIES = ['usd', 'US', 'USDD', '€€€', 1, null];
const DOMAINS = [
  ['not a domain'],
  ['http://'],
  ['*.'],
  ['*.com'],
  ['*.co.uk'],
  ['https://*.salon.example'],
  ['*.*.salon.example'],
  ['salon\u0000.example'],
  'salon.example',
  [123],
  Array(51).fill('a.example'),
];

export interface Refs {
  /** Ids of another tenant's rows and of rows that do not exist: must be refused. */
  foreignStaff: string;
  foreignLocation: string;
  foreignService: string;
  random: () => string;
}

const uuidRef = (refs: Refs, foreign: string) => ['not-a-uuid', 42, refs.random(), foreign];
const uuidList = (refs: Refs, foreign: string, max: number) => [
  ['not-a-uuid'],
  [refs.random()],
  [foreign],
  'not-a-list',
  [1, 2],
  null,
  Array.from({ length: max + 1 }, () => refs.random()),
];

export interface WriteRoute {
  name: string;
  method: 'POST' | 'PUT';
  path: string;
  key: string;
  /** A body the route accepts; cases break it. */
  base: Record<string, unknown>;
  /** For each field, values that make the body invalid. */
  fields: Record<string, unknown[]>;
  /** Whole bodies that are invalid as a combination (cross-field rules). */
  combos?: Array<Record<string, unknown>>;
}

export const fieldTables = (refs: Refs) => {
  const business = {
    name: text(255, true),
    business_name: text(255, true),
    timezone: [...ZONES, null],
    currency: CURRENCIES,
    email: [...EMAILS, null, ''],
    phone: PHONES,
    locale: ['de', 'EN', null, 42],
    logo_url: URLS,
    primary_color: ['red', '#12345', '#GGGGGG', null],
    allowed_domains: DOMAINS,
  };
  const subdomain = [
    'admin',
    'demo',
    'Bad_Name',
    'ab',
    '-abc',
    'abc-',
    long(64),
    123,
    null,
    '',
    'ab\u0000c',
  ];
  const staff = {
    name: text(255, true),
    email: EMAILS,
    phone: PHONES,
    title: text(255),
    bio: [long(5001), 42, ...CONTROL_TEXT],
    avatar_url: URLS,
    role: ['boss', null],
    timezone: ZONES,
    buffer_time_before: int(0, 240),
    buffer_time_after: int(0, 240),
    max_advance_booking_days: int(1, 730),
    min_advance_booking_hours: int(0, 2160),
    location_ids: uuidList(refs, refs.foreignLocation, 100),
    display_order: int(0, 100_000),
    status: ['deleted', null],
  };
  const service = {
    slug: ['Bad Slug', '-a', 'a--b', '', null, long(101), 42],
    name: text(255, true),
    description: [long(5001), 42, ...CONTROL_TEXT],
    category: text(100),
    image_url: URLS,
    duration_minutes: int(5, 1440),
    price_cents: int(0, 100_000_000),
    currency: CURRENCIES,
    deposit_required: bool,
    deposit_amount_cents: [-1, 1.5, '100'],
    deposit_percentage: [0, 101, 50.5],
    booking_type: ['solo', null, ''],
    max_capacity: int(1, 1000),
    requires_approval: bool,
    online_booking_enabled: bool,
    available_with_staff: uuidList(refs, refs.foreignStaff, 500),
    available_at_locations: uuidList(refs, refs.foreignLocation, 100),
    buffer_time_before: int(0, 240),
    slot_interval_minutes: int(5, 1440, true),
    min_notice_minutes: int(0, 129_600, true),
    display_order: int(0, 100_000),
    status: ['gone', null],
  };
  const serviceCombos = [
    { booking_type: 'individual', max_capacity: 5 },
    { deposit_amount_cents: 100, deposit_percentage: 10 },
    { deposit_amount_cents: 999_999, price_cents: 100 },
    { deposit_required: true },
  ];
  const location = {
    name: text(255, true),
    address_line1: text(255),
    city: text(100),
    postal_code: text(20),
    country: text(100, true),
    timezone: [...ZONES, null],
    phone: PHONES,
    email: EMAILS,
    latitude: [91, -91, '45', true],
    longitude: [181, -181, 'east'],
    is_primary: bool,
    display_order: int(0, 100_000),
    status: ['closed', null],
  };
  const rule = {
    staff_id: uuidRef(refs, refs.foreignStaff),
    location_id: uuidRef(refs, refs.foreignLocation),
    service_id: uuidRef(refs, refs.foreignService),
    rule_type: ['weekly', null, '', 42],
    day_of_week: [7, -1, 1.5, 'monday'],
    start_time: TIMES,
    end_time: TIMES,
    specific_date: DATES,
    date_range_start: DATES,
    // Alone (the base has no range start) even a well-formed end is invalid.
    date_range_end: [...DATES, '2030-01-01'],
    // A recurring rule opens time: false is refused.
    is_available: [false, 'yes', null],
    reason: [long(501), 42, ...CONTROL_TEXT],
    recurrence_pattern: ['monthly', 'biweekly', null],
    priority: int(-1000, 1000),
  };
  const widget = {
    name: text(255, true),
    widget_type: ['modal', 'banner', null],
    theme: [
      'dark',
      [],
      { label: long(501) },
      { label: { nested: 1 } },
      { label: null },
      { [long(101)]: 1 },
      ...BAD_JSON_RECORDS,
    ],
    allowed_domains: DOMAINS,
    preselected_service_id: uuidRef(refs, refs.foreignService),
    preselected_staff_id: uuidRef(refs, refs.foreignStaff),
    preselected_location_id: uuidRef(refs, refs.foreignLocation),
  };
  const customer = {
    name: text(255, true),
    phone: PHONES,
    notes: [long(5001), 42, ...CONTROL_TEXT],
    tags: [
      [''],
      [long(101)],
      'vip',
      [1],
      Array.from({ length: 51 }, (_, i) => `t${i}`),
      null,
      ...CONTROL_LINE.map((tag) => [tag]),
    ],
    email: ['new@example.com'],
    total_spent_cents: [0],
  };
  const tenantUpdate = {
    ...business,
    email: [...EMAILS, null],
    booking_page_settings: [
      'x',
      [],
      42,
      { [long(101)]: 1 },
      ...BAD_JSON_RECORDS,
      { nested: { deeper: { 'a\u0000': 1 } } },
      { big: 'x'.repeat(20_000) },
      JSON.parse(deepObjectJson(20)),
    ],
    hold_minutes: int(1, 120),
    cancellation_window_hours: int(0, 720),
    reminder_offsets_minutes: [[1], [5, 'x'], 'x', [5, 10, 15, 20, 25, 30], [-5]],
    plan_tier: ['enterprise'],
    mode: ['standalone'],
    subdomain: ['new-name'],
    max_staff: [1000],
    status: ['inactive'],
    id: [refs.random()],
  };
  const webhook = {
    url: [...URLS, null],
    events: [['appointment.nope'], [], 'appointment.created', [1]],
    enabled: bool,
    description: [long(501), 42, ...CONTROL_TEXT],
  };
  const appointmentUpdate = {
    notes: [long(2001), 42, ...CONTROL_TEXT],
    internal_notes: [long(5001), 42, ...CONTROL_TEXT],
    status: ['gone', null],
    start_time: ['9999-12-31T23:59:59Z', 'tomorrow', 42],
  };
  const apiKey = {
    name: text(255, true),
    role: ['root', null, 'Owner'],
    staff_id: ['not-a-uuid', 42, refs.random()],
  };
  return {
    business,
    subdomain,
    staff,
    service,
    serviceCombos,
    location,
    rule,
    widget,
    customer,
    tenantUpdate,
    webhook,
    appointmentUpdate,
    apiKey,
  };
};

export interface BadRequest {
  label: string;
  method: string;
  path: string;
  key: string;
  /** Raw body text and content type (undefined: none). */
  raw?: string;
  contentType?: string;
}

const json = (route: WriteRoute, label: string, body: unknown): BadRequest => ({
  label: `${route.name} ${label}`,
  method: route.method,
  path: route.path,
  key: route.key,
  raw: JSON.stringify(body),
  contentType: 'application/json',
});

/** One case per (field, bad value), plus the route's invalid combinations. */
export function fieldCases(route: WriteRoute): BadRequest[] {
  const cases: BadRequest[] = [];
  for (const [field, values] of Object.entries(route.fields)) {
    for (const value of values) {
      const shown = JSON.stringify(value)?.slice(0, 40) ?? String(value);
      cases.push(json(route, `${field}=${shown}`, { ...route.base, [field]: value }));
    }
  }
  for (const combo of route.combos ?? []) {
    cases.push(json(route, `combo ${JSON.stringify(combo)}`, { ...route.base, ...combo }));
  }
  return cases;
}

/** Breakage that has nothing to do with fields: every route must survive all of it. */
export function structuralCases(route: WriteRoute): BadRequest[] {
  const valid = JSON.stringify(route.base);
  const raw = (label: string, body: string | undefined, contentType?: string): BadRequest => ({
    label: `${route.name} ${label}`,
    method: route.method,
    path: route.path,
    key: route.key,
    ...(body !== undefined ? { raw: body } : {}),
    ...(contentType ? { contentType } : {}),
  });
  return [
    raw('no body', undefined),
    raw('empty JSON body', '', 'application/json'),
    raw('truncated JSON', valid.slice(0, -1), 'application/json'),
    raw('unquoted keys', '{name: "x"}', 'application/json'),
    raw('single quotes', "{'name':'x'}", 'application/json'),
    raw('trailing comma', '{"name":"x",}', 'application/json'),
    raw('NUL byte', '\u0000', 'application/json'),
    raw('JSON null', 'null', 'application/json'),
    raw('JSON array', '[]', 'application/json'),
    raw('JSON string', '"hello"', 'application/json'),
    raw('JSON number', '42', 'application/json'),
    raw('deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'application/json'),
    raw('1e400', valid.replace(/^\{/, '{"display_order":1e400,'), 'application/json'),
    raw('text/plain', valid, 'text/plain'),
    raw('form-encoded', 'name=x&role=owner', 'application/x-www-form-urlencoded'),
    raw('multipart', valid, 'multipart/form-data; boundary=x'),
    raw(
      'oversized 70 KB',
      JSON.stringify({ ...route.base, name: long(70_000) }),
      'application/json',
    ),
    raw(
      'oversized 1 MB',
      JSON.stringify({ ...route.base, name: long(1_000_000) }),
      'application/json',
    ),
    json(route, 'unknown field', { ...route.base, shoe_size: 44 }),
    json(route, 'tenant_id smuggled in', {
      ...route.base,
      tenant_id: '00000000-0000-4000-8000-000000000000',
    }),
    raw(
      '__proto__ key',
      valid.replace(/^\{/, '{"__proto__":{"role":"owner"},'),
      'application/json',
    ),
    raw(
      'constructor key',
      valid.replace(/^\{/, '{"constructor":{"prototype":{}},'),
      'application/json',
    ),
  ];
}

/** Seeded random mixes: 1–3 bad fields of one route at once, sometimes an unknown field. */
export function randomCases(
  routes: WriteRoute[],
  count: number,
  random: () => number,
): BadRequest[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const cases: BadRequest[] = [];
  for (let i = 0; i < count; i++) {
    const route = pick(routes);
    const body: Record<string, unknown> = { ...route.base };
    const fields = Object.keys(route.fields);
    const mutations = 1 + Math.floor(random() * 3);
    const changed: string[] = [];
    for (let m = 0; m < mutations; m++) {
      const field = pick(fields);
      body[field] = pick(route.fields[field] ?? [null]);
      changed.push(field);
    }
    if (random() < 0.2) body[`extra_${i}`] = pick(['x', 1, null, {}]);
    cases.push(json(route, `random#${i} ${changed.join('+')}`, body));
  }
  return cases;
}
