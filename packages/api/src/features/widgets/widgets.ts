import {
  type Widget,
  type WidgetCreate,
  type WidgetUpdate,
  widgetSchema,
} from '@booksprintz/shared';
import { asc, eq } from 'drizzle-orm';
import { lockRow } from '../../db/row-lock.ts';
import { bookingEmbedWidgets as widgets } from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { toResponse } from '../../http/serialize.ts';
import { assertOwnReferences } from '../catalog/references.ts';
import { forgetTenant } from '../tenants/tenant-cache.ts';

const notFound = () => new ApiError('not_found', 'No such widget.');

export async function listWidgets(tdb: TenantDb): Promise<Widget[]> {
  const rows = await tdb.list(widgets, { orderBy: [asc(widgets.created_at), asc(widgets.id)] });
  return rows.map((row) => toResponse(widgetSchema, row));
}

export async function getWidget(tdb: TenantDb, widgetId: string): Promise<Widget> {
  const row = await tdb.get(widgets, widgetId);
  if (!row) throw notFound();
  return toResponse(widgetSchema, row);
}

export async function createWidget(tdb: TenantDb, input: WidgetCreate): Promise<Widget> {
  await assertPreselectionsOwn(tdb, input);
  const row = await tdb.insert(widgets, input);
  forgetTenant(tdb.tenantId);
  return toResponse(widgetSchema, row);
}

export async function updateWidget(
  tdb: TenantDb,
  widgetId: string,
  patch: WidgetUpdate,
): Promise<Widget> {
  const row = await tdb.transaction(async (tx) => {
    if (!(await lockRow(tx, widgets, widgetId))) throw notFound();
    await assertPreselectionsOwn(tx, patch);
    return tx.update(widgets, widgetId, { ...patch, updated_at: new Date() });
  });
  if (!row) throw notFound();
  forgetTenant(tdb.tenantId);
  return toResponse(widgetSchema, row);
}

/** Deletes outright: nothing points at a widget, and its domains stop being allowed. */
export async function deleteWidget(tdb: TenantDb, widgetId: string): Promise<void> {
  if ((await tdb.delete(widgets, eq(widgets.id, widgetId))) === 0) throw notFound();
  forgetTenant(tdb.tenantId);
}

/**
 * The preselection columns have plain foreign keys (not tenant-composite), so this check
 * is the only thing that keeps a widget from naming another tenant's service.
 */
async function assertPreselectionsOwn(
  tdb: TenantDb,
  widget: Pick<
    WidgetUpdate,
    'preselected_service_id' | 'preselected_staff_id' | 'preselected_location_id'
  >,
): Promise<void> {
  await assertOwnReferences(
    tdb,
    'service',
    [widget.preselected_service_id],
    'preselected_service_id',
  );
  await assertOwnReferences(tdb, 'staff', [widget.preselected_staff_id], 'preselected_staff_id');
  await assertOwnReferences(
    tdb,
    'location',
    [widget.preselected_location_id],
    'preselected_location_id',
  );
}
