import {
  availabilityRuleCreateSchema,
  availabilityRuleListQuerySchema,
  availabilityRuleUpdateSchema,
} from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import {
  createRule,
  deleteRule,
  getRule,
  listRules,
  updateRule,
} from '../../features/catalog/availability-rules.ts';
import { readJson, validate } from '../../http/body.ts';
import { uuidParam } from './params.ts';

/**
 * `/tenants/:tenant_id/availability-rules`: every role, but a staff key only ever sees
 * and changes its own staff member's rules (the service scopes by the key).
 */
export const availabilityRuleRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const filters = validate(availabilityRuleListQuerySchema, c.req.query());
    return c.json({ data: await listRules(c.get('tenantDb'), c.get('auth'), filters) });
  })
  .get('/:id', async (c) =>
    c.json(await getRule(c.get('tenantDb'), c.get('auth'), uuidParam(c, 'id'))),
  )
  .post('/', async (c) => {
    const input = await readJson(c, availabilityRuleCreateSchema);
    return c.json(await createRule(c.get('tenantDb'), c.get('auth'), input), 201);
  })
  .put('/:id', async (c) => {
    const id = uuidParam(c, 'id');
    const patch = await readJson(c, availabilityRuleUpdateSchema);
    return c.json(await updateRule(c.get('tenantDb'), c.get('auth'), id, patch));
  })
  .delete('/:id', async (c) => {
    await deleteRule(c.get('tenantDb'), c.get('auth'), uuidParam(c, 'id'));
    return c.body(null, 204);
  });
