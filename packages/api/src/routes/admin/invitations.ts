import { invitationCreateSchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import {
  createInvitation,
  listInvitations,
  revokeInvitation,
} from '../../features/accounts/invitations.ts';
import { deliverInBackground } from '../../features/notifications/events.ts';
import { readJson } from '../../http/body.ts';
import { publicOrigin } from '../../http/public-origin.ts';
import { requireRole } from '../../middleware/auth.ts';
import { uuidParam } from './params.ts';

/** `/tenants/:tenant_id/invitations`: the team, invited by e-mail (owners and admins). */
export const invitationRoutes = new Hono<AppEnv>()
  .use('*', requireRole('owner', 'admin'))
  .post('/', async (c) => {
    const input = await readJson(c, invitationCreateSchema);
    const invitation = await createInvitation(
      c.get('tenantDb'),
      c.get('auth'),
      input,
      publicOrigin(c),
      new Date(),
    );
    c.executionCtx.waitUntil(deliverInBackground(c.env));
    return c.json(invitation, 201);
  })
  .get('/', async (c) => c.json({ data: await listInvitations(c.get('tenantDb'), new Date()) }))
  .delete('/:id', async (c) => {
    await revokeInvitation(c.get('tenantDb'), uuidParam(c, 'id'), new Date());
    return c.body(null, 204);
  });
