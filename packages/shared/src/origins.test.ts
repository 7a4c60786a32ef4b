import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from './origins.ts';

describe('isOriginAllowed', () => {
  it.each([
    ['anything when the list is empty', 'https://evil.example', [], true],
    ['a listed host, any scheme and port', 'http://salon.example:3000', ['salon.example'], true],
    ['not a subdomain of a listed host', 'https://www.salon.example', ['salon.example'], false],
    ['a subdomain through a wildcard', 'https://www.salon.example', ['*.salon.example'], true],
    ['not the bare domain through a wildcard', 'https://salon.example', ['*.salon.example'], false],
    ['no lookalike suffix', 'https://evilsalon.example', ['*.salon.example'], false],
    ['an exact origin', 'https://salon.example:8443', ['https://salon.example:8443'], true],
    [
      'not another port of an exact origin',
      'https://salon.example',
      ['https://salon.example:8443'],
      false,
    ],
    [
      'not another scheme of an exact origin',
      'http://salon.example',
      ['https://salon.example'],
      false,
    ],
    ['a host with a port', 'http://localhost:8787', ['localhost:8787'], true],
    ['a host with another port', 'http://localhost:9999', ['localhost:8787'], false],
    ['case-insensitively', 'https://SALON.example', ['Salon.Example'], true],
    ['not a null origin', 'null', ['salon.example'], false],
    ['not a file origin', 'file:///tmp/x.html', ['salon.example'], false],
  ])('%s', (_name, origin, allowed, expected) => {
    expect(isOriginAllowed(origin, allowed)).toBe(expected);
  });
});
