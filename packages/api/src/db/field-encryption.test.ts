import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../features/accounts/password.ts';
import { fromBase64Url } from '../features/accounts/secrets.ts';
import { decryptField, encryptField } from './field-encryption.ts';

const key = randomBytes(32).toString('base64');

describe('field encryption (AES-256-GCM)', () => {
  it('round-trips and never stores the plaintext', async () => {
    const sealed = await encryptField(key, 'customers.phone', '+15555550123');
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/);
    expect(sealed).not.toContain('5555550123');
    expect(await decryptField(key, 'customers.phone', sealed)).toBe('+15555550123');
  });

  it('uses a fresh IV each time', async () => {
    const a = await encryptField(key, 'c', 'same');
    const b = await encryptField(key, 'c', 'same');
    expect(a).not.toBe(b);
  });

  it('refuses a ciphertext moved to another column, tampered, or under another key', async () => {
    const sealed = await encryptField(key, 'customers.phone', 'secret');
    await expect(decryptField(key, 'calendar.token', sealed)).rejects.toThrow();
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    await expect(decryptField(key, 'customers.phone', tampered)).rejects.toThrow();
    await expect(
      decryptField(randomBytes(32).toString('base64'), 'customers.phone', sealed),
    ).rejects.toThrow();
  });
});

describe('password hashing', () => {
  it('verifies the right password only', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
  });

  it('is six chained PBKDF2-SHA256 links of 100,000 iterations (checked against node:crypto)', async () => {
    const stored = await hashPassword('pässword');
    const [, , salt, hash] = stored.split('$');
    let material: Buffer = Buffer.from('pässword'.normalize('NFKC'));
    for (let link = 0; link < 6; link++) {
      material = pbkdf2Sync(
        material,
        Buffer.from(fromBase64Url(salt ?? '')),
        100_000,
        32,
        'sha256',
      );
    }
    expect(Buffer.from(fromBase64Url(hash ?? '')).equals(material)).toBe(true);
  });

  it('refuses malformed or abusive stored parameters without working on them', async () => {
    expect(await verifyPassword('x', 'plain')).toBe(false);
    expect(await verifyPassword('x', 'pbkdf2-sha256$1000x100000$AAAA$AAAA')).toBe(false);
    expect(await verifyPassword('x', 'pbkdf2-sha256$1x200000$AAAA$AAAA')).toBe(false);
  });
});
