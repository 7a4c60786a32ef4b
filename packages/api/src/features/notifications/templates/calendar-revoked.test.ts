import { describe, expect, it } from 'vitest';
import { emailHtml } from './email-layout.ts';
import { renderCalendarRevoked } from './render.ts';

const facts = { provider: 'Google Calendar', staffName: 'Ana' };

describe('the calendar-revoked notice in the business’s language', () => {
  it.each([
    [
      'en',
      'Google Calendar disconnected for Ana',
      "Google Calendar no longer lets BookSprintz read Ana's calendar: the access was revoked or expired.",
      'Reconnect it under Settings → Calendars.',
    ],
    [
      'es',
      'Google Calendar se ha desconectado para Ana',
      'Google Calendar ya no permite a BookSprintz leer el calendario de Ana: el acceso se ha revocado o ha caducado.',
      'Vuelve a conectarlo en Ajustes → Calendarios.',
    ],
    [
      'fr',
      'Google Calendar déconnecté pour Ana',
      'Google Calendar ne permet plus à BookSprintz de lire le calendrier de Ana : l’accès a été révoqué ou a expiré.',
      'Reconnectez-le dans Réglages → Calendriers.',
    ],
  ] as const)('%s: subject and body', (locale, subject, intro, action) => {
    const rendered = renderCalendarRevoked(facts, locale);
    expect(rendered.subject).toBe(subject);
    expect(rendered.text).toContain(intro);
    expect(rendered.text).toContain(action);
    if (!rendered.content) throw new Error('no e-mail content');
    const html = emailHtml(rendered.content, { name: 'Salon', color: '#123456' }, locale);
    expect(html).toContain(`lang="${locale}"`);
  });

  it('says what stops and what does not, in each language', () => {
    expect(renderCalendarRevoked(facts, 'en').text).toContain('Existing bookings are unchanged.');
    expect(renderCalendarRevoked(facts, 'es').text).toContain(
      'Las reservas existentes no cambian.',
    );
    expect(renderCalendarRevoked(facts, 'fr').text).toContain(
      'Les réservations existantes ne changent pas.',
    );
  });
});
