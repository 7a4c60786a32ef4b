import type { AvailabilityRule } from '@booksprintz/shared';
import { api, tenantPath } from './api.ts';
import type { WeeklyWindow } from './ui/hours-editor.ts';

export interface HoursScope {
  staff_id?: string;
  location_id?: string;
}

/** The plain weekly hours of a staff member or location: recurring, every week, no end. */
export function isWeeklyRule(rule: AvailabilityRule): boolean {
  return (
    rule.rule_type === 'recurring' &&
    rule.service_id === null &&
    rule.recurrence_pattern === 'weekly' &&
    rule.date_range_start === null &&
    rule.date_range_end === null
  );
}

const key = (window: WeeklyWindow) =>
  `${window.day_of_week}|${window.start_time}|${window.end_time}`;

export function windowsOf(rules: AvailabilityRule[]): WeeklyWindow[] {
  return rules.filter(isWeeklyRule).map((rule) => ({
    day_of_week: rule.day_of_week ?? 0,
    start_time: (rule.start_time ?? '').slice(0, 5),
    end_time: (rule.end_time ?? '').slice(0, 5),
  }));
}

/**
 * Makes the stored weekly rules equal `windows`: creates what is new first, then
 * deletes what is gone, so a failure half-way never leaves the week emptier than
 * either the old or the new hours.
 */
export async function saveWeeklyHours(
  tenantId: string,
  scope: HoursScope,
  rules: AvailabilityRule[],
  windows: WeeklyWindow[],
): Promise<void> {
  const existing = rules.filter(isWeeklyRule);
  const kept = new Set(
    existing.map((rule) =>
      key({
        day_of_week: rule.day_of_week ?? 0,
        start_time: (rule.start_time ?? '').slice(0, 5),
        end_time: (rule.end_time ?? '').slice(0, 5),
      }),
    ),
  );
  const wanted = new Set(windows.map(key));
  for (const window of windows) {
    if (kept.has(key(window))) continue;
    await api.post(tenantPath(tenantId, '/availability-rules'), {
      ...scope,
      rule_type: 'recurring',
      recurrence_pattern: 'weekly',
      ...window,
    });
  }
  for (const rule of existing) {
    const ruleKey = key({
      day_of_week: rule.day_of_week ?? 0,
      start_time: (rule.start_time ?? '').slice(0, 5),
      end_time: (rule.end_time ?? '').slice(0, 5),
    });
    if (!wanted.has(ruleKey))
      await api.delete(tenantPath(tenantId, `/availability-rules/${rule.id}`));
  }
}
