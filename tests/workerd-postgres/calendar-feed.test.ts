import ICAL from 'ical.js';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKey,
  createVia,
  seedAppointment,
  seedCustomer,
  serviceBody,
  type TenantRef,
} from '../support/admin.ts';
import { type ApiClient, apiClient, createTenant, expectProblem } from '../support/api.ts';
import { connectDb, encryptionKey } from '../support/db.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let secret: string;
let tenant: TenantRef;
let refs: { serviceId: string; staffId: string };

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  db = await connectDb(stack.databaseUrl);
  secret = await encryptionKey(stack.dataDir);
  tenant = await createTenant(api);
  refs = {
    serviceId: (await createVia(api, tenant, 'services', serviceBody({ name: 'Colour, cut; dry' })))
      .id,
    staffId: (await createVia(api, tenant, 'staff', { name: 'Ana' })).id,
  };
});

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

const feedPath = (staffId: string, suffix = '') =>
  `/tenants/${tenant.id}/staff/${staffId}/calendar-feed${suffix}`;
const DAY = 86_400_000;

async function feedUrl(staffId = refs.staffId): Promise<string> {
  const response = await api.get<{ url: string }>(feedPath(staffId), tenant.key);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.url;
}

async function appointmentAt(daysFromNow: number, fields: { name?: string; notes?: string } = {}) {
  const customer = await seedCustomer(
    db,
    secret,
    tenant.id,
    fields.name ? { name: fields.name } : {},
  );
  return seedAppointment(db, secret, tenant.id, refs, customer, {
    start: new Date(Date.now() + daysFromNow * DAY).toISOString(),
    ...(fields.notes ? { notes: fields.notes } : {}),
  });
}

function events(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((vevent) => ({
    uid: String(vevent.getFirstPropertyValue('uid')),
    status: String(vevent.getFirstPropertyValue('status')),
    summary: String(vevent.getFirstPropertyValue('summary')),
    description: String(vevent.getFirstPropertyValue('description')),
    start: (vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
  }));
}

describe('staff calendar feed', () => {
  it('serves the staff member’s appointments from 30 days back as text/calendar, with stable UIDs', async () => {
    const old = await appointmentAt(-40);
    const recent = await appointmentAt(-20);
    const coming = await appointmentAt(5, {
      name: 'Ann O’Neil, "VIP"; second visit',
      notes: 'Line one\nLine two, with a comma; and a semicolon \\ backslash',
    });
    const cancelled = await appointmentAt(6);
    await db.query(
      "UPDATE appointments SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'customer' WHERE id = $1",
      [cancelled],
    );
    const url = await feedUrl();
    expect(url).toMatch(
      /^http:\/\/.+\/api\/booking\/v1\/feeds\/[0-9a-f-]{36}\/[A-Za-z0-9_-]+\.ics$/,
    );
    expect(await feedUrl(), 'the same URL on every ask').toBe(url);

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await response.text();
    const list = events(text);
    const byUid = new Map(list.map((event) => [event.uid, event]));
    expect(byUid.has(`${old}@booksprintz`), 'older than 30 days is left out').toBe(false);
    expect(byUid.get(`${recent}@booksprintz`)?.status).toBe('CONFIRMED');
    const upcoming = byUid.get(`${coming}@booksprintz`);
    expect(upcoming?.summary).toBe('Colour, cut; dry: Ann O’Neil, "VIP"; second visit');
    expect(upcoming?.description).toContain(
      'Line one\nLine two, with a comma; and a semicolon \\ backslash',
    );
    expect(byUid.get(`${cancelled}@booksprintz`)?.status).toBe('CANCELLED');
    // Escaped on the wire, not only by the parser's good will.
    expect(text).toContain('Colour\\, cut\\; dry');

    const again = events(await (await fetch(url)).text());
    expect(again.map((event) => event.uid).sort()).toEqual(list.map((event) => event.uid).sort());
  });

  it('rotating gives a new URL and the old one answers 404 from then on', async () => {
    const before = await feedUrl();
    const rotated = await api.post<{ url: string }>(
      feedPath(refs.staffId, '/rotate'),
      {},
      tenant.key,
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.url).not.toBe(before);
    expect((await fetch(before)).status).toBe(404);
    expect((await fetch(rotated.body.url)).status).toBe(200);
    expect(await feedUrl(), 'GET now shows the rotated URL').toBe(rotated.body.url);
  });

  it('a wrong or malformed secret is a 404 problem, and the secret is not stored in the clear', async () => {
    const url = await feedUrl();
    const [, id, file] = /\/feeds\/([^/]+)\/([^/]+)\.ics$/.exec(url) ?? [];
    const wrong = `${file!.slice(0, -1)}${file!.endsWith('A') ? 'B' : 'A'}`;
    const base = url.slice(0, url.indexOf('/feeds/'));
    for (const path of [
      `/feeds/${id}/${wrong}.ics`,
      `/feeds/${id}/x.ics`,
      `/feeds/not-a-uuid/${file}.ics`,
    ]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    const stored = await db.query(
      'SELECT feed_token, feed_token_encrypted FROM booking_calendar_connections WHERE id = $1',
      [id],
    );
    expect(stored.rows[0].feed_token).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored.rows[0])).not.toContain(file);
  });

  it('only the tenant’s keys reach the feed URL; a staff key only its own member’s', async () => {
    const other = await createTenant(api);
    expectProblem(await api.get(feedPath(refs.staffId), other.key), 404, 'not_found');
    const colleague = (await createVia(api, tenant, 'staff', { name: 'Bea' })).id;
    const staffKey = await createKey(api, tenant, { role: 'staff', staff_id: colleague });
    expectProblem(await api.get(feedPath(refs.staffId), staffKey.key), 403, 'forbidden');
    expect((await api.get(feedPath(colleague), staffKey.key)).status).toBe(200);
    expectProblem(
      await api.get(feedPath('00000000-0000-4000-8000-000000000000'), tenant.key),
      404,
      'not_found',
    );
  });
});
