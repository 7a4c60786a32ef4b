import { describe, expect, it } from 'vitest';
import type { MessageFacts } from './copy.ts';
import { emailText } from './email-content.ts';
import { emailHtml } from './email-layout.ts';
import {
  formatInstant,
  localeOf,
  overridesFrom,
  renderBookingMessage,
  zonesDiffer,
} from './render.ts';

const facts: MessageFacts = {
  businessName: 'Salon <Lumière>',
  customerName: 'Ana',
  customerEmail: 'ana@example.com',
  serviceName: 'Haircut',
  staffName: 'Alex',
  when: 'Monday, March 15, 2027 at 9:00 AM EDT',
  customerWhen: null,
  previousWhen: null,
  location: null,
  confirmationCode: 'K7M2Q9XD',
  manageUrl: 'https://book.example.com/manage/demo/a1?token=abc',
  calendarLinks: {
    google: 'https://calendar.google.com/calendar/render?action=TEMPLATE&text=Haircut',
    outlook: 'https://outlook.live.com/calendar/0/action/compose?rru=addevent',
    ics: 'https://book.example.com/api/booking/v1/demo/appointments/a1/calendar.ics?token=abc',
  },
  reason: null,
  notes: 'Allergic to <b>latex</b>',
};

describe('message templates', () => {
  it('writes an instant with one clock per locale and a zone name people know', () => {
    const at = new Date('2027-11-07T15:00:00Z');
    expect(formatInstant(at, 'America/New_York', 'en')).toBe(
      'Sunday, November 7, 2027 at 10:00 AM, Eastern Time (New York)',
    );
    expect(formatInstant(at, 'Europe/Madrid', 'es')).toBe(
      'domingo, 7 de noviembre de 2027, 16:00, hora de Europa central (Madrid)',
    );
    // 24-hour French with two-digit hours everywhere: never "1:00" beside "09:00".
    const early = new Date('2027-11-07T00:00:00Z');
    expect(formatInstant(early, 'Asia/Tokyo', 'fr')).toBe(
      'dimanche 7 novembre 2027 à 09:00, heure normale du Japon (Tokyo)',
    );
    expect(formatInstant(early, 'Europe/Paris', 'fr')).toMatch(/à 01:00, heure d’Europe centrale/);
    // No offset abbreviations ("GMT-5", "UTC−5") in any locale.
    for (const locale of ['en', 'es', 'fr'] as const) {
      expect(formatInstant(at, 'America/Bogota', locale)).not.toMatch(/GMT|UTC/);
    }
  });

  it('shows a second zone only when the clocks differ', () => {
    const at = new Date('2027-03-15T13:00:00Z');
    expect(zonesDiffer(at, 'America/New_York', 'America/Chicago')).toBe(true);
    expect(zonesDiffer(at, 'America/New_York', 'America/Detroit')).toBe(false);
    expect(zonesDiffer(at, 'America/New_York', null)).toBe(false);
  });

  it('reads unknown locales as English', () => {
    expect(localeOf('es-MX')).toBe('es');
    expect(localeOf('de')).toBe('en');
    expect(localeOf(null)).toBe('en');
  });

  it('lets a tenant override wording with placeholders, per locale', () => {
    const settings = {
      notification_templates: {
        en: {
          confirmation: {
            subject: 'See you, {{customer_name}}! ({{confirmation_code}})',
            intro: 7,
          },
          labels: { subject: 'not a message' },
        },
      },
    };
    const overrides = overridesFrom(settings, 'en');
    expect(Object.keys(overrides)).toEqual(['confirmation']);
    const message = renderBookingMessage('confirmation', 'email', facts, 'en', overrides);
    expect(message.subject).toBe('See you, Ana! (K7M2Q9XD)');
    expect(message.text).toContain('Hi Ana, your booking is confirmed.');
    expect(overridesFrom(settings, 'fr')).toEqual({});
  });

  it('gives the customer the manage page and Google, Outlook and .ics links, in both parts', () => {
    const message = renderBookingMessage('confirmation', 'email', facts, 'en');
    expect(message.text).toContain(
      'View, reschedule or cancel: https://book.example.com/manage/demo/a1?token=abc',
    );
    expect(message.text).toContain(`Google Calendar: ${facts.calendarLinks?.google}`);
    expect(message.text).toContain(`Outlook: ${facts.calendarLinks?.outlook}`);
    expect(message.text).toContain(`Apple Calendar and others (.ics): ${facts.calendarLinks?.ics}`);
    const html = emailHtml(message.content!, { name: facts.businessName, color: '#0F766E' }, 'en');
    for (const url of [facts.manageUrl, ...Object.values(facts.calendarLinks ?? {})]) {
      expect(html).toContain(`href="${url?.replaceAll('&', '&amp;')}"`);
    }
    // A cancelled appointment has nothing to add to a calendar.
    const cancelled = renderBookingMessage('cancellation', 'email', facts, 'en');
    expect(cancelled.text).not.toContain('Add to calendar');
    expect(cancelled.text).toContain(facts.manageUrl);
  });

  it('shows the business the customer’s phone (sealed at rest) and notes', () => {
    const message = renderBookingMessage(
      'businessConfirmation',
      'email',
      facts,
      'en',
      {},
      'SEALED',
    );
    expect(message.content?.details).toContainEqual({
      label: 'Phone',
      value: 'SEALED',
      sealed: true,
    });
    expect(message.text).not.toContain('SEALED');
    expect(message.text).toContain('Notes: Allergic to <b>latex</b>');
    expect(message.text).not.toContain('manage/demo');
    const opened = {
      ...message.content!,
      details: message.content!.details.map((d) =>
        d.sealed ? { label: d.label, value: '+1 555 0100' } : d,
      ),
    };
    expect(emailText(opened)).toContain('Phone: +1 555 0100');
  });

  it('keeps customer-supplied line breaks and bidi controls out of subjects', () => {
    const hostile = { ...facts, customerName: 'Ana\r\nBcc: all@example.com\u202Efdp.exe\u2066' };
    const message = renderBookingMessage('businessConfirmation', 'email', hostile, 'en');
    expect(message.subject).toBe('New booking: Ana Bcc: all@example.comfdp.exe, Haircut');
    expect(message.subject).not.toMatch(/[\r\n\u202a-\u202e\u2066-\u2069]/);
    const override = renderBookingMessage('confirmation', 'email', facts, 'en', {
      confirmation: { subject: 'Hi\n{{customer_name}}\u200F' },
    });
    expect(override.subject).toBe('Hi Ana');
  });

  it('writes a short SMS', () => {
    expect(renderBookingMessage('reminder', 'sms', facts, 'en')).toEqual({
      subject: null,
      text: 'Salon <Lumière>: reminder of your Haircut on Monday, March 15, 2027 at 9:00 AM EDT.',
    });
  });
});
