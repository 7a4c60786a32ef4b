import type { AvailabilityRule } from '@booksprintz/shared';
import { api, tenantPath } from './api.ts';
import type { WeeklyWindow } from './ui/hours-editor.ts';

/** Whose weekly hours: a staff member's, a location's, or a class's timetable. */
export interface HoursScope {
  staff_id?: string;
  location_id?: string;
  /** A class's own timetable (business-wide when no staff member is named). */
  service_id?: string;
}

/**
 * The plain weekly hours of exactly that scope: recurring, every week, no end — a staff
 * member's usual week is neither a class's timetable nor their hours at one location.
 */
export function isWeeklyRule(rule: AvailabilityRule, scope: HoursScope = {}): boolean {
  return (
    rule.rule_type === 'recurring' &&
    rule.is_available &&
    rule.staff_id === (scope.staff_id ?? null) &&
    rule.location_id === (scope.location_id ?? null) &&
    rule.service_id === (scope.service_id ?? null) &&
    rule.recurrence_pattern === 'weekly' &&
    rule.date_range_start === null &&
    rule.date_range_end === null
  );
}

const key = (window: WeeklyWindow) =>
  `${window.day_of_week}|${window.start_time}|${window.end_time}`;

export function windowsOf(rules: AvailabilityRule[], scope: HoursScope = {}): WeeklyWindow[] {
  return rules
    .filter((rule) => isWeeklyRule(rule, scope))
    .map((rule) => ({
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
  const existing = rules.filter((rule) => isWeeklyRule(rule, scope));
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
