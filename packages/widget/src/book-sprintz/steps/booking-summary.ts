import { html, nothing } from 'lit';
import { format } from '../../i18n/index.ts';
import { formatDateTime, formatDuration, formatZone } from '../format.ts';
import type { StepView } from './view.ts';

/** What is being booked, in the customer's zone and (when different) the business's. */
export function bookingSummary(
  { flow, t, locale }: StepView,
  start: string,
  staffId: string | undefined,
) {
  const zone = flow.zone;
  const business = flow.businessZone;
  const staff = flow.staffName(staffId);
  const location = flow.locations.find((l) => l.id === flow.locationId)?.name;
  return html`<div class="summary">
    <p><b>
      ${flow.service?.name}
      ${flow.service ? html`<span class="muted">· ${formatDuration(flow.service.duration_minutes, locale)}</span>` : nothing}
    </b></p>
    <p>${formatDateTime(start, zone, locale)} <span class="muted">· ${formatZone(zone, locale)}</span></p>
    ${
      business !== zone
        ? html`<p class="muted">${format(t.businessZone, { zone: formatZone(business, locale) })}
            ${formatDateTime(start, business, locale)}</p>`
        : nothing
    }
    ${staff ? html`<p>${format(t.withStaff, { name: staff })}</p>` : nothing}
    ${location ? html`<p>${location}</p>` : nothing}
  </div>`;
}
