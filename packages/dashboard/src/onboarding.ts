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

/** Steps are recorded one at a time, so that two quick ones do not overwrite each other. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Records a step as done (once); answers the updated business. The settings are read
 * afresh first: the caller's copy may predate a step just recorded (copying the link,
 * then the code, in quick succession).
 */
export function markStepDone(tenant: Tenant, step: OnboardingStep): Promise<Tenant> {
  const run = queue.then(async () => {
    const current = await api.get<Tenant>(tenantPath(tenant.id));
    const done = doneSteps(current);
    if (done.includes(step)) return current;
    return api.put<Tenant>(tenantPath(tenant.id), {
      booking_page_settings: { ...current.booking_page_settings, onboarding_done: [...done, step] },
    });
  });
  queue = run.catch(() => undefined);
  return run;
}
