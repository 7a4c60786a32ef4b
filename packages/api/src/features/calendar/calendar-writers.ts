import { decryptNullable, ENCRYPTED } from '../../db/field-encryption.ts';
import type { BookingCalendarConnection, ConnectionCalendar } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { caldavWriter } from '../../integrations/caldav/caldav-writer.ts';
import type { CalendarWriter } from '../../integrations/calendar-writer.ts';
import { googleWriter } from '../../integrations/google/google-writer.ts';
import { graphWriter } from '../../integrations/microsoft/graph-writer.ts';
import { CalendarRateLimitedError } from '../../integrations/oauth/provider-api.ts';
import { timeoutMs } from '../../integrations/outbound.ts';
import { withAccessToken } from './oauth-tokens.ts';
import type { SyncEnv } from './sync-env.ts';

/** The providers whose calendars can receive bookings (an ICS URL is read-only). */
export const WRITABLE_PROVIDERS = ['caldav', 'google', 'microsoft'] as const;

export const isWritableProvider = (provider: string) =>
  (WRITABLE_PROVIDERS as readonly string[]).includes(provider);

/**
 * Runs `work` with a writer for the connection's calendar that receives bookings:
 * CalDAV with the connection's password, Google and Microsoft with a fresh access token
 * (refreshed as the sync does; a revoked grant marks the connection revoked). While the
 * provider's Retry-After from an earlier 429 runs, nothing is sent.
 */
export async function withCalendarWriter<T>(
  tdb: TenantDb,
  env: SyncEnv,
  connection: BookingCalendarConnection,
  calendar: ConnectionCalendar,
  now: Date,
  work: (writer: CalendarWriter) => Promise<T>,
): Promise<T> {
  if (connection.provider === 'caldav') {
    const target = {
      calendarUrl: calendar.id,
      username: connection.caldav_username,
      password: await decryptNullable(
        env.ENCRYPTION_KEY,
        ENCRYPTED.calendarPassword,
        connection.caldav_password_encrypted,
      ),
      timeoutMs: timeoutMs(env),
    };
    return work(caldavWriter(target, calendar.name));
  }
  const waitUntil = (connection.sync_state as { retry_after_until?: string | null })
    .retry_after_until;
  if (waitUntil && new Date(waitUntil) > now)
    throw new CalendarRateLimitedError(
      Math.ceil((new Date(waitUntil).getTime() - now.getTime()) / 1000),
      connection.provider,
    );
  const make = connection.provider === 'google' ? googleWriter : graphWriter;
  return withAccessToken(tdb, env, connection, now, (call) => work(make(env, call, calendar.id)));
}
