import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { decryptNullable, ENCRYPTED, encryptField } from '../../db/field-encryption.ts';
import { bookingCalendarConnections, bookingStaff } from '../../db/schema/index.ts';
import { type TenantDb, tenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { CalendarUnreachableError } from '../../integrations/calendar-source.ts';
import {
  CalendarRevokedError,
  exchangeCode,
  type OAuthProvider,
  oauthCredentials,
  redirectUri,
  startAuthorization,
} from '../../integrations/oauth/calendar-oauth.ts';
import { sha256Hex } from '../../integrations/oauth/push-calendar.ts';
import { ensurePushChannels } from './push-channels.ts';
import { type PushState, patchState, syncPushConnection } from './push-sync.ts';
import type { SyncEnv } from './sync-env.ts';

/** Where the browser lands after the provider's consent screen (the owner app). */
export const RETURN_PATH = '/app/settings/calendars';

const PROVIDER_ENV: Record<OAuthProvider, string> = {
  google: 'GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET',
  microsoft: 'MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET',
};

/**
 * A pending Google or Microsoft connection and the consent URL to send the owner to:
 * authorization code with PKCE (S256) and offline access. The state names the
 * connection and carries a secret whose hash, with the encrypted verifier, waits in
 * `sync_state` until the callback.
 */
export async function startOAuthConnection(
  tdb: TenantDb,
  env: SyncEnv,
  input: { staff_id: string; provider: OAuthProvider },
  origin: string,
): Promise<{ id: string; authorization_url: string }> {
  if (!oauthCredentials(env, input.provider))
    throw new ApiError(
      'unprocessable',
      `Provider ${input.provider} is not configured on this server (${PROVIDER_ENV[input.provider]}).`,
    );
  if (!(await tdb.get(bookingStaff, input.staff_id)))
    throw new ApiError('validation_failed', 'No such staff member.', {
      errors: [{ path: 'staff_id', message: 'unknown staff member' }],
    });
  const row = await tdb.insert(bookingCalendarConnections, {
    staff_id: input.staff_id,
    provider: input.provider,
    sync_direction: 'both',
    status: 'pending',
  });
  const started = startAuthorization(
    env,
    input.provider,
    redirectUri(env, input.provider, origin),
    row.id,
  );
  await patchState(tdb, row.id, {
    oauth_state_hash: await sha256Hex(started.state),
    pkce_verifier: await encryptField(
      env.ENCRYPTION_KEY,
      ENCRYPTED.calendarPkceVerifier,
      started.verifier,
    ),
  });
  return { id: row.id, authorization_url: started.url };
}

export interface CallbackOutcome {
  /** Where to send the browser: the owner app's calendar settings with the result. */
  location: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function back(env: SyncEnv, origin: string, params: Record<string, string>): string {
  const base = (env.PUBLIC_BASE_URL || origin).replace(/\/+$/, '');
  return `${base}${RETURN_PATH}?${new URLSearchParams(params).toString()}`;
}

/**
 * `GET /oauth/:provider/callback`: checks the state against the pending connection
 * (once: the secrets are cleared whatever happens), trades the code for tokens with
 * the PKCE verifier, stores them encrypted, lists the calendars (the primary one
 * blocks), reads them and opens push channels. A state that names no pending
 * connection is a 400; anything the provider or the owner refused goes back to the
 * owner app as `?calendar_error=…&connection=…`.
 */
export async function finishOAuthConnection(
  db: Database,
  env: SyncEnv,
  provider: OAuthProvider,
  query: { state?: string; code?: string; error?: string },
  origin: string,
  now: Date,
): Promise<CallbackOutcome> {
  const [connectionId, secret] = (query.state ?? '').split('.');
  const invalid = () =>
    new ApiError('validation_failed', 'Unknown or used OAuth state: start connecting again.', {
      errors: [{ path: 'state', message: 'unknown or used' }],
    });
  if (!connectionId || !secret || !UUID.test(connectionId)) throw invalid();
  const [found] = await db
    .select()
    .from(bookingCalendarConnections)
    .where(eq(bookingCalendarConnections.id, connectionId));
  const state = (found?.sync_state ?? {}) as PushState;
  if (
    !found ||
    found.provider !== provider ||
    !state.oauth_state_hash ||
    state.oauth_state_hash !== (await sha256Hex(query.state ?? ''))
  )
    throw invalid();
  const tdb = tenantDb(db, found.tenant_id);
  const verifier = await decryptNullable(
    env.ENCRYPTION_KEY,
    ENCRYPTED.calendarPkceVerifier,
    state.pkce_verifier ?? null,
  );
  // One use: a replayed callback finds nothing to check against.
  await patchState(tdb, found.id, { oauth_state_hash: null, pkce_verifier: null });
  const fail = async (code: string, message: string) => {
    await tdb.update(bookingCalendarConnections, found.id, {
      status: 'error',
      last_error: message.slice(0, 1000),
      updated_at: now,
    });
    return { location: back(env, origin, { calendar_error: code, connection: found.id }) };
  };
  if (query.error) return fail(query.error.slice(0, 100), `consent not given: ${query.error}`);
  if (!query.code || !verifier) return fail('invalid_request', 'the provider sent no code');

  try {
    const tokens = await exchangeCode(
      env,
      provider,
      redirectUri(env, provider, origin),
      query.code,
      verifier,
      now,
    );
    if (!tokens.refreshToken)
      return fail('no_offline_access', `${provider} gave no refresh token (offline access)`);
    await tdb.update(bookingCalendarConnections, found.id, {
      access_token_encrypted: await encryptField(
        env.ENCRYPTION_KEY,
        ENCRYPTED.calendarAccessToken,
        tokens.accessToken,
      ),
      refresh_token_encrypted: await encryptField(
        env.ENCRYPTION_KEY,
        ENCRYPTED.calendarRefreshToken,
        tokens.refreshToken,
      ),
      token_expires_at: tokens.expiresAt,
      status: 'active',
      last_error: null,
      updated_at: now,
    });
  } catch (error) {
    if (error instanceof CalendarRevokedError || error instanceof CalendarUnreachableError)
      return fail('token_exchange_failed', error.message);
    throw error;
  }
  // The first read and the channels: a failure here leaves the connection with its
  // error recorded (the owner sees it), not a failed redirect.
  try {
    const active = await tdb.get(bookingCalendarConnections, found.id);
    if (active) await syncPushConnection(tdb, env, active, now, { full: true });
    const synced = await tdb.get(bookingCalendarConnections, found.id);
    if (synced) await ensurePushChannels(tdb, env, synced, now);
  } catch (error) {
    if (!(error instanceof CalendarUnreachableError)) throw error;
  }
  return { location: back(env, origin, { connected: found.id, provider }) };
}
