import type { Tenant } from '@booksprintz/shared';
import { api, tenantPath } from './api.ts';

/** Steps an owner ticks by doing them; kept with the business so every device agrees. */
export type OnboardingStep = 'hours' | 'branding' | 'link' | 'embed';

function doneSteps(tenant: Tenant): string[] {
  const value = tenant.booking_page_settings.onboarding_done;
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

export function isStepDone(tenant: Tenant, step: OnboardingStep): boolean {
  return doneSteps(tenant).includes(step);
}

/** Records a step as done (once); answers the updated business. */
export async function markStepDone(tenant: Tenant, step: OnboardingStep): Promise<Tenant> {
  const done = doneSteps(tenant);
  if (done.includes(step)) return tenant;
  return api.put<Tenant>(tenantPath(tenant.id), {
    booking_page_settings: { ...tenant.booking_page_settings, onboarding_done: [...done, step] },
  });
}
