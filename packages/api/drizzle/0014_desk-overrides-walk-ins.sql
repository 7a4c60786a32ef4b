ALTER TABLE "appointments" ALTER COLUMN "customer_email" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "rules_overridden" boolean DEFAULT false NOT NULL;