/**
 * Owner accounts (API.md "Owner accounts"): cookie sessions that authorize the admin API
 * like a key of the member's role, the CSRF defence, the throttled login, and the
 * e-mailed links (reset, verification, invitation) read back from the outbox.
 */
import { DEMO_OWNER } from '@booksprintz/dev-stack';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceBody } from '../support/admin.ts';
import {
  type ApiClient,
  apiClient,
  createTenant,
  expectProblem,
  PLATFORM_KEY,
} from '../support/api.ts';
import { upcomingDate } from '../support/dates.ts';
import { connectDb } from '../support/db.ts';
import { type Account, browserClient, sessionCookie, signupBody } from '../support/session.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
/** Where signupBody's businesses are. */
const ZONE = 'America/Chicago';

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  db = await connectDb(stack.databaseUrl);
});

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
});

interface SignedUp extends Account {
  tenant: { id: string; subdomain: string; mode: string; plan_tier: string; timezone: string };
  api_key: string;
}

async function signUp(overrides: Record<string, unknown> = {}) {
  const browser = browserClient(stack.url);
  const body = signupBody(overrides);
  const response = await browser.request<SignedUp>('POST', '/signup', { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { browser, body, account: response.body, tenantId: response.body.tenant.id };
}

/** The newest account e-mail to `email`, and the one-time token in its link. */
async function latestMail(email: string) {
  const { rows } = await db.query<{ subject: string; message: string }>(
    `SELECT subject, message FROM booking_notifications
      WHERE type = 'account' AND recipient_email = $1 ORDER BY created_at DESC, id LIMIT 1`,
    [email],
  );
  const mail = rows[0];
  const match = mail?.message.match(/(https?:\/\/\S+)\?token=([\w%-]+)/);
  return { mail, url: match?.[1], token: match ? decodeURIComponent(match[2] ?? '') : undefined };
}

describe('signup', () => {
  it('signs the owner in and leaves a business that can take bookings on weekdays', async () => {
    const { browser, body, account, tenantId } = await signUp();
    expect(account.tenant).toMatchObject({
      mode: 'standalone',
      plan_tier: 'free',
      timezone: 'America/Chicago',
    });
    expect(account.api_key).toMatch(/^bsk_/);
    expect(account.user).toMatchObject({
      email: body.email,
      name: 'Olivia Owner',
      email_verified: false,
    });
    expect(account.tenants).toEqual([expect.objectContaining({ id: tenantId, role: 'owner' })]);
    expect(browser.cookie).toBeDefined();

    const me = await browser.get<Account>('/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(body.email);

    const staff = await browser.get<{ data: Array<{ id: string; name: string }> }>(
      `/tenants/${tenantId}/staff`,
    );
    expect(staff.body.data).toEqual([expect.objectContaining({ name: 'Olivia Owner' })]);
    expect(account.tenants[0]?.staff_id).toBe(staff.body.data[0]?.id);
    const rules = await browser.get<{ data: Array<Record<string, unknown>> }>(
      `/tenants/${tenantId}/availability-rules`,
    );
    expect(
      rules.body.data.map((rule) => [rule.day_of_week, rule.start_time, rule.end_time]).sort(),
    ).toEqual([1, 2, 3, 4, 5].map((day) => [day, '09:00', '17:00']));

    // One service later, the public page offers Monday from 09:00 in the business's zone,
    // and nothing on Saturday.
    const service = await browser.post<{ id: string }>(
      `/tenants/${tenantId}/services`,
      serviceBody({ duration_minutes: 60, price_cents: 0 }),
    );
    expect(service.status, JSON.stringify(service.body)).toBe(201);
    const daySlots = async (date: string) => {
      const response = await api.get<{ days: Array<{ slots: Array<{ start_time: string }> }> }>(
        `/${body.subdomain}/availability?service_id=${service.body.id}&date=${date}`,
      );
      expect(response.status).toBe(200);
      return response.body.days[0]?.slots.map((slot) => slot.start_time) ?? [];
    };
    const monday = await daySlots(upcomingDate(ZONE, 2, [1]));
    const chicagoTime = (instant: string) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: ZONE,
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(instant));
    expect(monday.map(chicagoTime)).toEqual([
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ]);
    expect(await daySlots(upcomingDate(ZONE, 2, [6]))).toEqual([]);
  });

  it('sets an HttpOnly, SameSite=Lax cookie and sends a verification link that works once', async () => {
    const browser = browserClient(stack.url);
    const body = signupBody();
    const response = await browser.request('POST', '/signup', { body });
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('bs_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);

    const { mail, url, token } = await latestMail(body.email);
    expect(mail?.subject).toContain(body.business_name);
    expect(url).toBe(`${stack.url}/app/verify-email`);
    expect((await api.post('/auth/verify-email', { token })).status).toBe(204);
    expect((await browser.get<Account>('/auth/me')).body.user.email_verified).toBe(true);
    expectProblem(await api.post('/auth/verify-email', { token }), 400, 'validation_failed');
  });

  it('asks for a verified address before payment settings change (keys are not asked)', async () => {
    const { browser, body, account, tenantId } = await signUp();
    const change = { cancellation_window_hours: 12 };
    expectProblem(
      await browser.put(`/tenants/${tenantId}/payment-settings`, change),
      403,
      'forbidden',
    );
    const { token } = await latestMail(body.email);
    expect((await api.post('/auth/verify-email', { token })).status).toBe(204);
    const after = await browser.put(`/tenants/${tenantId}/payment-settings`, change);
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    const byKey = await api.put(
      `/tenants/${tenantId}/payment-settings`,
      { cancellation_window_hours: 6 },
      account.api_key,
    );
    expect(byKey.status).toBe(200);
  });

  it('refuses an address that has an account unless its password is given', async () => {
    const { body } = await signUp();
    expectProblem(
      await api.post('/signup', signupBody({ email: body.email, password: 'another password!' })),
      409,
      'conflict',
    );
    const second = await signUp({ email: body.email, password: body.password });
    expect(second.account.tenants).toHaveLength(2);
  });
});

describe('login', () => {
  it('lets the seeded demo owner in (the login pnpm dev prints)', async () => {
    const owner = browserClient(stack.url);
    const account = await owner.login(DEMO_OWNER.email, DEMO_OWNER.password);
    expect(account.tenants).toEqual([
      expect.objectContaining({ business_name: 'Demo Salon', role: 'owner' }),
    ]);
    const staff = await owner.get<{ data: unknown[] }>(`/tenants/${account.tenants[0]?.id}/staff`);
    expect(staff.body.data).toHaveLength(2);
  });

  it('refuses a wrong password with 401 and no cookie, and accepts the right one', async () => {
    const { body } = await signUp();
    const wrong = await api.post('/auth/login', {
      email: body.email,
      password: 'not the password',
    });
    expectProblem(wrong, 401, 'unauthorized');
    expect(sessionCookie(wrong)).toBeUndefined();
    const right = await api.post<Account>('/auth/login', {
      email: body.email.toUpperCase(),
      password: body.password,
    });
    expect(right.status).toBe(200);
    expect(sessionCookie(right)).toBeDefined();
    expect(right.body.tenants).toHaveLength(1);
  });

  it('answers an unknown e-mail exactly as a wrong password', async () => {
    const { body } = await signUp();
    const wrong = await api.post('/auth/login', {
      email: body.email,
      password: 'not the password',
    });
    const unknown = await api.post('/auth/login', {
      email: `nobody-${Date.now()}@example.com`,
      password: 'not the password',
    });
    const shape = (response: typeof wrong) => {
      const {
        request_id: _id,
        instance: _instance,
        ...rest
      } = response.body as Record<string, unknown>;
      return { status: response.status, body: rest };
    };
    expect(shape(unknown)).toEqual(shape(wrong));
  });

  it('is refused for an address after five failures, even with the right password', async () => {
    const { body } = await signUp();
    for (let attempt = 0; attempt < 5; attempt++) {
      expectProblem(
        await api.post('/auth/login', { email: body.email, password: `guess ${attempt}` }),
        401,
        'unauthorized',
      );
    }
    const limited = await api.post('/auth/login', { email: body.email, password: body.password });
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    // The window is counted from the database: once the failures are old, sign-in works.
    await db.query(
      `UPDATE booking_login_failures SET created_at = created_at - interval '16 minutes' WHERE email = $1`,
      [body.email],
    );
    expect(
      (await api.post('/auth/login', { email: body.email, password: body.password })).status,
    ).toBe(200);
  });
});

describe('sessions on the admin API', () => {
  it('a session of tenant A gets 404 on tenant B, like a key would', async () => {
    const a = await signUp();
    const b = await signUp();
    for (const path of ['', '/staff', '/appointments', '/plan']) {
      expectProblem(await a.browser.get(`/tenants/${b.tenantId}${path}`), 404, 'not_found');
    }
    expectProblem(
      await a.browser.post(`/tenants/${b.tenantId}/services`, serviceBody()),
      404,
      'not_found',
    );
    expect((await a.browser.get(`/tenants/${a.tenantId}`)).status).toBe(200);
  });

  it('refuses a cookie write without the CSRF token, or from another site', async () => {
    const { browser, tenantId } = await signUp();
    const service = serviceBody();
    const path = `/tenants/${tenantId}/services`;
    expectProblem(
      await browser.request('POST', path, { body: service, csrf: false }),
      403,
      'forbidden',
    );
    expectProblem(
      await browser.request('POST', path, {
        body: service,
        csrf: false,
        origin: 'https://evil.example',
      }),
      403,
      'forbidden',
    );
    // Even with the token, a request the browser labels cross-site is refused.
    expectProblem(
      await browser.request('POST', path, { body: service, origin: 'https://evil.example' }),
      403,
      'forbidden',
    );
    expectProblem(
      await browser.request('POST', path, {
        body: service,
        origin: null,
        headers: { 'sec-fetch-site': 'cross-site' },
      }),
      403,
      'forbidden',
    );
    expectProblem(
      await browser.request('POST', path, {
        body: service,
        headers: { 'x-csrf-token': 'forged' },
        csrf: false,
      }),
      403,
      'forbidden',
    );
    const list = await browser.get<{ data: unknown[] }>(path);
    expect(list.body.data).toHaveLength(0);
    expect((await browser.request('POST', path, { body: service })).status).toBe(201);
    // A bearer key is not a cookie: no CSRF token needed.
    const { id, key } = await createTenant(api);
    expect((await api.post(`/tenants/${id}/services`, service, key)).status).toBe(201);
  });

  it('logout ends the session: the same cookie is refused afterwards', async () => {
    const { browser, tenantId } = await signUp();
    const cookie = browser.cookie;
    expectProblem(await browser.request('POST', '/auth/logout', { csrf: false }), 403, 'forbidden');
    const out = await browser.post('/auth/logout');
    expect(out.status).toBe(204);
    const replay = browserClient(stack.url);
    replay.cookie = cookie;
    expectProblem(await replay.get('/auth/me'), 401, 'unauthorized');
    expectProblem(await replay.get(`/tenants/${tenantId}/staff`), 401, 'unauthorized');
  });
});

describe('team invitations and staff sessions', () => {
  it('an invited staff member sees and changes only their own hours and appointments', async () => {
    const owner = await signUp();
    const t = owner.tenantId;
    expect((await owner.browser.put(`/tenants/${t}/plan`, { tier: 'professional' })).status).toBe(
      200,
    );
    const ownerStaffId = owner.account.tenants[0]?.staff_id as string;
    const member = await owner.browser.post<{ id: string }>(`/tenants/${t}/staff`, {
      name: 'Sam Staff',
    });
    expect(member.status, JSON.stringify(member.body)).toBe(201);

    const email = `sam-${Date.now()}@example.com`;
    const invited = await owner.browser.post(`/tenants/${t}/invitations`, {
      email,
      role: 'staff',
      staff_id: member.body.id,
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(
      (await owner.browser.get<{ data: unknown[] }>(`/tenants/${t}/invitations`)).body.data,
    ).toHaveLength(1);
    const { url, token, mail } = await latestMail(email);
    expect(url).toBe(`${stack.url}/app/accept-invitation`);
    expect(mail?.subject).toContain(owner.body.business_name);

    const sam = browserClient(stack.url);
    const accepted = await sam.request<Account>('POST', '/auth/accept-invitation', {
      body: { token, password: 'sams own password', name: 'Sam' },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.tenants).toEqual([
      expect.objectContaining({ id: t, role: 'staff', staff_id: member.body.id }),
    ]);
    expectProblem(
      await api.post('/auth/accept-invitation', {
        token,
        password: 'sams own password',
        name: 'Sam',
      }),
      400,
      'validation_failed',
    );

    // Hours: own rules only, and no rule for the owner's calendar.
    const rules = await sam.get<{ data: Array<{ staff_id: string }> }>(
      `/tenants/${t}/availability-rules`,
    );
    expect(rules.status).toBe(200);
    expect(rules.body.data.every((rule) => rule.staff_id === member.body.id)).toBe(true);
    const hours = {
      rule_type: 'recurring',
      day_of_week: 2,
      start_time: '10:00',
      end_time: '12:00',
    };
    expectProblem(
      await sam.post(`/tenants/${t}/availability-rules`, { ...hours, staff_id: ownerStaffId }),
      403,
      'forbidden',
    );
    expect(
      (await sam.post(`/tenants/${t}/availability-rules`, { ...hours, staff_id: member.body.id }))
        .status,
    ).toBe(201);
    const ownerRule = (
      await owner.browser.get<{ data: Array<{ id: string; staff_id: string }> }>(
        `/tenants/${t}/availability-rules`,
      )
    ).body.data.find((rule) => rule.staff_id === ownerStaffId);
    expect(ownerRule).toBeDefined();
    expect(
      (await sam.put(`/tenants/${t}/availability-rules/${ownerRule?.id}`, { start_time: '08:00' }))
        .status,
    ).toBe(404);

    // Appointments: the owner's appointment is not there for Sam.
    const service = await owner.browser.post<{ id: string }>(
      `/tenants/${t}/services`,
      serviceBody({ duration_minutes: 60, price_cents: 0 }),
    );
    const firstSlot = async () => {
      const date = upcomingDate(ZONE, 2, [2]);
      const response = await api.get<{ days: Array<{ slots: Array<{ start_time: string }> }> }>(
        `/${owner.body.subdomain}/availability?service_id=${service.body.id}&staff_id=${ownerStaffId}&date=${date}`,
      );
      return response.body.days[0]?.slots[0]?.start_time;
    };
    const booked = await owner.browser.post<{ appointment: { id: string } }>(
      `/tenants/${t}/appointments`,
      {
        service_id: service.body.id,
        staff_id: ownerStaffId,
        start_time: await firstSlot(),
        customer: { name: 'Chris Customer', email: 'chris@example.com' },
      },
    );
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const appointmentId = booked.body.appointment.id;
    expectProblem(await sam.get(`/tenants/${t}/appointments/${appointmentId}`), 404, 'not_found');
    expectProblem(
      await sam.put(`/tenants/${t}/appointments/${appointmentId}`, { status: 'cancelled' }),
      404,
      'not_found',
    );
    const list = await sam.get<{ data: unknown[] }>(`/tenants/${t}/appointments`);
    expect(list.body.data).toHaveLength(0);
    // Staff cannot invite, nor see the team's invitations.
    expectProblem(
      await sam.post(`/tenants/${t}/invitations`, { email: 'x@example.com', role: 'admin' }),
      403,
      'forbidden',
    );
  });

  it('only an owner invites owners; revoked invitations stop working', async () => {
    const owner = await signUp();
    const t = owner.tenantId;
    const email = `ada-${Date.now()}@example.com`;
    expect(
      (await owner.browser.post(`/tenants/${t}/invitations`, { email, role: 'admin' })).status,
    ).toBe(201);
    const { token } = await latestMail(email);
    const admin = browserClient(stack.url);
    await admin.request('POST', '/auth/accept-invitation', {
      body: { token, password: 'admins password', name: 'Ada' },
    });
    expectProblem(
      await admin.post(`/tenants/${t}/invitations`, { email: 'boss@example.com', role: 'owner' }),
      403,
      'forbidden',
    );
    const revoked = await admin.post<{ id: string }>(`/tenants/${t}/invitations`, {
      email: 'later@example.com',
      role: 'admin',
    });
    const { token: laterToken } = await latestMail('later@example.com');
    expect((await admin.delete(`/tenants/${t}/invitations/${revoked.body.id}`)).status).toBe(204);
    expectProblem(
      await api.post('/auth/accept-invitation', {
        token: laterToken,
        password: 'whatever pass',
        name: 'L',
      }),
      400,
      'validation_failed',
    );
  });
});

describe('password reset', () => {
  it('works end to end through the outbox and signs out every old session', async () => {
    const { browser, body } = await signUp();
    const oldCookie = browser.cookie;
    expect((await api.post('/auth/password-reset', { email: body.email })).status).toBe(202);
    const { url, token, mail } = await latestMail(body.email);
    expect(mail?.subject).toMatch(/reset/i);
    expect(url).toBe(`${stack.url}/app/reset-password`);

    expectProblem(
      await api.post('/auth/password-reset/confirm', {
        token: 'x'.repeat(43),
        password: 'a new password',
      }),
      400,
      'validation_failed',
    );
    expect(
      (await api.post('/auth/password-reset/confirm', { token, password: 'a new password' }))
        .status,
    ).toBe(204);
    expectProblem(
      await api.post('/auth/password-reset/confirm', { token, password: 'yet another one' }),
      400,
      'validation_failed',
    );

    const stale = browserClient(stack.url);
    stale.cookie = oldCookie;
    expectProblem(await stale.get('/auth/me'), 401, 'unauthorized');
    expectProblem(
      await api.post('/auth/login', { email: body.email, password: body.password }),
      401,
      'unauthorized',
    );
    expect(
      (await api.post('/auth/login', { email: body.email, password: 'a new password' })).status,
    ).toBe(200);
  });

  it('answers 202 for an unknown address and sends nothing', async () => {
    const email = `ghost-${Date.now()}@example.com`;
    expect((await api.post('/auth/password-reset', { email })).status).toBe(202);
    expect((await latestMail(email)).mail).toBeUndefined();
  });
});

describe('platform login links', () => {
  async function loginLink(tenantId: string, email: string) {
    const response = await api.post<{ url: string; expires_at: string }>(
      '/platform/login-links',
      { tenant_id: tenantId, email },
      PLATFORM_KEY,
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  it('signs the owner into /app once, within five minutes', async () => {
    const { id } = await createTenant(api);
    const email = `site-owner-${Date.now()}@example.com`;
    const before = Date.now();
    const link = await loginLink(id, email);
    expect(Date.parse(link.expires_at) - before).toBeLessThanOrEqual(5 * 60_000 + 1000);
    expect(link.url.startsWith(`${stack.url}/`)).toBe(true);

    const first = await fetch(link.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(new URL(first.headers.get('location') ?? '', stack.url).pathname).toBe('/app');
    const cookie = sessionCookie(first);
    expect(cookie).toBeDefined();
    const owner = browserClient(stack.url);
    owner.cookie = cookie;
    const me = await owner.get<Account>('/auth/me');
    expect(me.body.tenants).toEqual([expect.objectContaining({ id, role: 'owner' })]);
    expect((await owner.get(`/tenants/${id}/staff`)).status).toBe(200);

    const again = await fetch(link.url, { redirect: 'manual' });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toContain('/app/login');
    expect(sessionCookie(again)).toBeUndefined();
  });

  it('does not work once expired', async () => {
    const { id } = await createTenant(api);
    const email = `late-${Date.now()}@example.com`;
    const link = await loginLink(id, email);
    await db.query(
      `UPDATE booking_account_tokens SET expires_at = now() - interval '1 second'
        WHERE kind = 'login_link' AND email = $1`,
      [email],
    );
    const response = await fetch(link.url, { redirect: 'manual' });
    expect(response.headers.get('location')).toContain('/app/login');
    expect(sessionCookie(response)).toBeUndefined();
  });

  it('needs the platform key and a real tenant', async () => {
    expectProblem(
      await api.post('/platform/login-links', {
        tenant_id: crypto.randomUUID(),
        email: 'a@example.com',
      }),
      401,
      'unauthorized',
    );
    expectProblem(
      await api.post(
        '/platform/login-links',
        { tenant_id: crypto.randomUUID(), email: 'a@example.com' },
        PLATFORM_KEY,
      ),
      404,
      'not_found',
    );
  });
});

describe('plan', () => {
  it('shows tier, limits and usage; a standalone owner switches freely without billing', async () => {
    const { browser, account, tenantId } = await signUp();
    const plan = await browser.get(`/tenants/${tenantId}/plan`);
    expect(plan.body).toEqual({
      tier: 'free',
      limits: { max_staff: 1, max_services: 3, max_locations: 1 },
      usage: { staff: 1, services: 0, locations: 0 },
      managed_by: 'owner',
      change_via: 'direct',
      subscription_status: null,
    });
    // No platform Stripe keys: nothing to check out or manage, no billing webhook.
    const key = account.api_key;
    expectProblem(
      await api.post(`/tenants/${tenantId}/plan/checkout`, { tier: 'starter' }, key),
      409,
      'conflict',
    );
    expectProblem(await api.post(`/tenants/${tenantId}/plan/portal`, {}, key), 409, 'conflict');
    expectProblem(await api.post('/webhooks/stripe-billing', {}), 404, 'not_found');
    expectProblem(
      await browser.post(`/tenants/${tenantId}/staff`, { name: 'Second' }),
      403,
      'forbidden',
    );
    const starter = await browser.put(`/tenants/${tenantId}/plan`, { tier: 'starter' });
    expect(starter.body).toMatchObject({ tier: 'starter', limits: { max_staff: 2 } });
    expect((await browser.post(`/tenants/${tenantId}/staff`, { name: 'Second' })).status).toBe(201);
    // Back to free would leave two staff on a one-staff plan.
    expectProblem(
      await browser.put(`/tenants/${tenantId}/plan`, { tier: 'free' }),
      409,
      'conflict',
    );
  });

  it('leaves integrated plans to the platform', async () => {
    const { id, key } = await createTenant(api, { plan_tier: 'free' });
    expect((await api.get(`/tenants/${id}/plan`, key)).body).toMatchObject({
      managed_by: 'platform',
      change_via: 'platform',
    });
    expectProblem(await api.put(`/tenants/${id}/plan`, { tier: 'starter' }, key), 403, 'forbidden');
    const changed = await api.put(
      `/platform/tenants/${id}/plan`,
      { tier: 'starter' },
      PLATFORM_KEY,
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ tier: 'starter' });
  });
});
