import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  jsonb,
  pgTable,
  text,
  unique,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { bookingStaff } from './booking-staff.ts';
import { bookingTenants } from './booking-tenants.ts';
import { id, instant, timestamps } from './columns.ts';

/** One calendar of a connection as stored; `sync` is the provider's change cursor. */
export interface ConnectionCalendar {
  /** The calendar's URL (CalDAV collection, ICS file). */
  id: string;
  name: string;
  busy: boolean;
  write: boolean;
  /** CalDAV ctag / sync-token seen at the last good read. */
  ctag?: string | null;
  sync_token?: string | null;
}

/**
 * A staff member's link to a calendar: an external one we import busy times from and
 * write bookings to (`google`, `microsoft`, `caldav`, `ics` URL), or the subscribable
 * feed we publish (`feed`, reached by its secret `feed_token`).
 */
export const bookingCalendarConnections = pgTable(
  'booking_calendar_connections',
  {
    id: id(),
    // Not in the seed plan: every tenant-owned row carries its tenant so queries can scope by it.
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => bookingTenants.id, { onDelete: 'cascade' }),
    staff_id: uuid('staff_id').notNull(),
    provider: varchar('provider', { length: 20 }).notNull(),
    provider_account_id: varchar('provider_account_id', { length: 255 }),
    provider_calendar_id: varchar('provider_calendar_id', { length: 255 }),
    /** AES-GCM ciphertexts; the app encrypts with a Worker secret. */
    access_token_encrypted: text('access_token_encrypted'),
    refresh_token_encrypted: text('refresh_token_encrypted'),
    token_expires_at: instant('token_expires_at'),
    /** ICS feed to import (`ics`) or CalDAV collection URL (`caldav`). */
    ics_url: text('ics_url'),
    caldav_username: varchar('caldav_username', { length: 255 }),
    caldav_password_encrypted: text('caldav_password_encrypted'),
    /**
     * SHA-256 (hex) of the secret in the URL of the staff member's published feed
     * (`feed`); the URL itself is kept encrypted so the owner can be shown it again.
     */
    feed_token: varchar('feed_token', { length: 64 }),
    feed_token_encrypted: text('feed_token_encrypted'),
    /**
     * The calendars found behind the connection (one for `ics`, discovered for `caldav`),
     * with the owner's choices: which count as busy, which one bookings are written to.
     */
    calendars: jsonb('calendars').$type<ConnectionCalendar[]>().notNull().default([]),
    /** All-day events block the staff member's local day(s); off: they are ignored. */
    all_day_blocks: boolean('all_day_blocks').notNull().default(true),
    /** Tentative events block; off: only confirmed ones do. */
    tentative_blocks: boolean('tentative_blocks').notNull().default(true),
    /** When a sync was last tried, good or bad: the safety poll picks the oldest. */
    last_attempted_at: instant('last_attempted_at'),
    /** Provider cursor for incremental sync (Google syncToken, Graph deltaLink, CalDAV ctag). */
    sync_state: jsonb('sync_state').$type<Record<string, unknown>>().notNull().default({}),
    sync_direction: varchar('sync_direction', { length: 20 }).notNull().default('both'),
    sync_enabled: boolean('sync_enabled').notNull().default(true),
    /** Busy times from this calendar block slots. */
    check_conflicts: boolean('check_conflicts').notNull().default(true),
    last_synced_at: instant('last_synced_at'),
    last_error: text('last_error'),
    status: varchar('status', { length: 20 }).notNull().default('active'),
    ...timestamps(),
  },
  (t) => [
    foreignKey({
      name: 'booking_calendar_connections_staff_fk',
      columns: [t.tenant_id, t.staff_id],
      foreignColumns: [bookingStaff.tenant_id, bookingStaff.id],
    }).onDelete('cascade'),
    unique('booking_calendar_connections_tenant_id_id_key').on(t.tenant_id, t.id),
    unique('booking_calendar_connections_feed_token_key').on(t.feed_token),
    index('booking_calendar_connections_tenant_staff_idx').on(t.tenant_id, t.staff_id),
    check(
      'booking_calendar_connections_provider_check',
      sql`${t.provider} IN ('google', 'microsoft', 'caldav', 'ics', 'feed')`,
    ),
    check(
      'booking_calendar_connections_sync_direction_check',
      sql`${t.sync_direction} IN ('both', 'to_provider', 'from_provider')`,
    ),
    check(
      'booking_calendar_connections_status_check',
      sql`${t.status} IN ('pending', 'active', 'error', 'revoked', 'disconnected')`,
    ),
    check(
      'booking_calendar_connections_feed_check',
      sql`${t.provider} <> 'feed' OR ${t.feed_token} IS NOT NULL`,
    ),
  ],
);

export type BookingCalendarConnection = typeof bookingCalendarConnections.$inferSelect;
