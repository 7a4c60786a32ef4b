/** The roles a key (or a signed-in user) can have on a tenant. */
export type Role = 'owner' | 'admin' | 'staff';

/**
 * Who is calling an admin route, as `requireTenantKey` established it. Features take it
 * to scope what they show and allow (a staff key sees its own calendar only), so it
 * lives with the accounts domain, not in the middleware that sets it.
 */
export interface KeyAuth {
  keyId: string;
  tenantId: string;
  role: Role;
  /** Set for staff keys: the only staff member whose calendar the key may touch. */
  staffId: string | null;
}
