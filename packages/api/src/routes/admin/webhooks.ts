import {
  webhookCreateSchema,
  webhookDeliveryListQuery,
  webhookUpdateSchema,
} from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  sendTestEvent,
  updateWebhook,
} from '../../features/webhooks/endpoints.ts';
import { readJson, validate } from '../../http/body.ts';
import { requireRole } from '../../middleware/auth.ts';
import { uuidParam } from './params.ts';

/**
 * `/tenants/:tenant_id/webhooks`: outgoing Standard Webhooks endpoints. Owners and
 * admins only — an endpoint receives every customer's booking details.
 */
export const webhookRoutes = new Hono<AppEnv>()
  .use('*', requireRole('owner', 'admin'))
  .get('/', async (c) => c.json({ data: await listWebhooks(c.get('tenantDb')) }))
  .post('/', async (c) => {
    const input = await readJson(c, webhookCreateSchema);
    return c.json(await createWebhook(c.get('tenantDb'), c.env, input), 201);
  })
  .get('/:id', async (c) => c.json(await getWebhook(c.get('tenantDb'), uuidParam(c, 'id'))))
  .put('/:id', async (c) => {
    const patch = await readJson(c, webhookUpdateSchema);
    return c.json(await updateWebhook(c.get('tenantDb'), c.env, uuidParam(c, 'id'), patch));
  })
  .delete('/:id', async (c) => {
    await deleteWebhook(c.get('tenantDb'), uuidParam(c, 'id'));
    return c.body(null, 204);
  })
  .get('/:id/deliveries', async (c) => {
    const query = validate(webhookDeliveryListQuery, c.req.query());
    return c.json(await listDeliveries(c.get('tenantDb'), uuidParam(c, 'id'), query));
  })
  .post('/:id/test', async (c) =>
    c.json(await sendTestEvent(c.get('tenantDb'), c.env, uuidParam(c, 'id'))),
  );
