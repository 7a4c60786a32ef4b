import ICAL from 'ical.js';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient } from '../support/api.ts';
import { connectDb, encryptionKey } from '../support/db.ts';
import {
  type FakeServer,
  type ResendEmail,
  resendEmails,
  startFakeEmailProvider,
  startFakeTwilio,
  twilioMessages,
} from '../support/fake-providers.ts';
import {
  type Business,
  createBusiness,
  deliver,
  insertAppointment,
  moveAppointment,
  outboxOf,
  recordEvent,
  setStatus,
} from '../support/outbox.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;
let db: pg.Client;
let secret: string;
let email: FakeServer;
let twilio: FakeServer;
let business: Business;

const TIMEOUT_MS = 1500;
/**
 * The clock of the booking messages' events: before every appointment here, so the
 * reminders they plan do not depend on the day the suite runs.
 */
const CLOCK = '2027-01-04T12:00:00Z';

beforeAll(async () => {
  email = await startFakeEmailProvider();
  twilio = await startFakeTwilio();
  stack = await startTestStack({
    vars: {
      EMAIL_PROVIDER: 'resend',
      EMAIL_API_BASE: email.url,
      EMAIL_API_KEY: 're_test_key',
      EMAIL_FROM: 'BookSprintz <notifications@booksprintz.example>',
      SMS_PROVIDER: 'twilio',
      TWILIO_API_BASE: twilio.url,
      TWILIO_ACCOUNT_SID: 'AC0123456789',
      TWILIO_AUTH_TOKEN: 'twilio-token',
      TWILIO_FROM: '+15550001111',
      OUTBOUND_TIMEOUT_MS: String(TIMEOUT_MS),
      PUBLIC_BASE_URL: 'https://book.example.com',
    },
  });
  api = apiClient(stack.url);
  db = await connectDb(stack.databaseUrl);
  secret = await encryptionKey(stack.dataDir);
  business = await createBusiness(
    api,
    { email: 'owner@salon.example', business_name: 'Salon Lumière' },
    { email: 'alex@salon.example' },
  );
});

afterAll(async () => {
  await db?.end();
  await stack?.destroy();
  await email?.close();
  await twilio?.close();
});

const to = (address: string) => resendEmails(email).filter((mail) => mail.to[0] === address);
const icsOf = (mail: ResendEmail) => {
  const attachment = mail.attachments.find((file) => file.filename.endsWith('.ics'));
  return attachment ? Buffer.from(attachment.content, 'base64').toString('utf8') : null;
};

