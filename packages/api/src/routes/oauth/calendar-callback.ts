import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { finishOAuthConnection } from '../../features/calendar/oauth-connect.ts';
import { ApiError } from '../../http/api-error.ts';
import type { OAuthProvider } from '../../integrations/oauth/calendar-oauth.ts';

/**
 * `GET /oauth/:provider/callback`: where Google and Microsoft send the owner's browser
 * after the consent screen; answers with a redirect to the owner app's calendar settings
 * (`?connected=<id>&provider=…` or `?calendar_error=<code>&connection=<id>`).
 */
export const oauthCallbackRoutes = new Hono<AppEnv>().get('/:provider/callback', async (c) => {
  const provider = c.req.param('provider');
  if (provider !== 'google' && provider !== 'microsoft')
    throw new ApiError('not_found', `No OAuth provider named ${provider}.`);
  const outcome = await finishOAuthConnection(
    c.get('db')(),
    c.env,
    provider as OAuthProvider,
    { state: c.req.query('state'), code: c.req.query('code'), error: c.req.query('error') },
    new URL(c.req.url).origin,
    new Date(),
  );
  return c.redirect(outcome.location, 302);
});
