-- Custom SQL migration file, put your code below! --
-- Keeps booking_availability_versions (DESIGN §9's availability budget relies on it):
-- every insert, update or delete of a row that availability is computed from adds one
-- to a counter, in the writing transaction, so a cached month of slots is known to be
-- stale the moment the change commits. Triggers, not application code, so that no write
-- path (admin API, SlotLock, cron, Stripe webhooks, a hand-run UPDATE) can forget it.

-- Adds one to (tenant, scope). Skipped when the tenant is gone: a tenant's deletion
-- cascades to the rows below, and their triggers must not re-create its counters.
CREATE FUNCTION booking_bump_availability_version(p_tenant uuid, p_scope uuid) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO booking_availability_versions AS v (tenant_id, scope_id, version)
  SELECT p_tenant, p_scope, 1
  WHERE EXISTS (SELECT 1 FROM booking_tenants WHERE id = p_tenant)
  ON CONFLICT (tenant_id, scope_id) DO UPDATE SET version = v.version + 1;
$$;
--> statement-breakpoint
-- Occupancies and external busy time: the staff member's own counter (old and new staff
-- when a row moves between them), so bookings of different staff never wait on each other.
CREATE FUNCTION booking_staff_time_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM booking_bump_availability_version(NEW.tenant_id, NEW.staff_id);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM booking_bump_availability_version(OLD.tenant_id, OLD.staff_id);
  ELSE
    PERFORM booking_bump_availability_version(OLD.tenant_id, OLD.staff_id);
    IF NEW.staff_id IS DISTINCT FROM OLD.staff_id OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id THEN
      PERFORM booking_bump_availability_version(NEW.tenant_id, NEW.staff_id);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Rules, staff, services and locations: the tenant-wide counter (admin changes are rare).
CREATE FUNCTION booking_tenant_setup_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM booking_bump_availability_version(OLD.tenant_id, OLD.tenant_id);
  ELSE
    PERFORM booking_bump_availability_version(NEW.tenant_id, NEW.tenant_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- The tenant row itself (time zone, booking settings).
CREATE FUNCTION booking_tenant_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM booking_bump_availability_version(NEW.id, NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER booking_occupancies_availability_version
  AFTER INSERT OR UPDATE OR DELETE ON booking_occupancies
  FOR EACH ROW EXECUTE FUNCTION booking_staff_time_changed();
--> statement-breakpoint
CREATE TRIGGER booking_external_busy_availability_version
  AFTER INSERT OR UPDATE OR DELETE ON booking_external_busy
  FOR EACH ROW EXECUTE FUNCTION booking_staff_time_changed();
--> statement-breakpoint
CREATE TRIGGER booking_availability_rules_availability_version
  AFTER INSERT OR UPDATE OR DELETE ON booking_availability_rules
  FOR EACH ROW EXECUTE FUNCTION booking_tenant_setup_changed();
--> statement-breakpoint
CREATE TRIGGER booking_staff_availability_version
  AFTER INSERT OR UPDATE OR DELETE ON booking_staff
  FOR EACH ROW EXECUTE FUNCTION booking_tenant_setup_changed();
--> statement-breakpoint
CREATE TRIGGER booking_services_availability_version
  AFTER INSERT OR UPDATE OR DELETE ON booking_services
  FOR EACH ROW EXECUTE FUNCTION booking_tenant_setup_changed();
--> statement-breakpoint
CREATE TRIGGER booking_locations_availability_version
  AFTER INSERT OR UPDATE OR DELETE ON booking_locations
  FOR EACH ROW EXECUTE FUNCTION booking_tenant_setup_changed();
--> statement-breakpoint
CREATE TRIGGER booking_tenants_availability_version
  AFTER UPDATE ON booking_tenants
  FOR EACH ROW EXECUTE FUNCTION booking_tenant_changed();
