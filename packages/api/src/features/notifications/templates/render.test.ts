import { describe, expect, it } from 'vitest';
import type { MessageFacts } from './copy.ts';
import {
  formatInstant,
  localeOf,
  messageHtml,
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
  manageUrl: 'https://book.example.com/m?token=abc',
  reason: null,
};

describe('message templates', () => {
  it('formats an instant with its zone, in each locale', () => {
    const at = new Date('2027-11-07T15:00:00Z');
    expect(formatInstant(at, 'America/New_York', 'en')).toBe(
      'Sunday, November 7, 2027 at 10:00 AM EST',
    );
    expect(formatInstant(at, 'Europe/Madrid', 'es')).toMatch(
      /^domingo, 7 de noviembre de 2027, 16:00/,
    );
    expect(formatInstant(at, 'Europe/Paris', 'fr')).toMatch(/^dimanche 7 novembre 2027 à 16:00/);
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

  it('escapes the HTML part and links URLs', () => {
    const { text } = renderBookingMessage('confirmation', 'email', facts, 'en');
    const html = messageHtml(text, { name: facts.businessName, color: 'red;background:url(x)' });
    expect(html).toContain('Salon &lt;Lumière&gt;');
    expect(html).toContain('<a href="https://book.example.com/m?token=abc">');
    expect(html).toContain('background:#4F46E5');
  });

  it('writes a short SMS', () => {
    expect(renderBookingMessage('reminder', 'sms', facts, 'en')).toEqual({
      subject: null,
      text: 'Salon <Lumière>: reminder of your Haircut on Monday, March 15, 2027 at 9:00 AM EDT.',
    });
  });
});
