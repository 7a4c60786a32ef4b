import { describe, expect, it } from 'vitest';
import {
  allowedDomain,
  bookingRequestSchema,
  instantInput,
  isoDate,
  jsonProblem,
  jsonRecord,
  line,
  tenantUpdateSchema,
  text,
} from '../index.ts';

describe('free text in the shared schemas', () => {
  it('refuses every control character in a single-line field, and bidi overrides', () => {
    for (const value of [
      'a\u0000b',
      'a\tb',
      'a\nb',
      'a\rb',
      'a\u007fb',
      'a\u0085b',
      'a\u202eb',
      'a\u2066b',
      '\ud800',
    ]) {
      expect(line().safeParse(value).success, JSON.stringify(value)).toBe(false);
    }
    for (const value of ['Zoë Ångström', 'محمد', 'דוד', '日本 太郎', 'O’Brien 😀']) {
      expect(line().safeParse(value).success, value).toBe(true);
    }
  });

  it('lets multi-line text keep tabs, newlines and bidi marks, nothing else', () => {
    for (const value of ['line\nline', 'a\tb', 'a\r\nb', 'mixed \u2067עברית\u2069 text']) {
      expect(text().safeParse(value).success, JSON.stringify(value)).toBe(true);
    }
    for (const value of ['a\u0000b', 'esc\u001b[31m', 'a\u007f', 'a\u0085', '\udc00']) {
      expect(text().safeParse(value).success, JSON.stringify(value)).toBe(false);
    }
  });

  it('names the field that holds the control character', () => {
    const result = bookingRequestSchema.safeParse({
      service_id: 'haircut',
      start_time: '2030-01-01T10:00:00Z',
      customer: { name: 'A\u0000', email: 'a@example.com' },
    });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['customer.name']);
  });
});

describe('free-form JSON', () => {
  it('refuses control characters in keys and values at any depth', () => {
    expect(jsonProblem({ a: { b: ['x\u0000'] } })?.path).toEqual(['a', 'b', 0]);
    expect(jsonProblem({ a: { 'k\u0000': 1 } })?.path).toEqual(['a', 'k\u0000']);
    expect(jsonProblem({ a: { b: 'ok\nmulti-line' } })).toBeUndefined();
  });

  it('refuses a value nested too deep without overflowing its own stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(jsonProblem(deep)?.message).toMatch(/deeper than 8/);
    const settings = tenantUpdateSchema.safeParse({ booking_page_settings: deep });
    expect(settings.success).toBe(false);
  });

  it('refuses a value too big', () => {
    expect(jsonRecord(text(100_000)).safeParse({ big: 'x'.repeat(20_000) }).success).toBe(false);
    expect(jsonRecord(text(100_000)).safeParse({ fine: 'x'.repeat(2_000) }).success).toBe(true);
  });
});

describe('dates and instants', () => {
  it('bound the year, so no lookup window crosses year 10000', () => {
    for (const value of ['9999-12-31', '0001-01-01', '2200-01-01', '1999-12-31']) {
      expect(isoDate.safeParse(value).success, value).toBe(false);
    }
    for (const value of [
      '9999-12-31T23:59:59Z',
      '2199-12-31T23:00:00-05:00',
      '0001-01-01T00:00:00Z',
    ]) {
      expect(instantInput.safeParse(value).success, value).toBe(false);
    }
    expect(isoDate.safeParse('2027-03-15').success).toBe(true);
    expect(instantInput.safeParse('2027-03-15T09:00:00+01:00').success).toBe(true);
  });
});

describe('allowed embedding domains', () => {
  it('refuse a wildcard over a public suffix and a wildcard with a scheme', () => {
    for (const entry of [
      '*.com',
      '*.co.uk',
      '*.github.io',
      'https://*.salon.example',
      'http://*.salon.example:8080',
    ]) {
      expect(allowedDomain.safeParse(entry).success, entry).toBe(false);
    }
    for (const entry of [
      '*.salon.example',
      '*.salon.co.uk',
      'salon.example',
      'https://salon.example:8443',
      'com',
    ]) {
      expect(allowedDomain.safeParse(entry).success, entry).toBe(true);
    }
  });
});
