/** The roles a key (or a signed-in user) can have on a tenant. */
export type Role = 'owner' | 'admin' | 'staff';

/**
 * Who is calling an admin route of a tenant, with what rights there, as
 * `requireTenantKey` established it from an API key or a session cookie. Features take
 * it to scope what they show and allow (staff see their own calendar only), so it lives
 * with the accounts domain, not in the middleware that sets it.
 */
export interface TenantAuth {
  tenantId: string;
  role: Role;
  /** Set for staff: the only staff member whose calendar and hours may be touched. */
  staffId: string | null;
  /** The API key used, or null for a signed-in person. */
  keyId: string | null;
  /** The signed-in person, or null for an API key. */
  userId: string | null;
}

/** The name from before sessions; the same type as `TenantAuth`. */
export type KeyAuth = TenantAuth;