describe('booking messages', () => {
  it('confirms to the customer by email and SMS, and to the business and the staff member', async () => {
    const customer = 'maria@example.com';
    const id = await insertAppointment(db, secret, business, {
      start: '2027-03-15T13:00:00Z',
      email: customer,
      name: 'María',
      timezone: 'America/Chicago',
      smsOptIn: true,
      notes: 'Please use the side door',
    });
    await recordEvent(api, business, id, 'appointment.created', { now: CLOCK });
    const rows = await outboxOf(db, id);
    expect(
      rows.map((row) => `${row.type}/${row.channel}/${row.recipient_email ?? 'phone'}`),
    ).toEqual(
      expect.arrayContaining([
        `confirmation/email/${customer}`,
        'confirmation/email/owner@salon.example',
        'confirmation/email/alex@salon.example',
        'confirmation/sms/phone',
        `reminder/email/${customer}`,
        'reminder/sms/phone',
      ]),
    );
    expect(rows).toHaveLength(8);
    // The phone is stored sealed, never in clear.
    expect(JSON.stringify(rows)).not.toContain('5555550123');

    await deliver(api, CLOCK);
    const [mail] = to(customer);
    expect(mail?.subject).toContain('Confirmed:');
    expect(mail?.from).toBe('"Salon Lumière" <notifications@booksprintz.example>');
    expect(mail?.reply_to).toBe('owner@salon.example');
    // The business's time, and the customer's because Chicago reads differently.
    expect(mail?.text).toContain(
      'When: Monday, March 15, 2027 at 9:00 AM, Eastern Time (New York)',
    );
    expect(mail?.text).toContain(
      'Your time: Monday, March 15, 2027 at 8:00 AM, Central Time (Chicago)',
    );
    // The manage PAGE, not the JSON route, and the three add-to-calendar links.
    const manage = new RegExp(
      `https://book\\.example\\.com/manage/${business.tenant.slug}/${id}\\?token=[\\w-]{43}`,
    );
    expect(mail?.text).toMatch(manage);
    expect(mail?.text).toMatch(
      /Google Calendar: https:\/\/calendar\.google\.com\/calendar\/render\?/,
    );
    expect(mail?.text).toMatch(/Outlook: https:\/\/outlook\.live\.com\/calendar\//);
    expect(mail?.text).toMatch(
      /\(\.ics\): https:\/\/book\.example\.com\/api\/booking\/v1\/.+\/calendar\.ics\?token=/,
    );
    const hrefs = [...(mail?.html ?? '').matchAll(/href="([^"]+)"/g)].map((m) =>
      (m[1] as string).replaceAll('&amp;', '&'),
    );
    expect(hrefs.some((href) => manage.test(href))).toBe(true);
    // Our links answer 200 in the stack (the base URL stands for the stack's origin).
    const ours = hrefs.filter((href) => href.startsWith('https://book.example.com/'));
    expect(ours).toHaveLength(2);
    for (const href of ours) {
      const response = await fetch(href.replace('https://book.example.com', stack.url));
      expect(response.status, href).toBe(200);
    }
    expect(icsOf(mail as ResendEmail)).toContain('METHOD:REQUEST');
    const request = email.requests.find((r) => r.body.includes(customer));
    expect(request?.headers.authorization).toBe('Bearer re_test_key');
    expect(request?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);

    const owner = to('owner@salon.example').find((m) => m.text.includes('María'));
    expect(owner?.subject).toBe(`New booking: María, ${business.serviceName}`);
    expect(owner?.attachments).toEqual([]);
    // The business sees how to reach the customer, and what they wrote.
    expect(owner?.text).toContain('Phone: +15555550123');
    expect(owner?.html).toContain('+15555550123');
    expect(owner?.text).toContain('Notes: Please use the side door');
    expect(to('alex@salon.example').some((m) => m.text.includes(customer))).toBe(true);

    const sms = twilioMessages(twilio).filter((message) => message.Body?.includes('Salon Lumière'));
    expect(sms).toContainEqual({
      To: '+15555550123',
      From: '+15550001111',
      Body: expect.stringContaining('is confirmed'),
    });
    const auth = twilio.requests[0]?.headers.authorization;
    expect(auth).toBe(`Basic ${Buffer.from('AC0123456789:twilio-token').toString('base64')}`);
    const after = await outboxOf(db, id);
    expect(after.filter((row) => row.type === 'confirmation').map((row) => row.status)).toEqual([
      'sent',
      'sent',
      'sent',
      'sent',
    ]);
  });

  it('keeps one UID across create → reschedule → cancel, in invitations ical.js parses', async () => {
    const customer = 'ics@example.com';
    const id = await insertAppointment(db, secret, business, {
      start: '2027-04-05T14:00:00Z',
      email: customer,
    });
    await recordEvent(api, business, id, 'appointment.created', { now: CLOCK });
    await deliver(api, CLOCK);
    await moveAppointment(db, id, '2027-04-06T15:30:00Z');
    await recordEvent(api, business, id, 'appointment.rescheduled', {
      now: CLOCK,
      previous_start_time: '2027-04-05T14:00:00Z',
    });
    await deliver(api, CLOCK);
    await setStatus(db, id, 'cancelled');
    await recordEvent(api, business, id, 'appointment.cancelled', { now: CLOCK });
    await deliver(api, CLOCK);

    const mails = to(customer);
    expect(mails.map((mail) => mail.subject.split(':')[0])).toEqual([
      'Confirmed',
      'Rescheduled',
      'Cancelled',
    ]);
    expect(mails[1]?.text).toContain(
      'Previously: Monday, April 5, 2027 at 10:00 AM, Eastern Time (New York)',
    );
    const invites = mails.map((mail) => {
      const calendar = new ICAL.Component(ICAL.parse(icsOf(mail) as string) as unknown[]);
      const event = calendar.getFirstSubcomponent('vevent');
      if (!event) throw new Error('no VEVENT');
      return {
        method: calendar.getFirstPropertyValue('method'),
        uid: event.getFirstPropertyValue('uid'),
        sequence: Number(event.getFirstPropertyValue('sequence')),
        start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
        status: event.getFirstPropertyValue('status'),
      };
    });
    expect(invites.map((invite) => invite.method)).toEqual(['REQUEST', 'REQUEST', 'CANCEL']);
    expect(new Set(invites.map((invite) => invite.uid))).toEqual(new Set([`${id}@booksprintz`]));
    const sequences = invites.map((invite) => invite.sequence);
    expect(sequences[1]).toBeGreaterThan(sequences[0] as number);
    expect(sequences[2]).toBeGreaterThan(sequences[1] as number);
    expect(invites[0]?.start).toBe('2027-04-05T14:00:00.000Z');
    expect(invites[1]?.start).toBe('2027-04-06T15:30:00.000Z');
    expect(invites[2]?.status).toBe('CANCELLED');
    // The manage page's download says what the e-mail said: one SEQUENCE everywhere.
    const token = /manage\/[^/]+\/[^?]+\?token=([\w-]{43})/.exec(mails[2]?.text ?? '')?.[1];
    expect(token).toBeTruthy();
    const download = await fetch(
      `${stack.url}/api/booking/v1/${business.tenant.slug}/appointments/${id}/calendar.ics?token=${token}`,
    );
    expect(download.status).toBe(200);
    const downloaded = new ICAL.Component(ICAL.parse(await download.text()) as unknown[]);
    const event = downloaded.getFirstSubcomponent('vevent');
    expect(Number(event?.getFirstPropertyValue('sequence'))).toBe(invites[2]?.sequence);
    expect(event?.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event?.getFirstPropertyValue('uid')).toBe(`${id}@booksprintz`);
  });

  it('writes in the customer’s locale, with both zones when they differ', async () => {
    const es = await insertAppointment(db, secret, business, {
      start: '2027-05-10T14:00:00Z',
      email: 'lucia@example.es',
      name: 'Lucía',
      locale: 'es',
      timezone: 'Europe/Madrid',
    });
    const fr = await insertAppointment(db, secret, business, {
      start: '2027-05-11T14:00:00Z',
      email: 'chloe@example.fr',
      name: 'Chloé',
      locale: 'fr',
      timezone: 'America/New_York',
    });
    await recordEvent(api, business, es, 'appointment.created', { now: CLOCK });
    await recordEvent(api, business, fr, 'appointment.created', { now: CLOCK });
    await deliver(api, CLOCK);
    const [spanish] = to('lucia@example.es');
    expect(spanish?.subject).toBe(`Confirmada: ${business.serviceName} en Salon Lumière`);
    expect(spanish?.text).toContain('Hola Lucía, tu reserva está confirmada.');
    expect(spanish?.text).toMatch(/Cuándo: lunes, 10 de mayo de 2027, 10:00/);
    expect(spanish?.text).toMatch(/Tu hora: lunes, 10 de mayo de 2027, 16:00/);
    const [french] = to('chloe@example.fr');
    expect(french?.subject).toBe(`Confirmé : ${business.serviceName} chez Salon Lumière`);
    // French sets a space before the colon.
    expect(french?.text).toContain(
      'Quand : mardi 11 mai 2027 à 10:00, heure de l’Est nord-américain (New York)',
    );
    // Same zone as the business: no second time.
    expect(french?.text).not.toContain('Votre heure');
  });

  it('asks the business to approve a request and tells the customer it arrived', async () => {
    const id = await insertAppointment(db, secret, business, {
      start: '2027-06-01T14:00:00Z',
      email: 'waiting@example.com',
      status: 'pending',
      requiresApproval: true,
    });
    await recordEvent(api, business, id, 'appointment.created', { now: CLOCK });
    const rows = await outboxOf(db, id);
    expect(rows.map((row) => `${row.type}/${row.recipient_email}`).sort()).toEqual([
      'approval_request/alex@salon.example',
      'approval_request/owner@salon.example',
      'confirmation/waiting@example.com',
    ]);
    expect(rows.find((row) => row.type === 'confirmation')?.subject).toContain('Request received');
  });

  it('sends SMS only with consent and on a plan that includes it', async () => {
    const free = await createBusiness(api, { plan_tier: 'free', email: 'free@salon.example' });
    const consenting = await insertAppointment(db, secret, free, {
      start: '2027-06-02T14:00:00Z',
      smsOptIn: true,
    });
    await recordEvent(api, free, consenting, 'appointment.created', { now: CLOCK });
    expect((await outboxOf(db, consenting)).filter((row) => row.channel === 'sms')).toEqual([]);

    const silent = await insertAppointment(db, secret, business, {
      start: '2027-06-03T14:00:00Z',
      smsOptIn: false,
    });
    await recordEvent(api, business, silent, 'appointment.created', { now: CLOCK });
    expect((await outboxOf(db, silent)).filter((row) => row.channel === 'sms')).toEqual([]);
  });

  it('queues an event replayed twice only once', async () => {
    const id = await insertAppointment(db, secret, business, { start: '2027-06-04T14:00:00Z' });
    await recordEvent(api, business, id, 'appointment.created', { now: CLOCK });
    await recordEvent(api, business, id, 'appointment.created', { now: CLOCK });
    await recordEvent(api, business, id, 'appointment.confirmed', { now: CLOCK });
    expect(await outboxOf(db, id)).toHaveLength(5);
  });
});

