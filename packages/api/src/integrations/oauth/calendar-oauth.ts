import {
  CodeChallengeMethod,
  generateCodeVerifier,
  generateState,
  OAuth2Client,
  OAuth2RequestError,
} from 'arctic';
import { CalendarUnreachableError } from '../calendar-source.ts';
import type { ProviderEnv as SyncEnv } from './provider-env.ts';

/** The calendar providers reached over OAuth 2.0. */
export type OAuthProvider = 'google' | 'microsoft';
export const OAUTH_PROVIDERS: readonly OAuthProvider[] = ['google', 'microsoft'];

export interface OAuthEndpoints {
  authorize: string;
  token: string;
  scopes: string[];
  /** Extra authorization parameters: Google needs both to hand out a refresh token. */
  extra: Record<string, string>;
}

/** The refresh token no longer works (revoked by the user, expired, password changed). */
export class CalendarRevokedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarRevokedError';
  }
}

/**
 * A development-only base URL (a local fake), else null: a stray setting in
 * production cannot send calendar tokens anywhere but the provider.
 */
export function devBase(env: SyncEnv, value: string | undefined): string | null {
  if (env.ENVIRONMENT !== 'development' || !value) return null;
  return value.replace(/\/+$/, '');
}

export function oauthEndpoints(env: SyncEnv, provider: OAuthProvider): OAuthEndpoints {
  if (provider === 'google') {
    const base = devBase(env, env.GOOGLE_OAUTH_BASE);
    return {
      authorize: `${base ?? 'https://accounts.google.com'}/o/oauth2/v2/auth`,
      token: base ? `${base}/token` : 'https://oauth2.googleapis.com/token',
      scopes: [
        'https://www.googleapis.com/auth/calendar.readonly',
        'https://www.googleapis.com/auth/calendar.events',
      ],
      extra: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
    };
  }
  const base = devBase(env, env.MICROSOFT_OAUTH_BASE) ?? 'https://login.microsoftonline.com';
  const directory = encodeURIComponent(env.MICROSOFT_TENANT || 'common');
  return {
    authorize: `${base}/${directory}/oauth2/v2.0/authorize`,
    token: `${base}/${directory}/oauth2/v2.0/token`,
    scopes: ['offline_access', 'User.Read', 'Calendars.ReadWrite'],
    extra: { prompt: 'select_account' },
  };
}

/** The app's client id and secret for a provider, or null when this server has none. */
export function oauthCredentials(
  env: SyncEnv,
  provider: OAuthProvider,
): { id: string; secret: string } | null {
  const id = provider === 'google' ? env.GOOGLE_CLIENT_ID : env.MICROSOFT_CLIENT_ID;
  const secret = provider === 'google' ? env.GOOGLE_CLIENT_SECRET : env.MICROSOFT_CLIENT_SECRET;
  return id && secret ? { id, secret } : null;
}

/** Where the provider sends the browser back: one fixed URL per provider. */
export function redirectUri(env: SyncEnv, provider: OAuthProvider, origin: string): string {
  const base = (env.PUBLIC_BASE_URL || origin).replace(/\/+$/, '');
  return `${base}/api/booking/v1/oauth/${provider}/callback`;
}

function client(env: SyncEnv, provider: OAuthProvider, redirect: string | null): OAuth2Client {
  const credentials = oauthCredentials(env, provider);
  if (!credentials) throw new CalendarUnreachableError(`${provider} is not configured`);
  return new OAuth2Client(credentials.id, credentials.secret, redirect);
}

/** A consent URL with PKCE (S256) and its secrets to keep until the callback. */
export function startAuthorization(
  env: SyncEnv,
  provider: OAuthProvider,
  redirect: string,
  statePrefix: string,
): { url: string; state: string; verifier: string } {
  const endpoints = oauthEndpoints(env, provider);
  const state = `${statePrefix}.${generateState()}`;
  const verifier = generateCodeVerifier();
  const url = client(env, provider, redirect).createAuthorizationURLWithPKCE(
    endpoints.authorize,
    state,
    CodeChallengeMethod.S256,
    verifier,
    endpoints.scopes,
  );
  for (const [name, value] of Object.entries(endpoints.extra)) url.searchParams.set(name, value);
  return { url: url.toString(), state, verifier };
}

export interface TokenSet {
  accessToken: string;
  /** Null when the provider kept the old one (Google on refresh). */
  refreshToken: string | null;
  expiresAt: Date;
}

function tokenSet(tokens: Awaited<ReturnType<OAuth2Client['refreshAccessToken']>>, now: Date) {
  const data = tokens.data as { refresh_token?: unknown; expires_in?: unknown };
  const expiresIn = typeof data.expires_in === 'number' ? data.expires_in : 3600;
  return {
    accessToken: tokens.accessToken(),
    refreshToken: typeof data.refresh_token === 'string' ? data.refresh_token : null,
    expiresAt: new Date(now.getTime() + expiresIn * 1000),
  };
}

function failure(provider: OAuthProvider, error: unknown): Error {
  if (error instanceof OAuth2RequestError && error.code === 'invalid_grant')
    return new CalendarRevokedError(
      `${provider} refused the stored authorization (invalid_grant): reconnect the calendar`,
    );
  if (error instanceof OAuth2RequestError)
    return new CalendarUnreachableError(`${provider} token request failed: ${error.code}`);
  return new CalendarUnreachableError(
    `${provider} token request failed: ${error instanceof Error ? error.message : String(error)}`,
  );
}

export async function exchangeCode(
  env: SyncEnv,
  provider: OAuthProvider,
  redirect: string,
  code: string,
  verifier: string,
  now: Date,
): Promise<TokenSet> {
  try {
    const tokens = await client(env, provider, redirect).validateAuthorizationCode(
      oauthEndpoints(env, provider).token,
      code,
      verifier,
    );
    return tokenSet(tokens, now);
  } catch (error) {
    throw failure(provider, error);
  }
}

export async function refreshTokens(
  env: SyncEnv,
  provider: OAuthProvider,
  refreshToken: string,
  now: Date,
): Promise<TokenSet> {
  try {
    const tokens = await client(env, provider, null).refreshAccessToken(
      oauthEndpoints(env, provider).token,
      refreshToken,
      [],
    );
    return tokenSet(tokens, now);
  } catch (error) {
    throw failure(provider, error);
  }
}
