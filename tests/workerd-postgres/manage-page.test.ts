import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient } from '../support/api.ts';
import { upcomingDate } from '../support/dates.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/** The customer's manage page (`/manage/:tenant/:id?token=`) and the links that lead to it. */

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;

interface Slot {
  start_time: string;
  staff_id: string;
}
interface Booking {
  appointment: { id: string; staff_id: string; start_time: string; status: string };
  manage_token: string;
  manage_url: string;
  calendar_url: string;
  google_calendar_url: string;
  outlook_calendar_url: string;
}

beforeAll(async () => {
  stack = await startTestStack({ vars: { RATE_LIMITS: 'off' } });
  api = apiClient(stack.url);
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  await db.query(
    `UPDATE booking_tenants SET primary_color = '#0F766E', logo_url = 'https://cdn.example.com/demo-logo.png'
      WHERE subdomain = 'demo'`,
  );
});

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

async function slots(query: string): Promise<Slot[]> {
  const response = await api.get<{ days: Array<{ slots: Slot[] }> }>(`/demo/availability?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.days.flatMap((day) => day.slots);
}

let n = 0;
async function bookFirst(day: string, extra: Record<string, unknown> = {}): Promise<Booking> {
  const [slot] = await slots(`service_id=haircut&date=${day}`);
  n++;
  const response = await api.request<Booking>('POST', '/demo/appointments', {
    body: {
      service_id: 'haircut',
      staff_id: slot!.staff_id,
      start_time: slot!.start_time,
      customer: { name: `Page ${n}`, email: `page${n}@example.com` },
      ...extra,
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const page = async (url: string) => {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return response.text();
};
const statusOf = async (id: string) =>
  (await db.query<{ status: string }>('SELECT status FROM appointments WHERE id = $1', [id]))
    .rows[0]!.status;

function expectPrivate(response: Response) {
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
}

describe('manage page', () => {
  it('is never cached, framed or leaked by Referer — page, JSON view, .ics, and refusals', async () => {
    const booking = await bookFirst(upcomingDate('America/New_York', 8));
    const json = `${stack.url}/api/booking/v1/demo/appointments/${booking.appointment.id}`;
    for (const url of [
      booking.manage_url,
      `${json}?token=${booking.manage_token}`,
      booking.calendar_url,
      booking.manage_url.replace(/token=.*/, 'token=forged'),
      `${json}?token=forged`,
    ]) {
      const response = await fetch(url);
      expect([200, 401]).toContain(response.status);
      expectPrivate(response);
    }
    const html = await fetch(booking.manage_url);
    // The page runs no script at all.
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await html.text()).not.toContain('<script');
  });

  it('is what the booking links to, beside .ics, Google and Outlook links that work', async () => {
    const booking = await bookFirst(upcomingDate('America/New_York', 9));
    expect(new URL(booking.manage_url).pathname).toBe(`/manage/demo/${booking.appointment.id}`);
    const google = new URL(booking.google_calendar_url);
    expect(google.host).toBe('calendar.google.com');
    const start = booking.appointment.start_time.replace(/[-:]/g, '');
    expect(google.searchParams.get('dates')).toMatch(new RegExp(`^${start}/`));
    expect(google.searchParams.get('details')).toContain(booking.manage_url);
    const outlook = new URL(booking.outlook_calendar_url);
    expect(outlook.host).toBe('outlook.live.com');
    expect(outlook.searchParams.get('startdt')).toBe(booking.appointment.start_time);
    const ics = await fetch(booking.calendar_url);
    expect(ics.status).toBe(200);
    expect(await ics.text()).toContain('METHOD:PUBLISH');
    const text = await page(booking.manage_url);
    expect(text).toContain(`href="${booking.google_calendar_url.replaceAll('&', '&amp;')}"`);
    expect(text).toContain(`href="${booking.outlook_calendar_url.replaceAll('&', '&amp;')}"`);
    expect(text).toContain(`href="${booking.calendar_url}"`);
  });

  it('wears the business’s branding and says status and zone in words', async () => {
    const booking = await bookFirst(upcomingDate('America/New_York', 10), {
      locale: 'es',
      timezone: 'Europe/Madrid',
    });
    const text = await page(booking.manage_url);
    expect(text).toContain('--brand: #0F766E;');
    expect(text).toContain('<img src="https://cdn.example.com/demo-logo.png" alt="Demo Salon">');
    expect(text).toMatch(/data-testid="status">Confirmada</);
    expect(text).toContain('Horas en hora de Europa central (Madrid)');
    expect(text).toContain('En el negocio:');
    expect(text).toMatch(/hora oriental \(New York\)/);
    // One 24-hour clock in Spanish: never "9:00" beside "15:00".
    const body = text.slice(text.indexOf('<body')).replace(/href="[^"]*"/g, '');
    expect(body.match(/\D\d:\d\d/g), body).toBeNull();
  });

  it('asks before cancelling, then offers nothing to add to a calendar', async () => {
    const booking = await bookFirst(upcomingDate('America/New_York', 11));
    const first = await page(booking.manage_url);
    expect(first).toContain('<h2 id="move">Change time</h2>');
    expect(first).toContain('<h2 id="cancel">Cancel</h2>');
    // The page itself cannot cancel: its button leads to a confirmation step.
    expect(first).not.toContain('/cancel?token=');
    const step = await page(`${booking.manage_url}&step=cancel`);
    expect(step).toContain('Cancel your appointment?');
    expect(step).toContain('Keep my appointment');
    expect(await statusOf(booking.appointment.id)).toBe('confirmed');
    const action = /<form method="post" action="([^"]+)"/.exec(step)?.[1]?.replaceAll('&amp;', '&');
    expect(action).toBe(
      `/manage/demo/${booking.appointment.id}/cancel?token=${booking.manage_token}`,
    );
    const done = await fetch(`${stack.url}${action}`, {
      method: 'POST',
      body: new URLSearchParams({ reason: 'Travelling' }),
    });
    expect(done.status).toBe(200);
    const after = await done.text();
    expect(after).toContain('Your appointment is cancelled.');
    expect(after).toMatch(/data-testid="status">Cancelled</);
    expect(after).not.toMatch(/google-calendar|outlook-calendar|calendar\.ics/);
    expect(after).not.toContain('Change time');
    expect(await statusOf(booking.appointment.id)).toBe('cancelled');
  });

  it('asks before moving, and moves to another staff member when the service allows', async () => {
    const day = upcomingDate('America/New_York', 12);
    const booking = await bookFirst(day);
    const staff = await api.get<{ data: Array<{ id: string; name: string }> }>('/demo/staff');
    const other = staff.body.data.find((member) => member.id !== booking.appointment.staff_id)!;
    const list = await page(`${booking.manage_url}&date=${day}&staff=${other.id}`);
    expect(list).toContain(`<option value="${other.id}" selected>${other.name}</option>`);
    const theirs = await slots(`service_id=haircut&staff_id=${other.id}&date=${day}`);
    const offered = [...list.matchAll(/name="start_time" value="([^"]+)"/g)].map((m) => m[1]);
    expect(offered).toEqual(theirs.map((slot) => slot.start_time));
    const target = theirs[3]!.start_time;

    const confirm = await page(
      `${booking.manage_url}&date=${day}&staff=${other.id}&start_time=${encodeURIComponent(target)}`,
    );
    expect(confirm).toContain('Move your appointment?');
    expect(confirm).toContain(`name="staff_id" value="${other.id}"`);
    expect(await statusOf(booking.appointment.id)).toBe('confirmed');
    const action = /<form method="post" action="([^"]+)"/
      .exec(confirm)?.[1]
      ?.replaceAll('&amp;', '&');
    const hidden = Object.fromEntries(
      [...confirm.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    const moved = await fetch(`${stack.url}${action}`, {
      method: 'POST',
      body: new URLSearchParams(hidden),
    });
    expect(moved.status).toBe(200);
    expect(await moved.text()).toContain('Your appointment has been moved.');
    const row = await db.query<{ staff_id: string; start_time: Date }>(
      'SELECT staff_id, start_time FROM appointments WHERE id = $1',
      [booking.appointment.id],
    );
    expect(row.rows[0]?.staff_id).toBe(other.id);
    expect(row.rows[0]?.start_time.toISOString()).toBe(new Date(target).toISOString());
  });
});
