import { html, nothing } from 'lit';
import { format } from '../../i18n/index.ts';
import type { HoldController } from '../controllers/hold-controller.ts';
import type { SubmitController } from '../controllers/submit-controller.ts';
import type { Field } from '../customer-details.ts';
import { formatTime } from '../format.ts';
import { type Booking, bookingSummary } from './booking-summary.ts';
import type { StepView } from './view.ts';

const FIELDS: { name: Field; type: string; autocomplete: string; optional?: boolean }[] = [
  { name: 'name', type: 'text', autocomplete: 'name' },
  { name: 'email', type: 'email', autocomplete: 'email' },
  { name: 'phone', type: 'tel', autocomplete: 'tel', optional: true },
  { name: 'notes', type: 'textarea', autocomplete: 'off', optional: true },
];

/** The time on hold (`lapsed` once the server let it go) and the customer's details. */
export interface DetailsInput {
  booking: Booking;
  holds: HoldController;
  form: SubmitController;
  /** The next step is the deposit. */
  deposit: boolean;
  onSubmit: (event: SubmitEvent) => void;
  /** The customer typed in a field (the funnel's `details_started`). */
  onInput: () => void;
}

export function detailsStep(view: StepView, input: DetailsInput) {
  const { t, locale } = view;
  const { booking, holds, form, onSubmit, onInput } = input;
  const { hold, lapsed } = holds;
  return html`${bookingSummary(view, booking)}
    ${
      lapsed
        ? html`<p class="notice" role="status" data-testid="hold-lapsed">${t.holdLapsed}</p>`
        : hold
          ? html`<p class="hint" data-testid="held-until">${format(t.heldUntil, { time: formatTime(hold.expires_at, booking.zone, locale) })}</p>`
          : nothing
    }
    <form novalidate @submit=${onSubmit} @input=${onInput}>
      ${FIELDS.map(({ name, type, autocomplete, optional }) => {
        const problem = form.fieldErrors[name];
        const input = (event: Event) => {
          form.customer[name] = (event.target as HTMLInputElement).value;
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
                  .value=${form.customer[name]}
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
                  .value=${form.customer[name]}
                  @input=${input}
                  aria-invalid=${!!problem}
                  aria-describedby=${described}
                />`
          }
          ${problem ? html`<p class="field-error" id="error-${name}">${t[problem]}</p>` : nothing}
        </div>`;
      })}
      <button class="primary" part="button" type="submit" data-testid="book-now" aria-disabled=${form.submitting}>
        ${form.submitting ? t.submitting : input.deposit ? t.continueToPayment : t.bookNow}
      </button>
    </form>`;
}
