ALTER TABLE "appointments" ADD COLUMN "deposit_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "refunded_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "refund_due_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "stripe_refund_id" varchar(255);--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "balance_due_cents" integer GENERATED ALWAYS AS (CASE WHEN status = 'cancelled' THEN 0 ELSE greatest(0, total_price_cents - (deposit_paid_cents - refunded_cents)) END) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "appointments_refund_due_idx" ON "appointments" USING btree ("refund_due_cents") WHERE "appointments"."refund_due_cents" > 0;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_refund_check" CHECK ("appointments"."deposit_cents" >= 0 AND "appointments"."refunded_cents" >= 0 AND "appointments"."refund_due_cents" >= 0 AND "appointments"."refunded_cents" + "appointments"."refund_due_cents" <= "appointments"."deposit_paid_cents");