import { html, nothing } from 'lit';
import { format } from '../../i18n/index.ts';
import type { Field } from '../customer-details.ts';
import { formatTime } from '../format.ts';
import { bookingSummary } from './booking-summary.ts';
import type { StepView } from './view.ts';

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
