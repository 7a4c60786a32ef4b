import { describe, expect, it } from 'vitest';
import { confirmationCode } from './confirmation-code.ts';
import { manageToken, verifyManageToken } from './manage-token.ts';

describe('confirmationCode', () => {
  it('is 8 unambiguous characters, and varied', () => {
    const codes = new Set(Array.from({ length: 2000 }, confirmationCode));
    expect(codes.size).toBe(2000);
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z0-9]{8}$/);
      expect(code).not.toMatch(/[01OIL]/);
    }
  });
});

describe('manage tokens', () => {
  it('verify for their appointment only', async () => {
    const token = await manageToken('secret', 'appointment-a');
    expect(await verifyManageToken('secret', 'appointment-a', token)).toBe(true);
    expect(await verifyManageToken('secret', 'appointment-b', token)).toBe(false);
    expect(await verifyManageToken('other-secret', 'appointment-a', token)).toBe(false);
  });

  it('refuse tampered or malformed tokens', async () => {
    const token = await manageToken('secret', 'appointment-a');
    const flipped = `${token[0] === 'A' ? 'B' : 'A'}${token.slice(1)}`;
    expect(await verifyManageToken('secret', 'appointment-a', flipped)).toBe(false);
    expect(await verifyManageToken('secret', 'appointment-a', '')).toBe(false);
    expect(await verifyManageToken('secret', 'appointment-a', `${token}x`)).toBe(false);
  });
});

describe('manage token canonical form', () => {
  it('refuses a variant that differs only in the spare bits of the last character', async () => {
    const token = await manageToken('secret', 'appointment-a');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1)!);
    const variant = `${token.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(await verifyManageToken('secret', 'appointment-a', variant)).toBe(false);
  });
});
