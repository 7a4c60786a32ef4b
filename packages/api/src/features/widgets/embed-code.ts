import { type EmbedCode, embedCodeSchema, type Widget } from '@booksprintz/shared';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { toResponse } from '../../http/serialize.ts';
import { getWidget } from './widgets.ts';

const DEFAULT_LABEL = 'Book now';

/** Attribute values come from the business (a theme label); ids and slugs are safe already. */
function attribute(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/**
 * The snippet a site owner pastes, exactly as WIDGET.md ("Embedding") writes it, with the
 * widget's preselections as the element's `service` / `staff` / `location` attributes
 * (inline) or the loader's `data-*` equivalents (popup, button). Ids rather than slugs:
 * a renamed service must not break pages that embed it. `origin` is where the API and
 * the widget files are served, i.e. the origin of this request.
 */
export function embedSnippet(widget: Widget, tenantSlug: string, origin: string): string {
  const preselections: Array<[string, string | null]> = [
    ['service', widget.preselected_service_id],
    ['staff', widget.preselected_staff_id],
    ['location', widget.preselected_location_id],
  ];
  if (widget.widget_type === 'inline') {
    const extra = preselections
      .filter((entry): entry is [string, string] => entry[1] !== null)
      .map(([name, value]) => ` ${name}="${attribute(value)}"`)
      .join('');
    return [
      `<script type="module" src="${origin}/widget/v1/book-sprintz.js"></script>`,
      `<book-sprintz tenant="${attribute(tenantSlug)}"${extra}></book-sprintz>`,
    ].join('\n');
  }
  const label = typeof widget.theme.label === 'string' ? widget.theme.label : DEFAULT_LABEL;
  const extra = preselections
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, value]) => ` data-${name}="${attribute(value)}"`)
    .join('');
  return [
    `<script src="${origin}/widget/v1/embed.js" data-tenant="${attribute(tenantSlug)}"`,
    `        data-mode="${widget.widget_type}" data-label="${attribute(label)}"${extra} async></script>`,
  ].join('\n');
}

export async function widgetEmbedCode(
  tdb: TenantDb,
  widgetId: string,
  origin: string,
): Promise<EmbedCode> {
  const [widget, tenant] = await Promise.all([getWidget(tdb, widgetId), tdb.tenant()]);
  if (!tenant) throw new ApiError('not_found', 'No such tenant.');
  return toResponse(embedCodeSchema, {
    widget_id: widget.id,
    html: embedSnippet(widget, tenant.subdomain, origin),
  });
}
