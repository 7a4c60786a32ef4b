import type { Tenant } from '@booksprintz/shared';
import { createContext } from '@lit/context';

export type Role = 'owner' | 'admin' | 'staff';

export interface SessionUser {
  id: string;
  email: string;
  name?: string | null;
  email_verified?: boolean;
}

/** One business the user belongs to, as `/auth/me` lists it. */
export interface Membership {
  id: string;
  business_name?: string;
  subdomain?: string;
  role: Role;
  staff_id?: string | null;
}

/** Who is signed in and which business the app is showing. */
export interface Session {
  user: SessionUser;
  memberships: Membership[];
  tenant: Tenant;
  role: Role;
  /** The staff member a staff-role user is; they see only their own calendar and hours. */
  staffId: string | null;
  /** Reloads the business after a settings change, so every screen shows it. */
  refresh(): Promise<void>;
}

export const sessionContext = createContext<Session | undefined>(Symbol('bs-session'));

/** Admin and owner manage everything; staff only themselves. */
export function canManage(session: Session | undefined): boolean {
  return session?.role === 'owner' || session?.role === 'admin';
}
