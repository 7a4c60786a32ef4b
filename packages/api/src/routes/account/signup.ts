import { signupSchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { createSession } from '../../features/accounts/sessions.ts';
import { signUp } from '../../features/accounts/signup.ts';
import { accountOf } from '../../features/accounts/users.ts';
import { deliverInBackground } from '../../features/notifications/events.ts';
import { readJson } from '../../http/body.ts';
import { clientAddress } from '../../http/client-address.ts';
import { publicOrigin } from '../../http/public-origin.ts';
import { rateLimit } from '../../middleware/rate-limit.ts';
import { assertSameOrigin, setSessionCookie } from '../../middleware/session.ts';

/**
 * `POST /signup`: a standalone business and its owner, signed in at once. The answer
 * keeps what it had before sessions (`tenant`, `api_key`) and adds the account.
 */
export const signupRoutes = new Hono<AppEnv>().post(
  '/signup',
  rateLimit('SIGNUP_LIMITER', clientAddress),
  async (c) => {
    assertSameOrigin(c);
    const input = await readJson(c, signupSchema);
    const db = c.get('db')();
    const now = new Date();
    const created = await signUp(db, input, publicOrigin(c), now);
    const session = await createSession(db, created.user.id, now);
    setSessionCookie(c, session.token, session.expiresAt);
    c.executionCtx.waitUntil(deliverInBackground(c.env));
    const account = await accountOf(db, created.user, session.token);
    return c.json({ tenant: created.tenant, api_key: created.api_key, ...account }, 201);
  },
);
