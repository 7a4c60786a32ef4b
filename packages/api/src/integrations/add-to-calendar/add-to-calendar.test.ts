import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../ics/appointment-ics.ts';
import { formEncode, googleCalendarUrl, outlookCalendarUrl } from './add-to-calendar.ts';

const event: CalendarEvent = {
  uid: 'a@booksprintz',
  sequence: 0,
  start: '2027-03-15T13:00:00.000Z',
  end: '2027-03-15T14:00:00.000Z',
  summary: 'Cut & colour — Salon Lumière',
  description: 'With: Alex\nConfirmation code: K7M2Q9XD',
  location: '1 Main St, Springfield',
  url: 'https://book.example.com/manage/demo/a?token=t',
  organizer: { name: 'Salon Lumière', email: 'owner@salon.example' },
  attendee: null,
  stamp: '2027-03-01T00:00:00.000Z',
};

describe('add-to-calendar links', () => {
  it('opens Google Calendar’s template with the UTC times, title, place and manage link', () => {
    const url = new URL(googleCalendarUrl(event));
    expect(url.origin + url.pathname).toBe('https://calendar.google.com/calendar/render');
    expect(url.searchParams.get('action')).toBe('TEMPLATE');
    expect(url.searchParams.get('dates')).toBe('20270315T130000Z/20270315T140000Z');
    expect(url.searchParams.get('text')).toBe('Cut & colour — Salon Lumière');
    expect(url.searchParams.get('location')).toBe('1 Main St, Springfield');
    expect(url.searchParams.get('details')).toContain(event.url);
  });

  it('opens Outlook’s compose form with the same event', () => {
    const url = new URL(outlookCalendarUrl(event));
    expect(url.origin + url.pathname).toBe('https://outlook.live.com/calendar/0/action/compose');
    expect(url.searchParams.get('rru')).toBe('addevent');
    expect(url.searchParams.get('startdt')).toBe('2027-03-15T13:00:00Z');
    expect(url.searchParams.get('enddt')).toBe('2027-03-15T14:00:00Z');
    expect(url.searchParams.get('subject')).toBe(event.summary);
    expect(url.searchParams.get('body')).toContain('K7M2Q9XD');
  });

  it('form-encodes every character exactly as URLSearchParams does', () => {
    const samples = [
      "Cut & colour — Salon Lumière's (Paris) ~ 100% *new*!",
      'a+b=c&d;e/f?g#h@i:j,k$l[m]n{o}p|q\\r^s`t"u<v>w',
      'line\nbreak\ttab\r\n spaces  ',
      '日本語 🙂 \uD83D lone \uDC00 surrogates',
    ];
    // Every code point up to U+00FF and a few beyond, one at a time.
    for (let code = 0; code < 0x100; code++) samples.push(String.fromCharCode(code));
    samples.push('\u2028', '\uFEFF', '\u{1F600}');
    for (const sample of samples) {
      const expected = new URLSearchParams([[sample, sample]]).toString();
      expect(`${formEncode(sample)}=${formEncode(sample)}`).toBe(expected);
    }
  });
});
