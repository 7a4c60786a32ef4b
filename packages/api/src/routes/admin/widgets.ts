import { widgetCreateSchema, widgetUpdateSchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { widgetEmbedCode } from '../../features/widgets/embed-code.ts';
import {
  createWidget,
  deleteWidget,
  getWidget,
  listWidgets,
  updateWidget,
} from '../../features/widgets/widgets.ts';
import { readJson } from '../../http/body.ts';
import { requireRole } from '../../middleware/auth.ts';
import { uuidParam } from './params.ts';

/** `/tenants/:tenant_id/widgets`: every role reads them and their snippet; owners and admins change them. */
export const widgetRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ data: await listWidgets(c.get('tenantDb')) }))
  .get('/:id', async (c) => c.json(await getWidget(c.get('tenantDb'), uuidParam(c, 'id'))))
  .get('/:id/embed-code', async (c) => {
    // The snippet loads the widget from where this API is served.
    const origin = new URL(c.req.url).origin;
    return c.json(await widgetEmbedCode(c.get('tenantDb'), uuidParam(c, 'id'), origin));
  })
  .post('/', requireRole('owner', 'admin'), async (c) => {
    const input = await readJson(c, widgetCreateSchema);
    return c.json(await createWidget(c.get('tenantDb'), input), 201);
  })
  .put('/:id', requireRole('owner', 'admin'), async (c) => {
    const id = uuidParam(c, 'id');
    const patch = await readJson(c, widgetUpdateSchema);
    return c.json(await updateWidget(c.get('tenantDb'), id, patch));
  })
  .delete('/:id', requireRole('owner', 'admin'), async (c) => {
    await deleteWidget(c.get('tenantDb'), uuidParam(c, 'id'));
    return c.body(null, 204);
  });
