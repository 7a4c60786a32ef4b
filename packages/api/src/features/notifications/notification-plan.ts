import { type BookingEventType, isValidZone, zoneClock } from '@booksprintz/shared';
import { DateTime } from 'luxon';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

export type NotificationType =
  | 'confirmation'
  | 'reminder'
  | 'rescheduled'
  | 'cancellation'
  | 'follow_up'
  | 'approval_request'
  | 'webhook_disabled';

/** Who a message is for: the customer, the business's address, or the staff member. */
export type Audience = 'customer' | 'business' | 'staff';
export type Channel = 'email' | 'sms';

export interface PlannedMessage {
  type: NotificationType;
  audience: Audience;
  channel: Channel;
  scheduledFor: Date;
  /** Unique per tenant: the outbox ignores a second row with the same key. */
  idempotencyKey: string;
  /** Reminders: minutes before the start this one was planned for. */
  offsetMinutes?: number;
}

export interface PlanInput {
  event: BookingEventType;
  now: Date;
  appointment: {
    id: string;
    status: string;
    startTime: Date;
    endTime: Date;
    sequence: number;
    requiresApproval: boolean;
  };
  /** The business's IANA zone: whole-day reminder offsets are counted in it. */
  businessZone: string;
  reminderOffsetsMinutes: readonly number[];
  /** The customer allows non-transactional email (reminders, follow-up). */
  customerEmailReminders: boolean;
  /** Opted in, a phone on file, and a plan that includes SMS. */
  customerSms: boolean;
  businessEmail: string | null;
  /** Only when it differs from the business address. */
  staffEmail: string | null;
}

export interface NotificationPlan {
  messages: PlannedMessage[];
  /** Pending messages of these types for the appointment are withdrawn first. */
  withdraw: NotificationType[];
}

/** How long after the appointment ends the follow-up goes out. */
export const FOLLOW_UP_DELAY_MINUTES = 60;

/**
 * When a reminder `offsetMinutes` before `start` goes out. Whole days are calendar days
 * in the business's zone — "24 h before" a 10:00 appointment is 10:00 the day before,
 * also across a DST change, where that is 23 or 25 real hours — and the rest is real
 * time (2 h before is 120 minutes before). A day-earlier wall time that falls in a
 * spring-forward gap moves forward by the gap's length (Luxon's rule).
 *
 * @example
 * // America/New_York, DST ends 2027-11-07: 10:00 EST on Nov 7 is 15:00Z.
 * reminderInstant(new Date('2027-11-07T15:00:00Z'), 1440, 'America/New_York')
 * // → 2027-11-06T14:00:00Z (10:00 EDT), 25 real hours earlier
 */
export function reminderInstant(start: Date, offsetMinutes: number, zone: string): Date {
  const days = Math.floor(offsetMinutes / 1440);
  const minutes = offsetMinutes - days * 1440;
  if (!isValidZone(zone) || Number.isNaN(start.getTime())) {
    // Luxon's answer for what it cannot read (an invalid date), as before.
    return DateTime.fromJSDate(start, { zone }).minus({ days }).minus({ minutes }).toJSDate();
  }
  // What `DateTime.fromJSDate(start, { zone }).minus({ days }).minus({ minutes })` does
  // (Luxon's `adjustTime` and `fixOffset`), on the engine's cached zone offsets instead
  // of an `Intl` formatter per offset (issue 21: Luxon was 6 % of a booking's isolate
  // time). Checked against Luxon in notification-plan.test.ts.
  const clock = zoneClock(zone);
  const at = start.getTime();
  const startOffset = clock.offsetAt(at);
  // minus({ days }): the wall clock `days` calendar days earlier, read with the start's offset first.
  const [dayBefore, dayOffset] = fixOffset(
    at + startOffset * MS_PER_MINUTE - days * MS_PER_DAY,
    startOffset,
    clock.offsetAt,
  );
  // minus({ minutes }): the same wall clock read again, then real minutes earlier.
  const [same] = fixOffset(dayBefore + dayOffset * MS_PER_MINUTE, dayOffset, clock.offsetAt);
  return new Date(same - minutes * MS_PER_MINUTE);
}

