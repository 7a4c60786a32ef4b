CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"location_id" uuid,
	"occupancy_id" uuid,
	"customer_id" uuid,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"timezone" varchar(100),
	"locale" varchar(10) DEFAULT 'en' NOT NULL,
	"customer_name" varchar(255) NOT NULL,
	"customer_email" varchar(255) NOT NULL,
	"customer_phone_encrypted" text,
	"customer_notes" text,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"confirmation_code" varchar(8) NOT NULL,
	"booking_source" varchar(20) DEFAULT 'online' NOT NULL,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"approved_at" timestamp with time zone,
	"approved_by" uuid,
	"cancelled_at" timestamp with time zone,
	"cancellation_reason" text,
	"cancelled_by" varchar(20),
	"total_price_cents" integer NOT NULL,
	"deposit_paid_cents" integer DEFAULT 0 NOT NULL,
	"full_payment_cents" integer DEFAULT 0 NOT NULL,
	"currency" varchar(3) NOT NULL,
	"payment_status" varchar(20) DEFAULT 'unpaid' NOT NULL,
	"stripe_payment_intent_id" varchar(255),
	"sequence" integer DEFAULT 0 NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"internal_notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointments_tenant_confirmation_code_key" UNIQUE("tenant_id","confirmation_code"),
	CONSTRAINT "appointments_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "appointments_status_check" CHECK ("appointments"."status" IN ('pending', 'confirmed', 'cancelled', 'completed', 'no_show')),
	CONSTRAINT "appointments_cancelled_by_check" CHECK ("appointments"."cancelled_by" IN ('customer', 'staff', 'system')),
	CONSTRAINT "appointments_confirmation_code_check" CHECK ("appointments"."confirmation_code" ~ '^[A-Z0-9]{8}$'),
	CONSTRAINT "appointments_time_range_check" CHECK ("appointments"."end_time" > "appointments"."start_time"),
	CONSTRAINT "appointments_duration_check" CHECK ("appointments"."duration_minutes" > 0),
	CONSTRAINT "appointments_amounts_check" CHECK ("appointments"."total_price_cents" >= 0 AND "appointments"."deposit_paid_cents" >= 0 AND "appointments"."full_payment_cents" >= 0),
	CONSTRAINT "appointments_deposit_check" CHECK ("appointments"."deposit_paid_cents" <= "appointments"."total_price_cents"),
	CONSTRAINT "appointments_currency_check" CHECK ("appointments"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "appointments_payment_status_check" CHECK ("appointments"."payment_status" IN ('unpaid', 'pending', 'deposit_paid', 'paid', 'refunded', 'partially_refunded')),
	CONSTRAINT "appointments_booking_source_check" CHECK ("appointments"."booking_source" IN ('online', 'widget', 'manual', 'api')),
	CONSTRAINT "appointments_sequence_check" CHECK ("appointments"."sequence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "booking_analytics_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"event_type" varchar(100) NOT NULL,
	"event_data" jsonb,
	"session_id" varchar(255),
	"user_agent" text,
	"ip_address" "inet",
	"referrer" text,
	"utm_source" varchar(255),
	"utm_medium" varchar(255),
	"utm_campaign" varchar(255),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booking_api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" varchar(255) NOT NULL,
	"role" varchar(20) DEFAULT 'admin' NOT NULL,
	"staff_id" uuid,
	"key_hash" varchar(64) NOT NULL,
	"key_prefix" varchar(16) NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_api_keys_key_hash_unique" UNIQUE("key_hash"),
	CONSTRAINT "booking_api_keys_role_check" CHECK ("booking_api_keys"."role" IN ('owner', 'admin', 'staff'))
);
--> statement-breakpoint
CREATE TABLE "booking_availability_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"staff_id" uuid,
	"location_id" uuid,
	"service_id" uuid,
	"rule_type" varchar(20) NOT NULL,
	"day_of_week" integer,
	"start_time" varchar(5),
	"end_time" varchar(5),
	"specific_date" date,
	"date_range_start" date,
	"date_range_end" date,
	"is_available" boolean DEFAULT true NOT NULL,
	"reason" text,
	"recurrence_pattern" varchar(20) DEFAULT 'weekly' NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_availability_rules_rule_type_check" CHECK ("booking_availability_rules"."rule_type" IN ('recurring', 'override', 'block')),
	CONSTRAINT "booking_availability_rules_day_of_week_check" CHECK ("booking_availability_rules"."day_of_week" BETWEEN 0 AND 6),
	CONSTRAINT "booking_availability_rules_times_check" CHECK ("booking_availability_rules"."start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND "booking_availability_rules"."end_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
	CONSTRAINT "booking_availability_rules_time_pair_check" CHECK (("booking_availability_rules"."start_time" IS NULL) = ("booking_availability_rules"."end_time" IS NULL)),
	CONSTRAINT "booking_availability_rules_recurring_check" CHECK ("booking_availability_rules"."rule_type" <> 'recurring' OR ("booking_availability_rules"."day_of_week" IS NOT NULL AND "booking_availability_rules"."start_time" IS NOT NULL)),
	CONSTRAINT "booking_availability_rules_dated_check" CHECK ("booking_availability_rules"."rule_type" = 'recurring' OR "booking_availability_rules"."specific_date" IS NOT NULL OR "booking_availability_rules"."date_range_start" IS NOT NULL),
	CONSTRAINT "booking_availability_rules_date_range_check" CHECK ("booking_availability_rules"."date_range_end" >= "booking_availability_rules"."date_range_start"),
	CONSTRAINT "booking_availability_rules_recurrence_check" CHECK ("booking_availability_rules"."recurrence_pattern" IN ('weekly', 'biweekly')),
	CONSTRAINT "booking_availability_rules_biweekly_check" CHECK ("booking_availability_rules"."recurrence_pattern" <> 'biweekly' OR "booking_availability_rules"."date_range_start" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "booking_calendar_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"provider" varchar(20) NOT NULL,
	"provider_account_id" varchar(255),
	"provider_calendar_id" varchar(255),
	"access_token_encrypted" text,
	"refresh_token_encrypted" text,
	"token_expires_at" timestamp with time zone,
	"ics_url" text,
	"caldav_username" varchar(255),
	"caldav_password_encrypted" text,
	"feed_token" varchar(64),
	"sync_state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sync_direction" varchar(20) DEFAULT 'both' NOT NULL,
	"sync_enabled" boolean DEFAULT true NOT NULL,
	"check_conflicts" boolean DEFAULT true NOT NULL,
	"last_synced_at" timestamp with time zone,
	"last_error" text,
	"status" varchar(20) DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_calendar_connections_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "booking_calendar_connections_feed_token_key" UNIQUE("feed_token"),
	CONSTRAINT "booking_calendar_connections_provider_check" CHECK ("booking_calendar_connections"."provider" IN ('google', 'microsoft', 'caldav', 'ics', 'feed')),
	CONSTRAINT "booking_calendar_connections_sync_direction_check" CHECK ("booking_calendar_connections"."sync_direction" IN ('both', 'to_provider', 'from_provider')),
	CONSTRAINT "booking_calendar_connections_status_check" CHECK ("booking_calendar_connections"."status" IN ('active', 'error', 'disconnected')),
	CONSTRAINT "booking_calendar_connections_feed_check" CHECK ("booking_calendar_connections"."provider" <> 'feed' OR "booking_calendar_connections"."feed_token" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "booking_customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"email" varchar(255) NOT NULL,
	"name" varchar(255) NOT NULL,
	"phone_encrypted" text,
	"preferred_staff_id" uuid,
	"preferred_location_id" uuid,
	"timezone" varchar(100),
	"locale" varchar(10),
	"email_notifications" boolean DEFAULT true NOT NULL,
	"sms_opt_in" boolean DEFAULT false NOT NULL,
	"marketing_opt_in" boolean DEFAULT false NOT NULL,
	"notes" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"total_appointments" integer DEFAULT 0 NOT NULL,
	"total_spent_cents" integer DEFAULT 0 NOT NULL,
	"no_show_count" integer DEFAULT 0 NOT NULL,
	"cancellation_count" integer DEFAULT 0 NOT NULL,
	"last_appointment_at" timestamp with time zone,
	"status" varchar(20) DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_customers_tenant_email_key" UNIQUE("tenant_id","email"),
	CONSTRAINT "booking_customers_counters_check" CHECK ("booking_customers"."total_appointments" >= 0 AND "booking_customers"."total_spent_cents" >= 0 AND "booking_customers"."no_show_count" >= 0 AND "booking_customers"."cancellation_count" >= 0),
	CONSTRAINT "booking_customers_status_check" CHECK ("booking_customers"."status" IN ('active', 'blocked'))
);
--> statement-breakpoint
CREATE TABLE "booking_embed_widgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" varchar(255) NOT NULL,
	"widget_type" varchar(20) DEFAULT 'inline' NOT NULL,
	"theme" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"custom_css" text,
	"preselected_service_id" uuid,
	"preselected_staff_id" uuid,
	"preselected_location_id" uuid,
	"allowed_domains" text[] DEFAULT '{}'::text[] NOT NULL,
	"embed_code" text,
	"views_count" integer DEFAULT 0 NOT NULL,
	"bookings_count" integer DEFAULT 0 NOT NULL,
	"status" varchar(20) DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_embed_widgets_widget_type_check" CHECK ("booking_embed_widgets"."widget_type" IN ('inline', 'modal', 'popup', 'button')),
	CONSTRAINT "booking_embed_widgets_status_check" CHECK ("booking_embed_widgets"."status" IN ('active', 'inactive'))
);
--> statement-breakpoint
CREATE TABLE "booking_external_busy" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"connection_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"source_uid" varchar(1024) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_external_busy_occurrence_key" UNIQUE NULLS NOT DISTINCT("tenant_id","staff_id","connection_id","source_uid","starts_at"),
	CONSTRAINT "booking_external_busy_range_check" CHECK ("booking_external_busy"."ends_at" > "booking_external_busy"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "booking_locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" varchar(255) NOT NULL,
	"address_line1" varchar(255),
	"address_line2" varchar(255),
	"city" varchar(100),
	"state" varchar(100),
	"postal_code" varchar(20),
	"country" varchar(100) DEFAULT 'US' NOT NULL,
	"timezone" varchar(100) NOT NULL,
	"phone" varchar(50),
	"email" varchar(255),
	"latitude" numeric(10, 8),
	"longitude" numeric(11, 8),
	"is_primary" boolean DEFAULT false NOT NULL,
	"display_order" integer DEFAULT 0 NOT NULL,
	"status" varchar(20) DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_locations_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "booking_locations_status_check" CHECK ("booking_locations"."status" IN ('active', 'inactive', 'archived')),
	CONSTRAINT "booking_locations_latitude_check" CHECK ("booking_locations"."latitude" BETWEEN -90 AND 90),
	CONSTRAINT "booking_locations_longitude_check" CHECK ("booking_locations"."longitude" BETWEEN -180 AND 180)
);
--> statement-breakpoint
CREATE TABLE "booking_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"appointment_id" uuid,
	"idempotency_key" varchar(255) NOT NULL,
	"type" varchar(30) NOT NULL,
	"channel" varchar(10) NOT NULL,
	"recipient_email" varchar(255),
	"recipient_phone_encrypted" text,
	"locale" varchar(10) DEFAULT 'en' NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"subject" varchar(500),
	"message" text,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"scheduled_for" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"provider" varchar(30),
	"provider_message_id" varchar(255),
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_notifications_tenant_idempotency_key" UNIQUE("tenant_id","idempotency_key"),
	CONSTRAINT "booking_notifications_type_check" CHECK ("booking_notifications"."type" IN ('confirmation', 'reminder', 'rescheduled', 'cancellation', 'follow_up', 'approval_request', 'payment_receipt')),
	CONSTRAINT "booking_notifications_channel_check" CHECK ("booking_notifications"."channel" IN ('email', 'sms')),
	CONSTRAINT "booking_notifications_status_check" CHECK ("booking_notifications"."status" IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
	CONSTRAINT "booking_notifications_attempts_check" CHECK ("booking_notifications"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "booking_occupancies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"service_id" uuid,
	"location_id" uuid,
	"kind" varchar(20) NOT NULL,
	"status" varchar(20) NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone NOT NULL,
	"blocked_from" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"seats_taken" integer DEFAULT 1 NOT NULL,
	"capacity" integer DEFAULT 1 NOT NULL,
	"session_occupancy_id" uuid,
	"holder_email" varchar(255),
	"holder_ip" "inet",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_occupancies_kind_check" CHECK ("booking_occupancies"."kind" IN ('appointment', 'hold', 'session')),
	CONSTRAINT "booking_occupancies_status_check" CHECK ("booking_occupancies"."status" IN ('held', 'pending', 'confirmed', 'released')),
	CONSTRAINT "booking_occupancies_range_check" CHECK ("booking_occupancies"."blocked_from" <= "booking_occupancies"."start_time" AND "booking_occupancies"."start_time" < "booking_occupancies"."end_time" AND "booking_occupancies"."end_time" <= "booking_occupancies"."blocked_until"),
	CONSTRAINT "booking_occupancies_seats_check" CHECK ("booking_occupancies"."seats_taken" >= 0 AND "booking_occupancies"."seats_taken" <= "booking_occupancies"."capacity"),
	CONSTRAINT "booking_occupancies_capacity_check" CHECK ("booking_occupancies"."capacity" >= 1),
	CONSTRAINT "booking_occupancies_held_check" CHECK ("booking_occupancies"."status" <> 'held' OR "booking_occupancies"."kind" = 'hold'),
	CONSTRAINT "booking_occupancies_hold_expiry_check" CHECK ("booking_occupancies"."status" <> 'held' OR "booking_occupancies"."expires_at" IS NOT NULL),
	CONSTRAINT "booking_occupancies_seat_hold_check" CHECK ("booking_occupancies"."session_occupancy_id" IS NULL OR "booking_occupancies"."kind" = 'hold')
);
--> statement-breakpoint
CREATE TABLE "booking_payment_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"provider" varchar(20) DEFAULT 'stripe' NOT NULL,
	"stripe_account_id" varchar(255),
	"secret_key_encrypted" text,
	"publishable_key" varchar(255),
	"webhook_secret_encrypted" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_payment_settings_tenant_id_unique" UNIQUE("tenant_id"),
	CONSTRAINT "booking_payment_settings_provider_check" CHECK ("booking_payment_settings"."provider" IN ('stripe'))
);
--> statement-breakpoint
CREATE TABLE "booking_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"slug" varchar(100) NOT NULL,
	"name" varchar(255) NOT NULL,
	"description" text,
	"category" varchar(100),
	"image_url" text,
	"duration_minutes" integer NOT NULL,
	"price_cents" integer NOT NULL,
	"currency" varchar(3) NOT NULL,
	"deposit_required" boolean DEFAULT false NOT NULL,
	"deposit_amount_cents" integer,
	"deposit_percentage" integer,
	"booking_type" varchar(20) DEFAULT 'individual' NOT NULL,
	"max_capacity" integer DEFAULT 1 NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"online_booking_enabled" boolean DEFAULT true NOT NULL,
	"available_with_staff" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"available_at_locations" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"buffer_time_before" integer DEFAULT 0 NOT NULL,
	"buffer_time_after" integer DEFAULT 0 NOT NULL,
	"slot_interval_minutes" integer,
	"min_notice_minutes" integer,
	"display_order" integer DEFAULT 0 NOT NULL,
	"status" varchar(20) DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_services_tenant_slug_key" UNIQUE("tenant_id","slug"),
	CONSTRAINT "booking_services_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "booking_services_slug_check" CHECK ("booking_services"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "booking_services_duration_check" CHECK ("booking_services"."duration_minutes" > 0),
	CONSTRAINT "booking_services_price_check" CHECK ("booking_services"."price_cents" >= 0),
	CONSTRAINT "booking_services_currency_check" CHECK ("booking_services"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "booking_services_capacity_check" CHECK ("booking_services"."max_capacity" >= 1),
	CONSTRAINT "booking_services_booking_type_check" CHECK ("booking_services"."booking_type" IN ('individual', 'group', 'class')),
	CONSTRAINT "booking_services_deposit_percentage_check" CHECK ("booking_services"."deposit_percentage" BETWEEN 0 AND 100),
	CONSTRAINT "booking_services_deposit_amount_check" CHECK ("booking_services"."deposit_amount_cents" >= 0),
	CONSTRAINT "booking_services_buffers_check" CHECK ("booking_services"."buffer_time_before" >= 0 AND "booking_services"."buffer_time_after" >= 0),
	CONSTRAINT "booking_services_slot_interval_check" CHECK ("booking_services"."slot_interval_minutes" > 0),
	CONSTRAINT "booking_services_min_notice_check" CHECK ("booking_services"."min_notice_minutes" >= 0),
	CONSTRAINT "booking_services_status_check" CHECK ("booking_services"."status" IN ('active', 'inactive', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "booking_staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" varchar(255) NOT NULL,
	"email" varchar(255),
	"phone" varchar(50),
	"avatar_url" text,
	"role" varchar(20) DEFAULT 'staff' NOT NULL,
	"title" varchar(255),
	"bio" text,
	"timezone" varchar(100),
	"location_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"buffer_time_before" integer DEFAULT 0 NOT NULL,
	"buffer_time_after" integer DEFAULT 0 NOT NULL,
	"max_advance_booking_days" integer DEFAULT 90 NOT NULL,
	"min_advance_booking_hours" integer DEFAULT 2 NOT NULL,
	"display_order" integer DEFAULT 0 NOT NULL,
	"status" varchar(20) DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_staff_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "booking_staff_role_check" CHECK ("booking_staff"."role" IN ('owner', 'admin', 'staff')),
	CONSTRAINT "booking_staff_status_check" CHECK ("booking_staff"."status" IN ('active', 'inactive', 'archived')),
	CONSTRAINT "booking_staff_buffers_check" CHECK ("booking_staff"."buffer_time_before" >= 0 AND "booking_staff"."buffer_time_after" >= 0),
	CONSTRAINT "booking_staff_advance_check" CHECK ("booking_staff"."max_advance_booking_days" >= 0 AND "booking_staff"."min_advance_booking_hours" >= 0)
);
--> statement-breakpoint
CREATE TABLE "booking_stripe_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"event_id" varchar(255) NOT NULL,
	"type" varchar(100) NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "booking_stripe_events_tenant_event_key" UNIQUE("tenant_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "booking_tenant_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"email" varchar(255) NOT NULL,
	"name" varchar(255),
	"password_hash" text NOT NULL,
	"role" varchar(20) DEFAULT 'owner' NOT NULL,
	"email_verified_at" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_tenant_users_tenant_email_key" UNIQUE("tenant_id","email"),
	CONSTRAINT "booking_tenant_users_role_check" CHECK ("booking_tenant_users"."role" IN ('owner', 'admin', 'staff'))
);
--> statement-breakpoint
CREATE TABLE "booking_tenants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(255) NOT NULL,
	"subdomain" varchar(63) NOT NULL,
	"custom_domain" varchar(255),
	"sitesprintz_user_id" varchar(64),
	"sitesprintz_site_id" varchar(64),
	"mode" varchar(20) DEFAULT 'integrated' NOT NULL,
	"business_name" varchar(255) NOT NULL,
	"business_type" varchar(100),
	"phone" varchar(50),
	"email" varchar(255),
	"timezone" varchar(100) DEFAULT 'America/New_York' NOT NULL,
	"currency" varchar(3) DEFAULT 'USD' NOT NULL,
	"locale" varchar(10) DEFAULT 'en' NOT NULL,
	"logo_url" text,
	"primary_color" varchar(7) DEFAULT '#4F46E5' NOT NULL,
	"booking_page_settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"allowed_domains" text[] DEFAULT '{}'::text[] NOT NULL,
	"plan_tier" varchar(20) DEFAULT 'free' NOT NULL,
	"max_locations" integer DEFAULT 1 NOT NULL,
	"max_staff" integer DEFAULT 1 NOT NULL,
	"max_services" integer DEFAULT 3 NOT NULL,
	"hold_minutes" integer DEFAULT 10 NOT NULL,
	"reminder_offsets_minutes" integer[] DEFAULT '{1440,120}'::integer[] NOT NULL,
	"cancellation_window_hours" integer DEFAULT 24 NOT NULL,
	"stripe_customer_id" varchar(255),
	"subscription_status" varchar(20) DEFAULT 'active' NOT NULL,
	"trial_ends_at" timestamp with time zone,
	"status" varchar(20) DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_tenants_subdomain_unique" UNIQUE("subdomain"),
	CONSTRAINT "booking_tenants_custom_domain_unique" UNIQUE("custom_domain"),
	CONSTRAINT "booking_tenants_stripe_customer_id_unique" UNIQUE("stripe_customer_id"),
	CONSTRAINT "booking_tenants_mode_check" CHECK ("booking_tenants"."mode" IN ('integrated', 'standalone', 'hybrid')),
	CONSTRAINT "booking_tenants_plan_tier_check" CHECK ("booking_tenants"."plan_tier" IN ('free', 'starter', 'professional', 'enterprise')),
	CONSTRAINT "booking_tenants_subdomain_check" CHECK ("booking_tenants"."subdomain" ~ '^[a-z0-9]([a-z0-9-]{1,61})[a-z0-9]$'),
	CONSTRAINT "booking_tenants_currency_check" CHECK ("booking_tenants"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "booking_tenants_hold_minutes_check" CHECK ("booking_tenants"."hold_minutes" BETWEEN 1 AND 120)
);
--> statement-breakpoint
CREATE TABLE "booking_webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"webhook_id" uuid NOT NULL,
	"appointment_id" uuid,
	"message_id" varchar(64) NOT NULL,
	"event_type" varchar(100) NOT NULL,
	"payload" jsonb NOT NULL,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"http_status_code" integer,
	"response_body" text,
	"error_message" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"next_retry_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "booking_webhook_deliveries_message_key" UNIQUE("webhook_id","message_id"),
	CONSTRAINT "booking_webhook_deliveries_status_check" CHECK ("booking_webhook_deliveries"."status" IN ('pending', 'delivered', 'failed')),
	CONSTRAINT "booking_webhook_deliveries_attempts_check" CHECK ("booking_webhook_deliveries"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "booking_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"url" text NOT NULL,
	"secret_encrypted" text NOT NULL,
	"events" text[] DEFAULT '{}'::text[] NOT NULL,
	"custom_headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_triggered_at" timestamp with time zone,
	"failure_count" integer DEFAULT 0 NOT NULL,
	"disabled_at" timestamp with time zone,
	"disabled_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_webhooks_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "booking_webhooks_failure_count_check" CHECK ("booking_webhooks"."failure_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"key" varchar(255) NOT NULL,
	"request_hash" varchar(64) NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone DEFAULT now() + interval '24 hours' NOT NULL,
	CONSTRAINT "idempotency_keys_tenant_key_key" UNIQUE("tenant_id","key")
);
--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_occupancy_id_booking_occupancies_id_fk" FOREIGN KEY ("occupancy_id") REFERENCES "public"."booking_occupancies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_customer_id_booking_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."booking_customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_approved_by_booking_staff_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."booking_staff"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_service_fk" FOREIGN KEY ("tenant_id","service_id") REFERENCES "public"."booking_services"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_staff_fk" FOREIGN KEY ("tenant_id","staff_id") REFERENCES "public"."booking_staff"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_location_fk" FOREIGN KEY ("tenant_id","location_id") REFERENCES "public"."booking_locations"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_analytics_events" ADD CONSTRAINT "booking_analytics_events_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_api_keys" ADD CONSTRAINT "booking_api_keys_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_api_keys" ADD CONSTRAINT "booking_api_keys_staff_fk" FOREIGN KEY ("tenant_id","staff_id") REFERENCES "public"."booking_staff"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_availability_rules" ADD CONSTRAINT "booking_availability_rules_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_availability_rules" ADD CONSTRAINT "booking_availability_rules_staff_fk" FOREIGN KEY ("tenant_id","staff_id") REFERENCES "public"."booking_staff"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_availability_rules" ADD CONSTRAINT "booking_availability_rules_location_fk" FOREIGN KEY ("tenant_id","location_id") REFERENCES "public"."booking_locations"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_availability_rules" ADD CONSTRAINT "booking_availability_rules_service_fk" FOREIGN KEY ("tenant_id","service_id") REFERENCES "public"."booking_services"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_calendar_connections" ADD CONSTRAINT "booking_calendar_connections_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_calendar_connections" ADD CONSTRAINT "booking_calendar_connections_staff_fk" FOREIGN KEY ("tenant_id","staff_id") REFERENCES "public"."booking_staff"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_customers" ADD CONSTRAINT "booking_customers_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_customers" ADD CONSTRAINT "booking_customers_preferred_staff_id_booking_staff_id_fk" FOREIGN KEY ("preferred_staff_id") REFERENCES "public"."booking_staff"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_customers" ADD CONSTRAINT "booking_customers_preferred_location_id_booking_locations_id_fk" FOREIGN KEY ("preferred_location_id") REFERENCES "public"."booking_locations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_embed_widgets" ADD CONSTRAINT "booking_embed_widgets_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_embed_widgets" ADD CONSTRAINT "booking_embed_widgets_preselected_service_id_booking_services_id_fk" FOREIGN KEY ("preselected_service_id") REFERENCES "public"."booking_services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_embed_widgets" ADD CONSTRAINT "booking_embed_widgets_preselected_staff_id_booking_staff_id_fk" FOREIGN KEY ("preselected_staff_id") REFERENCES "public"."booking_staff"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_embed_widgets" ADD CONSTRAINT "booking_embed_widgets_preselected_location_id_booking_locations_id_fk" FOREIGN KEY ("preselected_location_id") REFERENCES "public"."booking_locations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_external_busy" ADD CONSTRAINT "booking_external_busy_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_external_busy" ADD CONSTRAINT "booking_external_busy_staff_fk" FOREIGN KEY ("tenant_id","staff_id") REFERENCES "public"."booking_staff"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_external_busy" ADD CONSTRAINT "booking_external_busy_connection_fk" FOREIGN KEY ("tenant_id","connection_id") REFERENCES "public"."booking_calendar_connections"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_locations" ADD CONSTRAINT "booking_locations_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_notifications" ADD CONSTRAINT "booking_notifications_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_notifications" ADD CONSTRAINT "booking_notifications_appointment_fk" FOREIGN KEY ("tenant_id","appointment_id") REFERENCES "public"."appointments"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_occupancies" ADD CONSTRAINT "booking_occupancies_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_occupancies" ADD CONSTRAINT "booking_occupancies_service_id_booking_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."booking_services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_occupancies" ADD CONSTRAINT "booking_occupancies_location_id_booking_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."booking_locations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_occupancies" ADD CONSTRAINT "booking_occupancies_session_occupancy_id_booking_occupancies_id_fk" FOREIGN KEY ("session_occupancy_id") REFERENCES "public"."booking_occupancies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_occupancies" ADD CONSTRAINT "booking_occupancies_staff_fk" FOREIGN KEY ("tenant_id","staff_id") REFERENCES "public"."booking_staff"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_payment_settings" ADD CONSTRAINT "booking_payment_settings_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_services" ADD CONSTRAINT "booking_services_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_staff" ADD CONSTRAINT "booking_staff_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_stripe_events" ADD CONSTRAINT "booking_stripe_events_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_tenant_users" ADD CONSTRAINT "booking_tenant_users_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_webhook_deliveries" ADD CONSTRAINT "booking_webhook_deliveries_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_webhook_deliveries" ADD CONSTRAINT "booking_webhook_deliveries_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_webhook_deliveries" ADD CONSTRAINT "booking_webhook_deliveries_webhook_fk" FOREIGN KEY ("tenant_id","webhook_id") REFERENCES "public"."booking_webhooks"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_webhooks" ADD CONSTRAINT "booking_webhooks_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointments_tenant_start_idx" ON "appointments" USING btree ("tenant_id","start_time");--> statement-breakpoint
CREATE INDEX "appointments_tenant_staff_start_idx" ON "appointments" USING btree ("tenant_id","staff_id","start_time");--> statement-breakpoint
CREATE INDEX "appointments_tenant_customer_email_idx" ON "appointments" USING btree ("tenant_id","customer_email");--> statement-breakpoint
CREATE INDEX "appointments_tenant_customer_idx" ON "appointments" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "appointments_occupancy_idx" ON "appointments" USING btree ("occupancy_id");--> statement-breakpoint
CREATE INDEX "appointments_payment_intent_idx" ON "appointments" USING btree ("tenant_id","stripe_payment_intent_id") WHERE "appointments"."stripe_payment_intent_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "booking_analytics_events_tenant_created_idx" ON "booking_analytics_events" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "booking_analytics_events_tenant_type_created_idx" ON "booking_analytics_events" USING btree ("tenant_id","event_type","created_at");--> statement-breakpoint
CREATE INDEX "booking_api_keys_tenant_idx" ON "booking_api_keys" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "booking_availability_rules_tenant_staff_idx" ON "booking_availability_rules" USING btree ("tenant_id","staff_id");--> statement-breakpoint
CREATE INDEX "booking_availability_rules_tenant_location_idx" ON "booking_availability_rules" USING btree ("tenant_id","location_id");--> statement-breakpoint
CREATE INDEX "booking_availability_rules_tenant_date_idx" ON "booking_availability_rules" USING btree ("tenant_id","specific_date");--> statement-breakpoint
CREATE INDEX "booking_calendar_connections_tenant_staff_idx" ON "booking_calendar_connections" USING btree ("tenant_id","staff_id");--> statement-breakpoint
CREATE INDEX "booking_customers_tenant_name_idx" ON "booking_customers" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "booking_embed_widgets_tenant_idx" ON "booking_embed_widgets" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "booking_external_busy_tenant_staff_time_idx" ON "booking_external_busy" USING btree ("tenant_id","staff_id","starts_at");--> statement-breakpoint
CREATE INDEX "booking_locations_tenant_idx" ON "booking_locations" USING btree ("tenant_id","display_order");--> statement-breakpoint
CREATE UNIQUE INDEX "booking_locations_one_primary_idx" ON "booking_locations" USING btree ("tenant_id") WHERE "booking_locations"."is_primary";--> statement-breakpoint
CREATE INDEX "booking_notifications_tenant_appointment_idx" ON "booking_notifications" USING btree ("tenant_id","appointment_id");--> statement-breakpoint
CREATE INDEX "booking_notifications_due_idx" ON "booking_notifications" USING btree ("next_attempt_at") WHERE "booking_notifications"."status" IN ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "booking_occupancies_tenant_staff_time_idx" ON "booking_occupancies" USING btree ("tenant_id","staff_id","blocked_from");--> statement-breakpoint
CREATE INDEX "booking_occupancies_expiry_idx" ON "booking_occupancies" USING btree ("expires_at") WHERE "booking_occupancies"."status" IN ('held', 'pending');--> statement-breakpoint
CREATE INDEX "booking_occupancies_holder_idx" ON "booking_occupancies" USING btree ("tenant_id","holder_email") WHERE "booking_occupancies"."status" = 'held';--> statement-breakpoint
CREATE INDEX "booking_occupancies_session_idx" ON "booking_occupancies" USING btree ("session_occupancy_id");--> statement-breakpoint
CREATE INDEX "booking_services_tenant_order_idx" ON "booking_services" USING btree ("tenant_id","display_order");--> statement-breakpoint
CREATE INDEX "booking_services_tenant_category_idx" ON "booking_services" USING btree ("tenant_id","category");--> statement-breakpoint
CREATE INDEX "booking_staff_tenant_idx" ON "booking_staff" USING btree ("tenant_id","display_order");--> statement-breakpoint
CREATE INDEX "booking_tenant_users_email_idx" ON "booking_tenant_users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "booking_tenants_sitesprintz_user_idx" ON "booking_tenants" USING btree ("sitesprintz_user_id");--> statement-breakpoint
CREATE INDEX "booking_tenants_mode_idx" ON "booking_tenants" USING btree ("mode");--> statement-breakpoint
CREATE INDEX "booking_webhook_deliveries_tenant_webhook_idx" ON "booking_webhook_deliveries" USING btree ("tenant_id","webhook_id","created_at");--> statement-breakpoint
CREATE INDEX "booking_webhook_deliveries_due_idx" ON "booking_webhook_deliveries" USING btree ("next_retry_at") WHERE "booking_webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "booking_webhooks_tenant_idx" ON "booking_webhooks" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "idempotency_keys_expires_idx" ON "idempotency_keys" USING btree ("expires_at");