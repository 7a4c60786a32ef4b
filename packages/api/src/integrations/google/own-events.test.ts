import { describe, expect, it } from 'vitest';
import { graphBusy } from '../microsoft/graph-calendar.ts';
import { googleBusy } from './google-calendar.ts';
import { GOOGLE_APPOINTMENT_PROPERTY, googleEventId, isOwnGoogleEvent } from './own-events.ts';

const appointment = '0b1c2d3e-4f50-4617-8a9b-cdef01234567';
const meaning = { zone: 'Europe/Madrid', allDayBlocks: true, tentativeBlocks: true };
const timed = {
  start: { dateTime: '2030-03-05T10:00:00Z' },
  end: { dateTime: '2030-03-05T11:00:00Z' },
};

describe('the events we write are known as ours', () => {
  it('a Google event id is fixed per appointment and valid base32hex (5–1024 chars)', () => {
    const id = googleEventId(appointment);
    expect(id).toBe('bks0b1c2d3e4f5046178a9bcdef01234567');
    expect(id).toMatch(/^[0-9a-v]{5,1024}$/);
    expect(googleEventId(appointment.toUpperCase())).toBe(id);
    expect(() => googleEventId('not an id!')).toThrow();
  });

  it('Google: ours only with both the property and the matching id', () => {
    const extendedProperties = { private: { [GOOGLE_APPOINTMENT_PROPERTY]: appointment } };
    const ours = {
      id: googleEventId(appointment),
      status: 'confirmed',
      extendedProperties,
      ...timed,
    };
    expect(isOwnGoogleEvent(ours)).toBe(true);
    expect(googleBusy(ours, meaning)).toEqual([]);
    // Copied by someone into another event (another id): that one still blocks.
    const copy = { ...ours, id: 'copied123' };
    expect(isOwnGoogleEvent(copy)).toBe(false);
    expect(googleBusy(copy, meaning)).toHaveLength(1);
    expect(googleBusy({ id: 'x1', status: 'confirmed', ...timed }, meaning)).toHaveLength(1);
  });

  it('Microsoft: the event ids we recorded never block; others do', () => {
    const event = {
      id: 'AAMk-ours',
      showAs: 'busy',
      start: { dateTime: '2030-03-05T10:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2030-03-05T11:00:00.0000000', timeZone: 'UTC' },
    };
    expect(graphBusy(event, { ...meaning, ownEventIds: new Set(['AAMk-ours']) })).toEqual([]);
    expect(graphBusy(event, { ...meaning, ownEventIds: new Set(['other']) })).toHaveLength(1);
  });
});
