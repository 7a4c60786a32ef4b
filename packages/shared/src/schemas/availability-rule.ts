import { z } from 'zod';
import { instant, isoDate, patchFields, text, uuid, wallTime } from './common.ts';

export const ruleType = z.enum(['recurring', 'override', 'block']);
export const recurrencePattern = z.enum(['weekly', 'biweekly']);

const ruleFields = {
  staff_id: uuid.nullish(),
  location_id: uuid.nullish(),
  service_id: uuid.nullish(),
  rule_type: ruleType,
  /** 0 = Sunday … 6 = Saturday. */
  day_of_week: z.number().int().min(0).max(6).nullish(),
  /** Wall-clock `HH:MM`; an end ≤ start runs past midnight. */
  start_time: wallTime.nullish(),
  end_time: wallTime.nullish(),
  specific_date: isoDate.nullish(),
  date_range_start: isoDate.nullish(),
  date_range_end: isoDate.nullish(),
  is_available: z.boolean().optional(),
  reason: text(500).nullish(),
  recurrence_pattern: recurrencePattern.default('weekly'),
  priority: z.number().int().min(-1000).max(1000).default(0),
};

type RuleShape = {
  rule_type?: string | undefined;
  day_of_week?: number | null | undefined;
  start_time?: string | null | undefined;
  end_time?: string | null | undefined;
  specific_date?: string | null | undefined;
  date_range_start?: string | null | undefined;
  date_range_end?: string | null | undefined;
  is_available?: boolean | undefined;
  recurrence_pattern?: string | undefined;
};

/**
 * What makes a rule meaningful (DESIGN §3.1), checked on the merged rule so an update
 * cannot leave a half rule behind. The database has the same CHECKs as a last guard.
 */
export function checkRuleConsistency(
  rule: RuleShape,
  addIssue: (path: string, message: string) => void,
): void {
  const hasStart = rule.start_time != null;
  const hasEnd = rule.end_time != null;
  if (hasStart !== hasEnd) addIssue(hasStart ? 'end_time' : 'start_time', 'times come in pairs');
  if (hasStart && rule.start_time === rule.end_time) {
    addIssue('end_time', 'a window needs an end different from its start');
  }
  if (rule.rule_type === 'recurring') {
    if (rule.day_of_week == null) addIssue('day_of_week', 'a recurring rule needs a day of week');
    if (!hasStart) addIssue('start_time', 'a recurring rule needs start and end times');
    if (rule.is_available === false) {
      addIssue('is_available', 'recurring rules open time; use a block to close it');
    }
  } else if (rule.rule_type) {
    if (rule.specific_date == null && rule.date_range_start == null) {
      addIssue('specific_date', 'an override or block needs a date or a date range');
    }
    if (rule.rule_type === 'block' && rule.is_available === true) {
      addIssue('is_available', 'a block closes time; is_available must be false');
    }
  }
  if (rule.date_range_end != null && rule.date_range_start == null) {
    addIssue('date_range_start', 'a date range needs its start');
  }
  if (
    rule.date_range_start != null &&
    rule.date_range_end != null &&
    rule.date_range_end < rule.date_range_start
  ) {
    addIssue('date_range_end', 'the range ends before it starts');
  }
  if (rule.recurrence_pattern === 'biweekly' && rule.date_range_start == null) {
    addIssue('date_range_start', 'a biweekly rule counts its weeks from date_range_start');
  }
}

export const availabilityRuleCreateSchema = z
  .strictObject(ruleFields)
  .superRefine((rule, ctx) =>
    checkRuleConsistency(rule, (path, message) =>
      ctx.addIssue({ code: 'custom', path: [path], message }),
    ),
  );

export const availabilityRuleUpdateSchema = z
  .strictObject(patchFields(ruleFields))
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

export const availabilityRuleSchema = z.object({
  id: uuid,
  staff_id: uuid.nullable(),
  location_id: uuid.nullable(),
  service_id: uuid.nullable(),
  rule_type: ruleType,
  day_of_week: z.number().int().nullable(),
  start_time: z.string().nullable(),
  end_time: z.string().nullable(),
  specific_date: z.string().nullable(),
  date_range_start: z.string().nullable(),
  date_range_end: z.string().nullable(),
  is_available: z.boolean(),
  reason: z.string().nullable(),
  recurrence_pattern: recurrencePattern,
  priority: z.number().int(),
  created_at: instant.optional(),
  updated_at: instant.optional(),
});

/** `GET …/availability-rules` filters; all optional, combined with AND. */
export const availabilityRuleListQuerySchema = z.strictObject({
  staff_id: uuid.optional(),
  location_id: uuid.optional(),
  rule_type: ruleType.optional(),
});

export type AvailabilityRuleCreate = z.infer<typeof availabilityRuleCreateSchema>;
export type AvailabilityRuleUpdate = z.infer<typeof availabilityRuleUpdateSchema>;
export type AvailabilityRule = z.infer<typeof availabilityRuleSchema>;
export type AvailabilityRuleListQuery = z.infer<typeof availabilityRuleListQuerySchema>;
