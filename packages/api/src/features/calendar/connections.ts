import { and, asc, eq, ne } from 'drizzle-orm';
import { ENCRYPTED, encryptNullable } from '../../db/field-encryption.ts';
import {
  type BookingCalendarConnection,
  bookingCalendarConnections,
  bookingStaff,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { CalendarUnreachableError } from '../../integrations/calendar-source.ts';
import type { OAuthProvider } from '../../integrations/oauth/calendar-oauth.ts';
import { webhookTargetProblem } from '../webhooks/target-guard.ts';
import { isWritableProvider } from './calendar-writers.ts';
import type {
  ConnectionCreate,
  ConnectionResponse,
  ConnectionUpdate,
} from './connection-schemas.ts';
import { startOAuthConnection } from './oauth-connect.ts';
import { type SyncEnv, type SyncResult, syncConnection } from './sync.ts';
import { patchState } from './sync-state.ts';

export interface ConnectionContext {
  tdb: TenantDb;
  env: SyncEnv;
  now: () => Date;
}

/** The connection as the API shows it: never a password or token. */
export function connectionResponse(row: BookingCalendarConnection): ConnectionResponse {
  return {
    id: row.id,
    staff_id: row.staff_id,
    provider: row.provider,
    status: row.status,
    url: row.ics_url,
    username: row.caldav_username,
    calendars: row.calendars.map(({ id, name, busy, write }) => ({ id, name, busy, write })),
    last_synced_at: row.last_synced_at
      ? row.last_synced_at.toISOString().replace(/\.\d{3}Z$/, 'Z')
      : null,
    last_error: row.last_error,
    all_day_blocks: row.all_day_blocks,
    tentative_blocks: row.tentative_blocks,
  };
}

async function ownConnection(tdb: TenantDb, id: string): Promise<BookingCalendarConnection> {
  const row = await tdb.get(
    bookingCalendarConnections,
    id,
    ne(bookingCalendarConnections.provider, 'feed'),
  );
  if (!row) throw new ApiError('not_found', 'No such calendar connection.');
  return row;
}

export async function listConnections(
  tdb: TenantDb,
  staffId?: string,
): Promise<ConnectionResponse[]> {
  const rows = await tdb.list(bookingCalendarConnections, {
    where: and(
      ne(bookingCalendarConnections.provider, 'feed'),
      staffId ? eq(bookingCalendarConnections.staff_id, staffId) : undefined,
    ),
    orderBy: [asc(bookingCalendarConnections.created_at), asc(bookingCalendarConnections.id)],
  });
  return rows.map(connectionResponse);
}

export async function getConnection(tdb: TenantDb, id: string): Promise<ConnectionResponse> {
  return connectionResponse(await ownConnection(tdb, id));
}

/**
 * Stores the connection (password encrypted) and reads it once: a first sync that
 * fails still creates it, with status `error` and the reason in `last_error`.
 */
export async function createConnection(
  ctx: ConnectionContext,
  input: ConnectionCreate,
): Promise<ConnectionResponse> {
  if (input.provider === 'google' || input.provider === 'microsoft')
    throw new ApiError('unprocessable', `Provider ${input.provider} connects through OAuth.`);
  if (!input.url)
    throw new ApiError('validation_failed', 'This provider needs a url.', {
      errors: [{ path: 'url', message: 'required' }],
    });
  const problem = webhookTargetProblem(input.url, ctx.env);
  if (problem)
    throw new ApiError('validation_failed', `The calendar URL ${problem}.`, {
      errors: [{ path: 'url', message: problem }],
    });
  if (!(await ctx.tdb.get(bookingStaff, input.staff_id)))
    throw new ApiError('validation_failed', 'No such staff member.', {
      errors: [{ path: 'staff_id', message: 'unknown staff member' }],
    });
  const row = await ctx.tdb.insert(bookingCalendarConnections, {
    staff_id: input.staff_id,
    provider: input.provider,
    sync_direction: 'from_provider',
    ics_url: input.url,
    caldav_username: input.username ?? null,
    caldav_password_encrypted: await encryptNullable(
      ctx.env.ENCRYPTION_KEY,
      ENCRYPTED.calendarPassword,
      input.password,
    ),
    status: 'pending',
  });
  try {
    await syncConnection(ctx.tdb, ctx.env, row, ctx.now());
  } catch (error) {
    if (!(error instanceof CalendarUnreachableError)) throw error;
  }
  return getConnection(ctx.tdb, row.id);
}

/**
 * Google and Microsoft: a `pending` connection and the provider's consent URL, as
 * API.md says: `{connection, authorization_url}`. The callback makes it `active`.
 */
export async function createOAuthConnection(
  ctx: ConnectionContext,
  input: ConnectionCreate & { provider: OAuthProvider },
  origin: string,
): Promise<{ connection: ConnectionResponse; authorization_url: string }> {
  const started = await startOAuthConnection(ctx.tdb, ctx.env, input, origin);
  return {
    connection: await getConnection(ctx.tdb, started.id),
    authorization_url: started.authorization_url,
  };
}

export async function updateConnection(
  tdb: TenantDb,
  id: string,
  patch: ConnectionUpdate,
): Promise<ConnectionResponse> {
  const row = await ownConnection(tdb, id);
  let calendars = row.calendars;
  if (patch.calendars) {
    const known = new Set(calendars.map((calendar) => calendar.id));
    const unknown = patch.calendars.findIndex((calendar) => !known.has(calendar.id));
    if (unknown >= 0)
      throw new ApiError('validation_failed', 'No such calendar in this connection.', {
        errors: [{ path: `calendars.${unknown}.id`, message: 'unknown calendar' }],
      });
    const changes = new Map(patch.calendars.map((calendar) => [calendar.id, calendar]));
    const anyWrite = patch.calendars.some((calendar) => calendar.write);
    if (anyWrite && !isWritableProvider(row.provider))
      throw new ApiError('validation_failed', 'Bookings cannot be written to a calendar link.', {
        errors: [{ path: 'calendars', message: `${row.provider} calendars are read-only` }],
      });
    calendars = calendars.map((calendar) => {
      const change = changes.get(calendar.id);
      return {
        ...calendar,
        busy: change?.busy ?? calendar.busy,
        // At most one calendar is written to: choosing one unchooses the others.
        write: change?.write ?? (anyWrite ? false : calendar.write),
      };
    });
    if (calendars.filter((calendar) => calendar.write).length > 1)
      throw new ApiError('validation_failed', 'At most one calendar can be written to.', {
        errors: [{ path: 'calendars', message: 'at most one write calendar' }],
      });
  }
  const updated = await tdb.update(bookingCalendarConnections, id, {
    calendars,
    ...(patch.all_day_blocks === undefined ? {} : { all_day_blocks: patch.all_day_blocks }),
    ...(patch.tentative_blocks === undefined ? {} : { tentative_blocks: patch.tentative_blocks }),
    updated_at: new Date(),
  });
  if (!updated) throw new ApiError('not_found', 'No such calendar connection.');
  const writeTarget = (list: typeof calendars) => list.find((calendar) => calendar.write)?.id;
  const newTarget = writeTarget(calendars);
  // A calendar newly chosen to receive bookings gets the existing ones at the next
  // delivery run (within a minute, by the cron), not only at the next sync.
  if (newTarget && newTarget !== writeTarget(row.calendars) && row.status !== 'revoked')
    await patchState(tdb, id, { write_due_at: new Date().toISOString() });
  return connectionResponse(updated);
}

/** Removes the connection; its busy time goes with it (ON DELETE CASCADE). */
export async function deleteConnection(tdb: TenantDb, id: string): Promise<void> {
  await ownConnection(tdb, id);
  await tdb.delete(bookingCalendarConnections, eq(bookingCalendarConnections.id, id));
}

export async function syncNow(ctx: ConnectionContext, id: string): Promise<SyncResult> {
  const row = await ownConnection(ctx.tdb, id);
  try {
    return await syncConnection(ctx.tdb, ctx.env, row, ctx.now(), { full: true });
  } catch (error) {
    if (error instanceof CalendarUnreachableError)
      throw new ApiError('calendar_unreachable', error.message);
    throw error;
  }
}
