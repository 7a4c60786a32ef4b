-- Logins move from one row per (business, e-mail) to one booking_users row per e-mail
-- with a membership per business. Where one address had logins at several businesses,
-- the most recently changed password is kept (the person last chose it).
INSERT INTO "booking_users" ("email", "name", "password_hash", "email_verified_at", "last_login_at", "created_at", "updated_at")
SELECT DISTINCT ON ("email") "email", "name", "password_hash", "email_verified_at", "last_login_at", "created_at", "updated_at"
FROM "booking_tenant_users"
ORDER BY "email", "updated_at" DESC
ON CONFLICT ("email") DO NOTHING;
--> statement-breakpoint
UPDATE "booking_tenant_users" AS m SET "user_id" = u."id"
FROM "booking_users" AS u
WHERE u."email" = m."email" AND m."user_id" IS NULL;
