import { html, nothing } from 'lit';
import { format } from '../../i18n/index.ts';
import type { Field } from '../customer-details.ts';
import { formatDateTime, formatDuration, formatTime, formatZone } from '../format.ts';
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

const FIELDS: { name: Field; type: string; autocomplete: string; optional?: boolean }[] = [
  { name: 'name', type: 'text', autocomplete: 'name' },
  { name: 'email', type: 'email', autocomplete: 'email' },
  { name: 'phone', type: 'tel', autocomplete: 'tel', optional: true },
  { name: 'notes', type: 'textarea', autocomplete: 'off', optional: true },
];

export function detailsStep(view: StepView, onSubmit: (event: SubmitEvent) => void) {
  const { flow, t, locale } = view;
  const slot = flow.slot;
  if (!slot) return nothing;
  const hold = flow.hold;
  return html`${bookingSummary(view, slot.start_time, hold?.staff_id ?? slot.staff_id)}
    ${
      hold
        ? html`<p class="hint">${format(t.heldUntil, { time: formatTime(hold.expires_at, flow.zone, locale) })}</p>`
        : nothing
    }
    <form novalidate @submit=${onSubmit}>
      ${FIELDS.map(({ name, type, autocomplete, optional }) => {
        const problem = flow.fieldErrors[name];
        const input = (event: Event) => {
          flow.customer[name] = (event.target as HTMLInputElement).value;
        };
        const described = problem ? `error-${name}` : nothing;
        return html`<div class="field">
          <label for="field-${name}">
            ${t[name]} ${optional ? html`<span class="muted">(${t.optional})</span>` : nothing}
          </label>
          ${
            type === 'textarea'
              ? html`<textarea
                  id="field-${name}"
                  name=${name}
                  part="input"
                  rows="3"
                  maxlength="1000"
                  .value=${flow.customer[name]}
                  @input=${input}
                  aria-invalid=${!!problem}
                  aria-describedby=${described}
                ></textarea>`
              : html`<input
                  id="field-${name}"
                  name=${name}
                  type=${type}
                  part="input"
                  autocomplete=${autocomplete}
                  ?required=${!optional}
                  maxlength="200"
                  .value=${flow.customer[name]}
                  @input=${input}
                  aria-invalid=${!!problem}
                  aria-describedby=${described}
                />`
          }
          ${problem ? html`<p class="field-error" id="error-${name}">${t[problem]}</p>` : nothing}
        </div>`;
      })}
      <button class="primary" part="button" type="submit" data-testid="book-now" aria-disabled=${flow.submitting}>
        ${flow.submitting ? t.submitting : flow.service?.deposit_required ? t.continueToPayment : t.bookNow}
      </button>
    </form>`;
}
