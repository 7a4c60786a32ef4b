import { z } from 'zod';
import { isoDate, uuid } from './common.ts';

/** The longest range the analytics answer for: two years of the business's days. */
export const MAX_ANALYTICS_DAYS = 731;

/** `GET …/analytics/*?start_date&end_date`: the business's days, inclusive. */
export const analyticsQuerySchema = z
  .strictObject({
    start_date: isoDate,
    end_date: isoDate,
    /** Narrow to one staff member (a staff key or session is always narrowed to itself). */
    staff_id: uuid.optional(),
  })
  .refine((query) => query.start_date <= query.end_date, {
    path: ['end_date'],
    message: 'end_date is before start_date',
  })
  .refine(
    (query) =>
      (Date.parse(query.end_date) - Date.parse(query.start_date)) / 86_400_000 < MAX_ANALYTICS_DAYS,
    { path: ['end_date'], message: `a range covers at most ${MAX_ANALYTICS_DAYS} days` },
  );

const overviewFields = z.object({
  bookings: z.number().int(),
  confirmed: z.number().int(),
  completed: z.number().int(),
  cancelled: z.number().int(),
  no_shows: z.number().int(),
  pending: z.number().int(),
  cancellation_rate: z.number(),
  no_show_rate: z.number(),
  revenue_cents: z.number().int(),
  currency: z.string(),
  average_lead_time_hours: z.number().nullable(),
  by_service: z.array(
    z.object({ service_id: uuid, bookings: z.number().int(), revenue_cents: z.number().int() }),
  ),
  by_staff: z.array(
    z.object({
      staff_id: uuid,
      bookings: z.number().int(),
      booked_minutes: z.number().int(),
      open_minutes: z.number().int(),
      /** booked ÷ open minutes; null when the person had no open time. */
      utilization: z.number().nullable(),
    }),
  ),
  by_hour: z.array(
    z.object({ day_of_week: z.number().int(), hour: z.number().int(), bookings: z.number().int() }),
  ),
});
export const analyticsOverviewSchema = overviewFields.extend({ previous: overviewFields });

const revenueFields = z.object({
  currency: z.string(),
  total_cents: z.number().int(),
  deposits_cents: z.number().int(),
  refunded_cents: z.number().int(),
  by_day: z.array(z.object({ date: isoDate, cents: z.number().int() })),
});
export const analyticsRevenueSchema = revenueFields.extend({ previous: revenueFields });

const customerFields = z.object({
  new: z.number().int(),
  returning: z.number().int(),
  top: z.array(
    z.object({
      customer_id: uuid.nullable(),
      name: z.string(),
      bookings: z.number().int(),
      revenue_cents: z.number().int(),
    }),
  ),
});
export const analyticsCustomersSchema = customerFields.extend({ previous: customerFields });

const funnelFields = z.object({
  views: z.number().int(),
  service_selected: z.number().int(),
  slot_selected: z.number().int(),
  details_started: z.number().int(),
  booked: z.number().int(),
  by_source: z.array(
    z.object({
      origin: z.string().nullable(),
      widget_id: z.string().nullable(),
      views: z.number().int(),
      booked: z.number().int(),
    }),
  ),
});
export const analyticsFunnelSchema = funnelFields.extend({ previous: funnelFields });

export const FUNNEL_EVENT_TYPES = [
  'view',
  'service_selected',
  'slot_selected',
  'details_started',
  'booked',
] as const;

/**
 * `POST /:tenant/events`, sent by the widget with `navigator.sendBeacon`: a funnel step
 * of one page view (`session`, random per page view; no cookie, no personal data).
 */
export const funnelEventSchema = z.strictObject({
  type: z.enum(FUNNEL_EVENT_TYPES),
  session: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, - or _'),
  widget_id: uuid.nullish(),
});

export type AnalyticsQuery = z.infer<typeof analyticsQuerySchema>;
export type AnalyticsOverview = z.infer<typeof analyticsOverviewSchema>;
export type AnalyticsRevenue = z.infer<typeof analyticsRevenueSchema>;
export type AnalyticsCustomers = z.infer<typeof analyticsCustomersSchema>;
export type AnalyticsFunnel = z.infer<typeof analyticsFunnelSchema>;
export type FunnelEvent = z.infer<typeof funnelEventSchema>;
