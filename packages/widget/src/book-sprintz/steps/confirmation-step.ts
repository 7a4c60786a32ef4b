import { html, nothing } from 'lit';
import { format } from '../../i18n/index.ts';
import { formatMoney } from '../format.ts';
import { bookingSummary } from './details-step.ts';
import type { StepView } from './view.ts';

/**
 * The booking as created: code, summary, .ics and manage links. When the API asks for a
 * deposit (`payment` non-null), the Stripe step will slot in here (a later issue); until
 * then the customer is told plainly that payment is pending.
 */
export function confirmationStep(view: StepView, onRestart: () => void) {
  const { flow, t, locale } = view;
  const result = flow.result;
  if (!result) return nothing;
  const { appointment, payment } = result;
  return html`<div class="confirmation" part="confirmation" data-testid="confirmation">
    <p class="hint">${t.confirmationCode}</p>
    <p class="code" data-testid="confirmation-code">${appointment.confirmation_code}</p>
    ${appointment.status === 'pending' && !payment ? html`<p>${t.pendingHint}</p>` : nothing}
    ${
      payment
        ? html`<div class="notice" data-testid="payment-required">
            <p>${format(t.depositDue, { amount: formatMoney(payment.amount_cents, payment.currency, locale) })}</p>
            <p>${t.paymentUnavailable}</p>
          </div>`
        : nothing
    }
    ${bookingSummary(view, appointment.start_time, appointment.staff_id)}
    ${appointment.customer_email ? html`<p class="hint">${format(t.emailSent, { email: appointment.customer_email })}</p>` : nothing}
    <div class="actions">
      <a class="button primary" part="button" data-testid="add-to-calendar" href=${result.calendar_url}>${t.addToCalendar}</a>
      <a class="button" part="button" data-testid="manage-link" href=${result.manage_url} target="_blank" rel="noopener">${t.manageBooking}</a>
    </div>
    <button class="link" part="button" data-testid="book-another" @click=${onRestart}>${t.bookAnother}</button>
  </div>`;
}
