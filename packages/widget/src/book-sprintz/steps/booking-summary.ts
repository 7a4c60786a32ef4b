import { html, nothing } from 'lit';
import type { Service } from '../../api/types.ts';
import { format } from '../../i18n/index.ts';
import { formatDateTime, formatDuration, formatZone } from '../format.ts';
import type { StepView } from './view.ts';

/** What is being booked. */
export interface Booking {
  service: Service | undefined;
  /** Start instant (RFC 3339). */
  start: string;
  staff: string | undefined;
  location: string | undefined;
  /** The customer's display zone and the business's. */
  zone: string;
  business: string;
}

/** What is being booked, in the customer's zone and (when different) the business's. */
export function bookingSummary({ t, locale }: StepView, booking: Booking) {
  const { service, start, staff, location, zone, business } = booking;
  return html`<div class="summary">
    <p><b>
      ${service?.name}
      ${service ? html`<span class="muted">· ${formatDuration(service.duration_minutes, locale)}</span>` : nothing}
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
