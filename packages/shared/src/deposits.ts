/**
 * The money rules of deposits (DESIGN §5), shared by the API (which charges and refunds)
 * and the widget (which shows the amounts). Amounts are integer cents of the service's
 * currency; nothing here rounds more than once. The balance still due at the
 * appointment is a generated column of `appointments` (`balance_due_cents`), so every
 * reader of the row, SQL included, sees the same figure.
 */

export interface DepositTerms {
  price_cents: number;
  deposit_required: boolean;
  deposit_amount_cents?: number | null | undefined;
  deposit_percentage?: number | null | undefined;
}

/**
 * The deposit a booking of the service asks for; 0 when none is due.
 *
 * A fixed amount is taken as is. A percentage is of the price, rounded half up to the
 * whole cent (20 % of 3 333 ¢ = 666.6 → 667 ¢; 50 % of 1 ¢ = 0.5 → 1 ¢): integer
 * arithmetic, `floor((price × pct + 50) / 100)`, so no binary fraction can tip it.
 * Either way the deposit never exceeds the price.
 *
 * @example
 * depositCents({ price_cents: 12000, deposit_required: true, deposit_percentage: 20 }); // 2400
 */
export function depositCents(terms: DepositTerms): number {
  if (!terms.deposit_required) return 0;
  const price = Math.max(0, terms.price_cents);
  if (terms.deposit_amount_cents != null) return Math.min(terms.deposit_amount_cents, price);
  if (terms.deposit_percentage != null) {
    return Math.min(Math.floor((price * terms.deposit_percentage + 50) / 100), price);
  }
  return 0;
}

export interface CancellationTerms {
  /** Who cancels: a customer (manage link), the business, or the system. */
  by: 'customer' | 'staff' | 'system';
  start: Date;
  now: Date;
  /** The tenant's `cancellation_window_hours`. */
  windowHours: number;
  /** Paid and neither refunded nor owed back yet. */
  refundableCents: number;
}

/**
 * How much of what was paid goes back when an appointment is cancelled. A customer
 * cancelling at least `windowHours` before the start gets all of it back; later, the
 * deposit is kept (that is what it is for). When the business or the system cancels,
 * the customer did nothing wrong: everything goes back, whenever it happens.
 */
export function cancellationRefundCents(terms: CancellationTerms): number {
  if (terms.refundableCents <= 0) return 0;
  if (terms.by !== 'customer') return terms.refundableCents;
  const deadline = terms.start.getTime() - terms.windowHours * 3_600_000;
  return terms.now.getTime() <= deadline ? terms.refundableCents : 0;
}
