CREATE INDEX "booking_webhook_deliveries_chain_idx" ON "booking_webhook_deliveries" USING btree ("webhook_id","appointment_id","created_at","id") WHERE "booking_webhook_deliveries"."status" = 'pending';--> statement-breakpoint
-- The sender's chain rule (features/webhooks/deliveries.ts) for deliveries already queued:
-- each pending delivery of an appointment's chain is due no earlier than those ahead of it.
UPDATE "booking_webhook_deliveries" AS d
SET "next_retry_at" = chain."held_until"
FROM (
  SELECT "id", max("next_retry_at") OVER (
    PARTITION BY "webhook_id", "appointment_id" ORDER BY "created_at", "id"
  ) AS "held_until"
  FROM "booking_webhook_deliveries"
  WHERE "status" = 'pending' AND "appointment_id" IS NOT NULL
) AS chain
WHERE d."id" = chain."id" AND d."next_retry_at" < chain."held_until";
