import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { readIcsUrl } from '../../integrations/ics/ics-url-source.ts';
import { createConnection } from './connections.ts';

/** A TenantDb that fails the test if anything reaches the database. */
const untouchable = new Proxy({} as TenantDb, {
  get: () => {
    throw new Error('the database must not be reached');
  },
});

describe('calendar connection URLs', () => {
  it('production refuses loopback and private calendar URLs before storing anything', async () => {
    for (const url of [
      'http://127.0.0.1:5232/ana/',
      'https://10.0.0.8/cal.ics',
      'https://localhost/x.ics',
    ]) {
      const attempt = createConnection(
        {
          tdb: untouchable,
          env: { ENVIRONMENT: 'production', ENCRYPTION_KEY: '' },
          now: () => new Date(0),
        },
        { staff_id: '00000000-0000-4000-8000-000000000000', provider: 'caldav', url },
      );
      await expect(attempt).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(attempt).rejects.toBeInstanceOf(ApiError);
    }
  });

  it('an ICS URL that redirects to a refused address is stopped at the hop, not fetched', async () => {
    let reachedInside = false;
    const inside = createServer((_request, response) => {
      reachedInside = true;
      response.end('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    });
    await new Promise<void>((resolve) => inside.listen(0, '127.0.0.1', resolve));
    const insideUrl = `http://127.0.0.1:${(inside.address() as AddressInfo).port}/secret.ics`;
    const outside = createServer((_request, response) => {
      response.writeHead(302, { location: insideUrl });
      response.end();
    });
    await new Promise<void>((resolve) => outside.listen(0, '127.0.0.1', resolve));
    try {
      const attempt = readIcsUrl({
        url: `http://127.0.0.1:${(outside.address() as AddressInfo).port}/public.ics`,
        username: null,
        password: null,
        from: new Date(0),
        to: new Date(1),
        wanted: () => true,
        timeoutMs: 5000,
        // Both are loopback here: the "inside" one stands for a private address.
        refuse: (url) => (url === insideUrl ? 'must not be a private or loopback address' : null),
      });
      await expect(attempt).rejects.toThrow(/must not be a private/);
      expect(reachedInside).toBe(false);
    } finally {
      inside.close();
      outside.close();
    }
  });
});
