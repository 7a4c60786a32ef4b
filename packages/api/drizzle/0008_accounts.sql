CREATE TABLE "booking_account_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(30) NOT NULL,
	"token_hash" varchar(64) NOT NULL,
	"user_id" uuid,
	"target_tenant_id" uuid,
	"email" varchar(255) NOT NULL,
	"role" varchar(20),
	"staff_id" uuid,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "booking_account_tokens_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "booking_account_tokens_kind_check" CHECK ("booking_account_tokens"."kind" IN ('password_reset', 'email_verification', 'invitation', 'login_link')),
	CONSTRAINT "booking_account_tokens_role_check" CHECK ("booking_account_tokens"."role" IS NULL OR "booking_account_tokens"."role" IN ('owner', 'admin', 'staff'))
);
--> statement-breakpoint
CREATE TABLE "booking_login_failures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" varchar(255) NOT NULL,
	"address" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booking_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "booking_sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "booking_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" varchar(255) NOT NULL,
	"name" varchar(255),
	"password_hash" text,
	"email_verified_at" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "booking_notifications" DROP CONSTRAINT "booking_notifications_type_check";--> statement-breakpoint
ALTER TABLE "booking_tenant_users" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "booking_tenant_users" ADD COLUMN "staff_id" uuid;--> statement-breakpoint
ALTER TABLE "booking_account_tokens" ADD CONSTRAINT "booking_account_tokens_user_id_booking_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."booking_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_account_tokens" ADD CONSTRAINT "booking_account_tokens_target_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("target_tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_account_tokens" ADD CONSTRAINT "booking_account_tokens_invited_by_booking_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."booking_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_account_tokens" ADD CONSTRAINT "booking_account_tokens_staff_fk" FOREIGN KEY ("target_tenant_id","staff_id") REFERENCES "public"."booking_staff"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_sessions" ADD CONSTRAINT "booking_sessions_user_id_booking_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."booking_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "booking_account_tokens_tenant_idx" ON "booking_account_tokens" USING btree ("target_tenant_id","kind");--> statement-breakpoint
CREATE INDEX "booking_login_failures_email_idx" ON "booking_login_failures" USING btree ("email","created_at");--> statement-breakpoint
CREATE INDEX "booking_login_failures_address_idx" ON "booking_login_failures" USING btree ("address","created_at");--> statement-breakpoint
CREATE INDEX "booking_sessions_user_idx" ON "booking_sessions" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "booking_tenant_users" ADD CONSTRAINT "booking_tenant_users_user_id_booking_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."booking_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_notifications" ADD CONSTRAINT "booking_notifications_type_check" CHECK ("booking_notifications"."type" IN ('confirmation', 'reminder', 'rescheduled', 'cancellation', 'follow_up', 'approval_request', 'payment_receipt', 'webhook_disabled', 'account'));