ALTER TABLE "booking_tenant_users" DROP CONSTRAINT "booking_tenant_users_tenant_email_key";--> statement-breakpoint
DROP INDEX "booking_tenant_users_email_idx";--> statement-breakpoint
ALTER TABLE "booking_tenant_users" ALTER COLUMN "user_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "booking_tenant_users" ADD CONSTRAINT "booking_tenant_users_staff_fk" FOREIGN KEY ("tenant_id","staff_id") REFERENCES "public"."booking_staff"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "booking_tenant_users_user_idx" ON "booking_tenant_users" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "booking_tenant_users" DROP COLUMN "email";--> statement-breakpoint
ALTER TABLE "booking_tenant_users" DROP COLUMN "name";--> statement-breakpoint
ALTER TABLE "booking_tenant_users" DROP COLUMN "password_hash";--> statement-breakpoint
ALTER TABLE "booking_tenant_users" DROP COLUMN "email_verified_at";--> statement-breakpoint
ALTER TABLE "booking_tenant_users" DROP COLUMN "last_login_at";--> statement-breakpoint
ALTER TABLE "booking_tenant_users" ADD CONSTRAINT "booking_tenant_users_tenant_user_key" UNIQUE("tenant_id","user_id");