describe('reminders', () => {
  it('fire at 10:00 the day before across the end of DST, and 2 h before in real time', async () => {
    // America/New_York falls back on 2027-11-07 at 02:00. The appointment is 10:00 EST
    // (15:00Z). "24 h before" is counted in calendar days in the business's zone:
    // 10:00 EDT on Nov 6 = 14:00Z, 25 real hours earlier. "2 h before" is real time.
    const customer = 'dst@example.com';
    const id = await insertAppointment(db, secret, business, {
      start: '2027-11-07T15:00:00Z',
      email: customer,
    });
    await recordEvent(api, business, id, 'appointment.created', { now: '2027-11-01T12:00:00Z' });
    const reminders = (await outboxOf(db, id)).filter((row) => row.type === 'reminder');
    expect(reminders.map((row) => row.scheduled_for.toISOString())).toEqual([
      '2027-11-06T14:00:00.000Z',
      '2027-11-07T13:00:00.000Z',
    ]);
    const sentReminders = () => to(customer).filter((mail) => mail.subject.startsWith('Reminder'));

    await deliver(api, '2027-11-06T13:59:59Z');
    expect(sentReminders()).toHaveLength(0);
    await deliver(api, '2027-11-06T14:00:00Z');
    expect(sentReminders()).toHaveLength(1);
    expect(sentReminders()[0]?.text).toContain(
      'Sunday, November 7, 2027 at 10:00 AM, Eastern Time',
    );
    await deliver(api, '2027-11-07T12:59:59Z');
    expect(sentReminders()).toHaveLength(1);
    await deliver(api, '2027-11-07T13:00:00Z');
    expect(sentReminders()).toHaveLength(2);
  });

  it('are never sent for a cancelled appointment', async () => {
    const customer = 'cancelled@example.com';
    const id = await insertAppointment(db, secret, business, {
      start: '2028-01-10T15:00:00Z',
      email: customer,
    });
    await recordEvent(api, business, id, 'appointment.created', { now: '2028-01-01T12:00:00Z' });
    await setStatus(db, id, 'cancelled');
    await recordEvent(api, business, id, 'appointment.cancelled', { now: '2028-01-02T12:00:00Z' });
    await deliver(api, '2028-01-10T16:00:00Z');
    expect(
      to(customer)
        .map((mail) => mail.subject.split(':')[0])
        .sort(),
    ).toEqual(['Cancelled', 'Confirmed']);
    const reminders = (await outboxOf(db, id)).filter((row) => row.type === 'reminder');
    expect(reminders.map((row) => row.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('are skipped at send time when a cancellation bypassed the outbox', async () => {
    const customer = 'bypass@example.com';
    const id = await insertAppointment(db, secret, business, {
      start: '2028-01-20T15:00:00Z',
      email: customer,
    });
    await recordEvent(api, business, id, 'appointment.created', { now: '2028-01-15T12:00:00Z' });
    await setStatus(db, id, 'cancelled'); // no event recorded
    await deliver(api, '2028-01-20T15:00:00Z');
    expect(to(customer).filter((mail) => mail.subject.startsWith('Reminder'))).toEqual([]);
    const reminders = (await outboxOf(db, id)).filter((row) => row.type === 'reminder');
    expect(reminders.map((row) => [row.status, row.last_error])).toEqual([
      ['cancelled', 'skipped: appointment is cancelled'],
      ['cancelled', 'skipped: appointment is cancelled'],
    ]);
  });

  it('are re-planned when the appointment moves', async () => {
    const customer = 'moved@example.com';
    const id = await insertAppointment(db, secret, business, {
      start: '2028-02-10T15:00:00Z',
      email: customer,
    });
    await recordEvent(api, business, id, 'appointment.created', { now: '2028-02-01T12:00:00Z' });
    await moveAppointment(db, id, '2028-02-12T15:00:00Z');
    await recordEvent(api, business, id, 'appointment.rescheduled', {
      now: '2028-02-02T12:00:00Z',
      previous_start_time: '2028-02-10T15:00:00Z',
    });
    const reminders = (await outboxOf(db, id)).filter((row) => row.type === 'reminder');
    expect(reminders.map((row) => `${row.scheduled_for.toISOString()} ${row.status}`)).toEqual([
      '2028-02-09T15:00:00.000Z cancelled',
      '2028-02-10T13:00:00.000Z cancelled',
      '2028-02-11T15:00:00.000Z pending',
      '2028-02-12T13:00:00.000Z pending',
    ]);
    await deliver(api, '2028-02-10T14:00:00Z');
    expect(to(customer).filter((mail) => mail.subject.startsWith('Reminder'))).toEqual([]);
    await deliver(api, '2028-02-11T15:00:00Z');
    const [reminder] = to(customer).filter((mail) => mail.subject.startsWith('Reminder'));
    expect(reminder?.text).toContain('Saturday, February 12, 2028 at 10:00 AM, Eastern Time');
  });

  it('are written when they go out, from the business as it is on the day', async () => {
    const studio = await createBusiness(api, {
      email: 'front@studio-nord.example',
      business_name: 'Studio Nord',
    });
    const customer = 'later@example.com';
    const id = await insertAppointment(db, secret, studio, {
      start: '2028-04-10T15:00:00Z',
      email: customer,
      name: 'Inès Moreau',
      smsOptIn: true,
    });
    await recordEvent(api, studio, id, 'appointment.created', { now: '2028-04-01T12:00:00Z' });
    const queued = (await outboxOf(db, id)).filter((row) => row.type === 'reminder');
    expect(queued.map((row) => row.channel)).toEqual(['email', 'sms', 'email', 'sms']);
    for (const row of queued) {
      expect([row.subject, row.message]).toEqual([null, null]);
      expect(row.payload).toMatchObject({
        when_due: true,
        audience: 'customer',
        appointment_start: '2028-04-10T15:00:00.000Z',
      });
      // Nothing of the customer's is kept in the outbox for the days until then.
      expect(JSON.stringify(row.payload)).not.toContain('Inès');
    }
    // The confirmation, due at once, is written at once.
    const [confirmation] = (await outboxOf(db, id)).filter(
      (row) => row.type === 'confirmation' && row.recipient_email === customer,
    );
    expect(confirmation?.subject).toBe(`Confirmed: ${studio.serviceName} at Studio Nord`);

    // The owner renames the business between the booking and the reminder.
    await db.query(`UPDATE booking_tenants SET business_name = 'Studio Nord & Co' WHERE id = $1`, [
      studio.tenant.id,
    ]);
    await deliver(api, '2028-04-09T15:00:00Z');
    const reminders = to(customer).filter((mail) => mail.subject.startsWith('Reminder'));
    expect(reminders.map((mail) => mail.subject)).toEqual([
      `Reminder: ${studio.serviceName} at Studio Nord & Co`,
    ]);
    const [mail] = reminders;
    expect(mail?.from).toBe('"Studio Nord & Co" <notifications@booksprintz.example>');
    expect(mail?.reply_to).toBe('front@studio-nord.example');
    expect(mail?.text).toContain('Hi Inès Moreau, this is a reminder');
    expect(mail?.text).toContain('Monday, April 10, 2028 at 11:00 AM');
    expect(mail?.html).toContain('https://book.example.com/');
    const texts = twilioMessages(twilio).filter((sms) =>
      sms.Body?.startsWith('Studio Nord & Co: reminder'),
    );
    expect(texts.map((sms) => sms.Body)).toEqual([
      `Studio Nord & Co: reminder of your ${studio.serviceName} on Monday, April 10, 2028 at 11:00 AM, Eastern Time (New York).`,
    ]);
    // The outbox keeps what went out.
    const sentReminders = (await outboxOf(db, id)).filter(
      (row) => row.type === 'reminder' && row.status === 'sent',
    );
    expect(sentReminders.map((row) => row.channel)).toEqual(['email', 'sms']);
    const [sent] = sentReminders;
    expect([sent?.subject, sent?.message]).toEqual([mail?.subject, mail?.text]);
    expect(sent?.payload.when_due).toBeUndefined();
    expect(sent?.payload.appointment_start).toBe('2028-04-10T15:00:00.000Z');
  });

  it('follow up an hour after a completed appointment ends', async () => {
    const customer = 'thanks@example.com';
    const id = await insertAppointment(db, secret, business, {
      start: '2028-03-01T15:00:00Z',
      email: customer,
    });
    await setStatus(db, id, 'completed');
    await recordEvent(api, business, id, 'appointment.completed', { now: '2028-03-01T16:05:00Z' });
    const [followUp] = (await outboxOf(db, id)).filter((row) => row.type === 'follow_up');
    expect(followUp?.scheduled_for.toISOString()).toBe('2028-03-01T17:05:00.000Z');
    await deliver(api, '2028-03-01T17:05:00Z');
    expect(to(customer).map((mail) => mail.subject)).toEqual([
      'Thank you for visiting Salon Lumière',
    ]);
  });
});

describe('delivery', () => {
  it('retries a provider error with backoff and stops at a permanent one', async () => {
    const flaky = 'flaky@example.com';
    const bounced = 'bounced@example.com';
    const defaultReply = email.reply;
    email.reply = (request) => {
      const recipient = (JSON.parse(request.body) as { to: string[] }).to[0];
      if (recipient === flaky) return { status: 503, body: { message: 'busy' } };
      if (recipient === bounced) return { status: 422, body: { message: 'bad to' } };
      return defaultReply(request);
    };
    try {
      const a = await insertAppointment(db, secret, business, {
        start: '2028-04-01T15:00:00Z',
        email: flaky,
      });
      const b = await insertAppointment(db, secret, business, {
        start: '2028-04-01T16:00:00Z',
        email: bounced,
      });
      await recordEvent(api, business, a, 'appointment.created');
      await recordEvent(api, business, b, 'appointment.created');
      const t0 = new Date();
      await deliver(api, t0);
      const customerRow = async (id: string) =>
        (await outboxOf(db, id)).find(
          (row) =>
            row.type === 'confirmation' &&
            row.recipient_email !== 'owner@salon.example' &&
            row.recipient_email !== 'alex@salon.example',
        );
      const first = await customerRow(a);
      expect(first).toMatchObject({ status: 'pending', attempts: 1 });
      expect(first?.last_error).toContain('503');
      expect(first?.next_attempt_at.getTime()).toBe(t0.getTime() + 60_000);
      expect(await customerRow(b)).toMatchObject({ status: 'failed', attempts: 1 });

      const tries = () => email.requests.filter((r) => r.body.includes(`"to":["${flaky}"]`)).length;
      await deliver(api, new Date(t0.getTime() + 59_000));
      expect(tries()).toBe(1);
      email.reply = defaultReply;
      await deliver(api, new Date(t0.getTime() + 60_000));
      expect(tries()).toBe(2);
      expect(await customerRow(a)).toMatchObject({ status: 'sent', attempts: 2 });
    } finally {
      email.reply = defaultReply;
    }
  });

  it('does not hold up the request when the provider hangs', async () => {
    const slow = 'slow@example.com';
    const defaultReply = email.reply;
    email.reply = (request) =>
      request.body.includes(`"to":["${slow}"]`) ? { hang: true } : defaultReply(request);
    try {
      const id = await insertAppointment(db, secret, business, {
        start: '2028-04-02T15:00:00Z',
        email: slow,
      });
      const abandonedBy = (list: Array<{ body: string }>) =>
        list.filter((r) => r.body.includes(`"to":["${slow}"]`)).length;
      await recordEvent(api, business, id, 'appointment.created', { deliver: true });
      // Ordered, not timed: the answer came back while the provider still held the message
      // (or before it was sent). A request that waited for the sender would have answered
      // only after the sender's timeout gave up on the provider.
      expect(abandonedBy(email.abandoned)).toBe(0);
      // The background sender gives up after OUTBOUND_TIMEOUT_MS, closing the hanging
      // request, and plans a retry (waited for, up to 10 s).
      let row: Awaited<ReturnType<typeof outboxOf>>[number] | undefined;
      const settled = () => row?.last_error && abandonedBy(email.abandoned) > 0;
      for (let i = 0; i < 100 && !settled(); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        row = (await outboxOf(db, id)).find(
          (r) => r.recipient_email === slow && r.type === 'confirmation',
        );
      }
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row?.last_error).toContain(`timed out after ${TIMEOUT_MS} ms`);
      expect(abandonedBy(email.abandoned)).toBe(1);
    } finally {
      email.reply = defaultReply;
    }
  });

  it('never sends one message twice when senders run at once', async () => {
    // One after another: `db` is one connection (queries sent to it at once are queued
    // by the driver, which node-postgres deprecates). The senders below are what race.
    const ids: string[] = [];
    for (const tag of ['p1', 'p2', 'p3', 'p4', 'p5']) {
      ids.push(
        await insertAppointment(db, secret, business, {
          start: '2028-04-03T15:00:00Z',
          email: `${tag}-parallel@example.com`,
        }),
      );
    }
    for (const id of ids) await recordEvent(api, business, id, 'appointment.created');
    const before = email.requests.length;
    await Promise.all([deliver(api), deliver(api), deliver(api)]);
    const keys = email.requests.slice(before).map((r) => r.headers['idempotency-key']);
    expect(keys.length).toBe(15); // 5 appointments × customer, owner, staff
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('runs from the cron trigger', async () => {
    const id = await insertAppointment(db, secret, business, {
      start: '2028-04-04T15:00:00Z',
      email: 'cron@example.com',
    });
    await recordEvent(api, business, id, 'appointment.created');
    const response = await fetch(`${stack.url}/cdn-cgi/local/scheduled?cron=*+*+*+*+*`);
    expect(response.status).toBe(200);
    let sent = false;
    for (let i = 0; i < 50 && !sent; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      sent = to('cron@example.com').length === 1;
    }
    expect(sent).toBe(true);
  });

  it('shows every queued message at /dev/outbox', async () => {
    const response = await fetch(`${stack.url}/dev/outbox`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const page = await response.text();
    expect(page).toContain('Confirmed: ');
    expect(page).toContain('METHOD:CANCEL');
    expect(page).toContain('ics@example.com');
    // A reminder not yet due has no text yet; its preview is written as it would go now.
    expect(page).toContain('reminder (email), written when it goes out');
    const { rows } = await db.query<{ id: string; recipient_email: string }>(
      `SELECT id, recipient_email FROM booking_notifications
        WHERE status = 'pending' AND type = 'reminder' AND channel = 'email'
          AND payload ? 'when_due' LIMIT 1`,
    );
    expect(rows).toHaveLength(1);
    const preview = await fetch(`${stack.url}/dev/outbox/${rows[0]!.id}`);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('this is a reminder of your upcoming appointment');
  });
});
