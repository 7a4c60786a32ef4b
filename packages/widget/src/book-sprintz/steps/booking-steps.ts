/**
 * The steps after a time is held: the details form, the confirmation and the booking
 * summary they share with the deposit step. A chunk of its own (DESIGN.md §9): nothing
 * here is needed before the visitor picks a time, so book-sprintz.js does not carry it.
 * The flow fetches it when the browser is idle after the first times are shown, and waits
 * for it beside the hold when a time is picked before that (booking-flow.ts).
 */
export { type Booking, bookingSummary } from './booking-summary.ts';
export { confirmationStep } from './confirmation-step.ts';
export { type DetailsInput, detailsStep } from './details-step.ts';
