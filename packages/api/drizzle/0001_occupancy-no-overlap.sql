-- Custom SQL migration file, put your code below! --
-- drizzle-kit cannot express exclusion constraints (DESIGN §2), so this one lives here.
-- btree_gist lets a GiST index compare the uuid staff_id with `=` next to the range.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
-- Two active occupancies (held, pending, confirmed) of one staff member may not overlap.
-- Ranges are half-open, so back-to-back bookings (one ends as the next starts) are fine.
-- Seat holds of a group session (session_occupancy_id set) take seats, not time: the
-- session row they point at already blocks the staff member.
-- A violation is SQLSTATE 23P01 (exclusion_violation), which the API turns into a 409.
ALTER TABLE "booking_occupancies" ADD CONSTRAINT "booking_occupancies_no_overlap"
  EXCLUDE USING gist (
    "staff_id" WITH =,
    tstzrange("blocked_from", "blocked_until", '[)') WITH &&
  ) WHERE ("status" IN ('held', 'pending', 'confirmed') AND "session_occupancy_id" IS NULL);
