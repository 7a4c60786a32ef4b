import { html, nothing } from 'lit';
import type { BookingResult } from '../../api/types.ts';
import { format } from '../../i18n/index.ts';
import { formatMoney } from '../format.ts';
import { type Booking, bookingSummary } from './booking-summary.ts';
import type { StepView } from './view.ts';

/**
 * The booking as made: code, summary, what was paid and what is still due, .ics and
 * manage links (Google's and Outlook's as the API made them). After a deposit step it
 * shows the appointment as last read: `confirmed`, or still `pending` when the server's
 * confirmation of the payment is slow.
 */
export function confirmationStep(
  view: StepView,
  result: BookingResult,
  booking: Booking,
  onRestart: () => void,
) {
  const { t, locale } = view;
  const { appointment, payment } = result;
  const money = (cents: number) =>
    formatMoney(cents, appointment.currency || payment?.currency || 'USD', locale);
  const paid = appointment.deposit_paid_cents ?? 0;
  const total = appointment.total_price_cents ?? 0;
  return html`<div class="confirmation" part="confirmation" data-testid="confirmation">
    <p class="hint">${t.confirmationCode}</p>
    <p class="code" data-testid="confirmation-code">${appointment.confirmation_code}</p>
    ${appointment.status === 'pending' ? html`<p>${payment ? t.deposit.processing : t.pendingHint}</p>` : nothing}
    ${total ? html`<p data-testid="price">${format(t.price, { amount: money(total) })}</p>` : nothing}
    ${
      paid
        ? html`<div class="notice">
            <p data-testid="deposit-paid">${format(t.deposit.paid, { amount: money(paid) })}</p>
            <p data-testid="balance-due">
              ${format(t.deposit.balance, { amount: money(appointment.balance_due_cents ?? Math.max(0, total - paid)) })}
            </p>
          </div>`
        : nothing
    }
    ${bookingSummary(view, booking)}
    ${appointment.customer_email ? html`<p class="hint">${format(t.emailSent, { email: appointment.customer_email })}</p>` : nothing}
    <div class="actions">
      <a class="button primary" part="button" data-testid="add-to-calendar" href=${result.calendar_url}>${t.addToCalendar}</a>
      ${[
        ['Google', result.google_calendar_url],
        ['Outlook', result.outlook_calendar_url],
      ].map(
        ([name, href]) =>
          html`<a class="button" part="button" data-testid="add-to-${name!.toLowerCase()}" href=${href!} target="_blank" rel="noopener">${format(t.addTo, { calendar: name! })}</a>`,
      )}
      <a class="button" part="button" data-testid="manage-link" href=${result.manage_url} target="_blank" rel="noopener">${t.manageBooking}</a>
    </div>
    <button class="link" part="button" data-testid="book-another" @click=${onRestart}>${t.bookAnother}</button>
  </div>`;
}
