/**
 * Stand-in for "unlimited" in the tenants' `max_*` columns: they are NOT NULL integers
 * so that limit checks are a plain comparison, and no real business gets near this.
 */
export const UNLIMITED = 1_000_000;

export type PlanTier = 'free' | 'starter' | 'professional' | 'enterprise';

export interface PlanLimits {
  max_locations: number;
  max_staff: number;
  max_services: number;
}

/** The seed plan's standalone tiers (`booking-system-plan.md`, pricing). */
export const PLAN_LIMITS: Record<PlanTier, PlanLimits> = {
  free: { max_locations: 1, max_staff: 1, max_services: 3 },
  starter: { max_locations: 1, max_staff: 2, max_services: UNLIMITED },
  professional: { max_locations: 3, max_staff: 5, max_services: UNLIMITED },
  enterprise: { max_locations: UNLIMITED, max_staff: UNLIMITED, max_services: UNLIMITED },
};
