CREATE TABLE "booking_availability_versions" (
	"tenant_id" uuid NOT NULL,
	"scope_id" uuid NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "booking_availability_versions_tenant_id_scope_id_pk" PRIMARY KEY("tenant_id","scope_id")
);
--> statement-breakpoint
ALTER TABLE "booking_availability_versions" ADD CONSTRAINT "booking_availability_versions_tenant_id_booking_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."booking_tenants"("id") ON DELETE cascade ON UPDATE no action;