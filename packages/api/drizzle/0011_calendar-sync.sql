ALTER TABLE "booking_calendar_connections" DROP CONSTRAINT "booking_calendar_connections_status_check";--> statement-breakpoint
ALTER TABLE "booking_calendar_connections" ADD COLUMN "feed_token_encrypted" text;--> statement-breakpoint
ALTER TABLE "booking_calendar_connections" ADD COLUMN "calendars" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "booking_calendar_connections" ADD COLUMN "all_day_blocks" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "booking_calendar_connections" ADD COLUMN "tentative_blocks" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "booking_calendar_connections" ADD COLUMN "last_attempted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "booking_calendar_connections" ADD CONSTRAINT "booking_calendar_connections_status_check" CHECK ("booking_calendar_connections"."status" IN ('pending', 'active', 'error', 'revoked', 'disconnected'));