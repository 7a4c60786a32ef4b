import {
  acceptInvitationSchema,
  emailVerificationSchema,
  loginSchema,
  passwordResetConfirmSchema,
  passwordResetRequestSchema,
} from '@booksprintz/shared';
import { type Context, Hono } from 'hono';
import type { BookingUser } from '../../db/schema/index.ts';
import type { AppEnv } from '../../env.ts';
import { firstTenantOf } from '../../features/accounts/account-links.ts';
import { sendVerificationEmail, verifyEmail } from '../../features/accounts/email-verification.ts';
import { acceptInvitation } from '../../features/accounts/invitations.ts';
import { authenticate } from '../../features/accounts/login.ts';
import { spendLoginLink } from '../../features/accounts/login-links.ts';
import {
  confirmPasswordReset,
  requestPasswordReset,
} from '../../features/accounts/password-reset.ts';
import { createSession, endSession } from '../../features/accounts/sessions.ts';
import { accountOf } from '../../features/accounts/users.ts';
import { deliverInBackground } from '../../features/notifications/events.ts';
import { readJson } from '../../http/body.ts';
import { clientAddress } from '../../http/client-address.ts';
import { publicOrigin } from '../../http/public-origin.ts';
import { enforceLimit } from '../../middleware/rate-limit.ts';
import {
  assertCsrf,
  assertSameOrigin,
  clearSessionCookie,
  requireSession,
  sessionToken,
  setSessionCookie,
} from '../../middleware/session.ts';

/** Starts a session for `user`, sets its cookie and answers with the account. */
async function signIn(c: Context<AppEnv>, user: BookingUser, status: 200 | 201 = 200) {
  const db = c.get('db')();
  const session = await createSession(db, user.id, new Date());
  setSessionCookie(c, session.token, session.expiresAt);
  return c.json(await accountOf(db, user, session.token), status);
}

/** Sign-in, sign-out and the e-mailed links of the owner app (API.md "Owner accounts"). */
export const authRoutes = new Hono<AppEnv>()
  .post('/login', async (c) => {
    // Login CSRF (signing a victim into the attacker's account) is refused like any other.
    assertSameOrigin(c);
    const input = await readJson(c, loginSchema);
    // Without a trusted address (CLIENT_ADDRESS_HEADER) failures share one client bucket.
    const user = await authenticate(
      c.get('db')(),
      input,
      clientAddress(c) ?? 'unknown',
      new Date(),
    );
    return signIn(c, user);
  })
  .post('/logout', async (c) => {
    const token = sessionToken(c);
    if (token) {
      await assertCsrf(c, token);
      await endSession(c.get('db')(), token);
    }
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .get('/me', requireSession, async (c) => {
    const { user, token } = c.get('session');
    return c.json(await accountOf(c.get('db')(), user, token));
  })
  .post('/password-reset', async (c) => {
    const { email } = await readJson(c, passwordResetRequestSchema);
    await enforceLimit(c, 'SIGNUP_LIMITER', `reset:${clientAddress(c)}`);
    if (await requestPasswordReset(c.get('db')(), email, publicOrigin(c), new Date())) {
      c.executionCtx.waitUntil(deliverInBackground(c.env));
    }
    // The same answer whether or not the address has an account.
    return c.body(null, 202);
  })
  .post('/password-reset/confirm', async (c) => {
    const input = await readJson(c, passwordResetConfirmSchema);
    await confirmPasswordReset(c.get('db')(), input, new Date());
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .post('/verify-email', async (c) => {
    const { token } = await readJson(c, emailVerificationSchema);
    await verifyEmail(c.get('db')(), token, new Date());
    return c.body(null, 204);
  })
  .post('/verify-email/resend', requireSession, async (c) => {
    const { user } = c.get('session');
    const db = c.get('db')();
    const tenant = await firstTenantOf(db, user.id);
    if (!user.email_verified_at && tenant) {
      await enforceLimit(c, 'SIGNUP_LIMITER', `verify:${user.id}`);
      await sendVerificationEmail(db, user, tenant, publicOrigin(c), new Date());
      c.executionCtx.waitUntil(deliverInBackground(c.env));
    }
    return c.body(null, 202);
  })
  .post('/accept-invitation', async (c) => {
    assertSameOrigin(c);
    const input = await readJson(c, acceptInvitationSchema);
    const user = await acceptInvitation(c.get('db')(), input, new Date());
    return signIn(c, user);
  })
  .get('/login-links/:token', async (c) => {
    const user = await spendLoginLink(c.get('db')(), c.req.param('token'), new Date());
    if (!user) return c.redirect('/app/login?error=login_link_invalid', 303);
    const session = await createSession(c.get('db')(), user.id, new Date());
    setSessionCookie(c, session.token, session.expiresAt);
    return c.redirect('/app', 303);
  });
