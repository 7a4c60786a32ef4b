import { eq, ne } from 'drizzle-orm';
import { decryptNullable, ENCRYPTED, encryptField } from '../../db/field-encryption.ts';
import {
  type BookingCalendarConnection,
  bookingCalendarConnections,
  bookingStaff,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { CalendarUnreachableError } from '../../integrations/calendar-source.ts';
import {
  CalendarRevokedError,
  type OAuthProvider,
  refreshTokens,
  type TokenSet,
} from '../../integrations/oauth/calendar-oauth.ts';
import { AccessTokenRejectedError, type ApiCall } from '../../integrations/oauth/provider-api.ts';
import { timeoutMs } from '../../integrations/outbound.ts';
import { queueCalendarRevokedNotice } from './revoked-notice.ts';
import type { SyncEnv } from './sync-env.ts';

/** An access token this close to its expiry is refreshed first. */
const REFRESH_MARGIN_MS = 60_000;

export async function storeTokens(
  tdb: TenantDb,
  env: SyncEnv,
  connectionId: string,
  tokens: TokenSet,
): Promise<void> {
  await tdb.update(bookingCalendarConnections, connectionId, {
    access_token_encrypted: await encryptField(
      env.ENCRYPTION_KEY,
      ENCRYPTED.calendarAccessToken,
      tokens.accessToken,
    ),
    ...(tokens.refreshToken
      ? {
          refresh_token_encrypted: await encryptField(
            env.ENCRYPTION_KEY,
            ENCRYPTED.calendarRefreshToken,
            tokens.refreshToken,
          ),
        }
      : {}),
    token_expires_at: tokens.expiresAt,
  });
}

/**
 * Marks the connection revoked and queues one e-mail to the business, in one
 * transaction, only on the transition: a second failing sync finds it revoked already.
 */
export async function markRevoked(
  tdb: TenantDb,
  connection: BookingCalendarConnection,
  now: Date,
  message: string,
): Promise<void> {
  await tdb.transaction(async (tx) => {
    const changed = await tx
      .raw()
      .update(bookingCalendarConnections)
      .set({ status: 'revoked', last_error: message, last_attempted_at: now, updated_at: now })
      .where(
        tx.scope(
          bookingCalendarConnections,
          eq(bookingCalendarConnections.id, connection.id),
          ne(bookingCalendarConnections.status, 'revoked'),
        ),
      )
      .returning({ id: bookingCalendarConnections.id });
    if (changed.length === 0) return;
    const staff = await tx.get(bookingStaff, connection.staff_id);
    await queueCalendarRevokedNotice(tx, {
      connectionId: connection.id,
      provider: connection.provider,
      staffName: staff?.name ?? 'a staff member',
      revokedAt: now,
    });
  });
}

/**
 * Runs `work` with a valid access token: refreshed first when (nearly) expired, and once
 * more when the provider refuses it anyway. A refused refresh token (`invalid_grant`)
 * marks the connection revoked, e-mails the business once, and ends in
 * CalendarUnreachableError, like every other provider failure.
 */
export async function withAccessToken<T>(
  tdb: TenantDb,
  env: SyncEnv,
  connection: BookingCalendarConnection,
  now: Date,
  work: (call: ApiCall) => Promise<T>,
): Promise<T> {
  const provider = connection.provider as OAuthProvider;
  let access = await decryptNullable(
    env.ENCRYPTION_KEY,
    ENCRYPTED.calendarAccessToken,
    connection.access_token_encrypted,
  );
  const refresh = async () => {
    const refreshToken = await decryptNullable(
      env.ENCRYPTION_KEY,
      ENCRYPTED.calendarRefreshToken,
      connection.refresh_token_encrypted,
    );
    if (!refreshToken) throw new CalendarUnreachableError(`${provider} is not connected yet`);
    try {
      const tokens = await refreshTokens(env, provider, refreshToken, now);
      await storeTokens(tdb, env, connection.id, tokens);
      return tokens.accessToken;
    } catch (error) {
      if (error instanceof CalendarRevokedError) {
        await markRevoked(tdb, connection, now, error.message);
        throw new CalendarUnreachableError(error.message);
      }
      throw error;
    }
  };
  const expiresAt = connection.token_expires_at?.getTime() ?? 0;
  if (!access || expiresAt - now.getTime() < REFRESH_MARGIN_MS) access = await refresh();
  const call = (token: string): ApiCall => ({
    provider,
    accessToken: token,
    timeoutMs: timeoutMs(env),
    now,
  });
  try {
    return await work(call(access));
  } catch (error) {
    if (!(error instanceof AccessTokenRejectedError)) throw error;
    return await work(call(await refresh())).catch((again: unknown) => {
      if (again instanceof AccessTokenRejectedError)
        throw new CalendarUnreachableError(`${provider} refused a fresh access token (401)`);
      throw again;
    });
  }
}

export const isOAuthConnection = (connection: { provider: string }) =>
  connection.provider === 'google' || connection.provider === 'microsoft';
