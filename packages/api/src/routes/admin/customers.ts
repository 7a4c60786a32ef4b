import { customerListQuerySchema, customerUpdateSchema } from '@booksprintz/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { eraseCustomer } from '../../features/customers/customer-erasure.ts';
import {
  exportCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
} from '../../features/customers/customers.ts';
import { readJson, validate } from '../../http/body.ts';
import { requireRole } from '../../middleware/auth.ts';
import { uuidParam } from './params.ts';

/**
 * `/tenants/:tenant_id/customers`: personal data, so owners and admins only. Customers
 * are created by bookings; here they are looked up, corrected, exported and erased.
 */
export const customerRoutes = new Hono<AppEnv>()
  .use('*', requireRole('owner', 'admin'))
  .get('/', async (c) => {
    const query = validate(customerListQuerySchema, c.req.query());
    return c.json(await listCustomers(c.get('tenantDb'), c.env.ENCRYPTION_KEY, query));
  })
  .get('/:id', async (c) =>
    c.json(await getCustomer(c.get('tenantDb'), c.env.ENCRYPTION_KEY, uuidParam(c, 'id'))),
  )
  .get('/:id/export', async (c) => {
    const id = uuidParam(c, 'id');
    const data = await exportCustomer(c.get('tenantDb'), c.env.ENCRYPTION_KEY, id);
    c.header('Content-Disposition', `attachment; filename="customer-${id}.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json(data);
  })
  .put('/:id', async (c) => {
    const id = uuidParam(c, 'id');
    const patch = await readJson(c, customerUpdateSchema);
    return c.json(await updateCustomer(c.get('tenantDb'), c.env.ENCRYPTION_KEY, id, patch));
  })
  .delete('/:id', async (c) => {
    await eraseCustomer(c.get('tenantDb'), uuidParam(c, 'id'));
    return c.body(null, 204);
  });
