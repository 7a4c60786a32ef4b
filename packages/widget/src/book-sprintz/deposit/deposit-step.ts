import { html, nothing } from 'lit';
import { format } from '../../i18n/index.ts';
import { formatMoney } from '../format.ts';
import type { StepView } from '../steps/view.ts';
import type { DepositPayment } from './deposit-payment.ts';

/**
 * What is booked (`summary`, by the booking steps' chunk, which the details step before
 * this one has loaded), the deposit and the balance, the time left, Stripe's form and Pay.
 */
export function depositStep(view: StepView, deposit: DepositPayment, summary: unknown) {
  const { t, locale } = view;
  const { payment, appointment, state } = deposit;
  const money = (cents: number) => formatMoney(cents, payment.currency || 'USD', locale);
  const amount = money(payment.amount_cents);
  // Due after this payment. Not the appointment's `balance_due_cents`: that counts the money
  // received so far, so until this payment it is the whole price.
  const total = appointment.total_price_cents;
  const seconds = Math.max(0, Math.ceil(deposit.timeLeft / 1000));
  const busy = state === 'paying' || state === 'confirming';
  return html`<div class="deposit" data-testid="deposit">
    ${summary}
    <div class="notice">
      <p data-testid="deposit-amount"><b>${format(t.deposit.dueNow, { amount })}</b></p>
      ${
        total == null
          ? nothing
          : html`<p data-testid="balance-due">
              ${format(t.deposit.balance, { amount: money(Math.max(0, total - payment.amount_cents)) })}
            </p>`
      }
    </div>
    ${
      state === 'confirming'
        ? nothing
        : html`<p class="hint" role="timer" data-testid="deposit-time-left">
            ${format(t.deposit.timeLeft, { time: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` })}
          </p>`
    }
    <div class="payment" data-testid="payment-element" aria-busy=${state === 'loading'}>
      ${state === 'loading' ? html`<p class="hint">${t.loading}</p>` : nothing}${deposit.container}
    </div>
    <button
      class="primary"
      part="button"
      data-testid="pay-deposit"
      aria-disabled=${state !== 'ready'}
      @click=${() => deposit.pay()}
    >
      ${busy ? t.deposit.paying : format(t.deposit.pay, { amount })}
    </button>
    <p role="status" data-testid="payment-status">${state === 'confirming' ? t.deposit.confirming : nothing}</p>
  </div>`;
}