/** Luxon's `fixOffset`: the instant of local timestamp `local` guessed with offset `guess`. */
function fixOffset(
  local: number,
  guess: number,
  offsetAt: (instant: number) => number,
): [number, number] {
  let instant = local - guess * MS_PER_MINUTE;
  const second = offsetAt(instant);
  if (second === guess) return [instant, guess];
  instant -= (second - guess) * MS_PER_MINUTE;
  const third = offsetAt(instant);
  if (second === third) return [instant, second];
  // A local time in a gap: Luxon keeps the local time with the smaller offset.
  return [local - Math.min(second, third) * MS_PER_MINUTE, Math.max(second, third)];
}

/**
 * Which messages a booking event causes (DESIGN §6). Pure: the caller loads the facts
 * and writes the rows. Idempotency keys make a replayed event, or `confirmed` after a
 * `created` that was already confirmed, queue nothing twice; keys of time-bound
 * messages carry the sequence and start, so a reschedule plans fresh ones.
 */
export function planNotifications(input: PlanInput): NotificationPlan {
  const { appointment: appt, now } = input;
  const messages: PlannedMessage[] = [];
  const at = (
    type: NotificationType,
    audience: Audience,
    channel: Channel,
    key: string,
    scheduledFor = now,
  ) => messages.push({ type, audience, channel, scheduledFor, idempotencyKey: key });
  const version = `${appt.sequence}:${Math.floor(appt.startTime.getTime() / 1000)}`;

  const toBusiness = (type: NotificationType, suffix: string) => {
    if (input.businessEmail) at(type, 'business', 'email', `${type}:business:email:${suffix}`);
    if (input.staffEmail) at(type, 'staff', 'email', `${type}:staff:email:${suffix}`);
  };
  const toCustomer = (type: NotificationType, suffix: string, sms = true) => {
    at(type, 'customer', 'email', `${type}:customer:email:${suffix}`);
    if (sms && input.customerSms) at(type, 'customer', 'sms', `${type}:customer:sms:${suffix}`);
  };
  const planReminders = () => {
    if (appt.status !== 'confirmed' || !input.customerEmailReminders) return;
    for (const offset of new Set(input.reminderOffsetsMinutes)) {
      const when = reminderInstant(appt.startTime, offset, input.businessZone);
      // A reminder whose moment has passed (booked at short notice) is not sent late.
      if (when.getTime() <= now.getTime()) continue;
      const channels: Channel[] = input.customerSms ? ['email', 'sms'] : ['email'];
      for (const channel of channels) {
        messages.push({
          type: 'reminder',
          audience: 'customer',
          channel,
          scheduledFor: when,
          offsetMinutes: offset,
          idempotencyKey: `reminder:${offset}:${channel}:${appt.id}:${version}`,
        });
      }
    }
  };
  const confirm = () => {
    if (appt.status === 'confirmed') {
      toCustomer('confirmation', appt.id);
      toBusiness('confirmation', appt.id);
      planReminders();
    } else if (appt.status === 'pending' && appt.requiresApproval) {
      // Awaiting the business: the customer hears that the request arrived. A pending
      // booking awaiting a deposit gets nothing until it is paid (its hold may lapse).
      toCustomer('confirmation', `${appt.id}:requested`, false);
      toBusiness('approval_request', appt.id);
    }
  };

  switch (input.event) {
    case 'appointment.created':
    case 'appointment.confirmed':
      confirm();
      return { messages, withdraw: [] };
    case 'appointment.rescheduled':
      toCustomer('rescheduled', `${appt.id}:${version}`);
      toBusiness('rescheduled', `${appt.id}:${version}`);
      planReminders();
      return { messages, withdraw: ['reminder'] };
    case 'appointment.cancelled':
      toCustomer('cancellation', appt.id);
      toBusiness('cancellation', appt.id);
      return { messages, withdraw: ['reminder', 'follow_up'] };
    case 'appointment.completed': {
      if (input.customerEmailReminders) {
        const after = Math.max(now.getTime(), appt.endTime.getTime());
        at(
          'follow_up',
          'customer',
          'email',
          `follow_up:customer:email:${appt.id}`,
          new Date(after + FOLLOW_UP_DELAY_MINUTES * 60_000),
        );
      }
      return { messages, withdraw: ['reminder'] };
    }
    case 'appointment.no_show':
      return { messages, withdraw: ['reminder'] };
  }
}
