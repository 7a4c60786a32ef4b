/**
 * The steps after a time is held: the details form, the confirmation and the booking
 * summary they share with the deposit step. A chunk of its own (DESIGN.md §9): nothing
 * here is needed before the visitor picks a time, so book-sprintz.js does not carry it.
 * The flow fetches it when the browser is idle after the first times are shown, and waits
 * for it beside the hold when a time is picked before that (booking-flow.ts).
 *
 * The flow takes the default export, and hands the deposit step its summary: a chunk
 * that nothing imports statically needs no helper building a module namespace.
 */
import { bookingSummary } from './booking-summary.ts';
import { confirmationStep } from './confirmation-step.ts';
import { detailsStep } from './details-step.ts';

export type { Booking } from './booking-summary.ts';
export type { DetailsInput } from './details-step.ts';

export default { detailsStep, confirmationStep, bookingSummary };
