import { ApiError, type BookingApi } from '../../api/client.ts';
import type { BookingRequest, BookingResult } from '../../api/types.ts';
import {
  type Customer,
  type Field,
  type FieldProblem,
  fieldProblems,
  validate,
} from '../customer-details.ts';

/**
 * The details form and the booking request: validation first, then `POST /appointments`
 * under one Idempotency-Key for every retry of the same booking, so a retry after a lost
 * answer never books twice. The key is dropped once the server has answered.
 */
export class SubmitController {
  customer: Customer = { name: '', email: '', phone: '', notes: '' };
  fieldErrors: Partial<Record<Field, FieldProblem>> = {};
  submitting = false;
  #key: string | undefined;

  /** `true` when a field needs fixing (nothing was sent). */
  check(): boolean {
    this.fieldErrors = validate(this.customer);
    return Object.keys(this.fieldErrors).length > 0;
  }

  /** Books; rejects with the API's error (field problems land in `fieldErrors`). */
  async book(
    api: BookingApi,
    request: Omit<BookingRequest, 'customer' | 'notes'>,
  ): Promise<BookingResult> {
    const { name, email, phone, notes } = this.customer;
    this.#key ??= randomKey();
    this.submitting = true;
    try {
      const result = await api.book(
        {
          ...request,
          customer: { name: name.trim(), email: email.trim(), phone: phone.trim() || undefined },
          notes: notes.trim() || undefined,
        },
        this.#key,
      );
      this.#key = undefined;
      return result;
    } catch (error) {
      // Retrying the same body must reuse the key; anything the server answered is final.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        this.#key = undefined;
        if (error.code === 'validation_failed') this.fieldErrors = fieldProblems(error);
      }
      throw error;
    } finally {
      this.submitting = false;
    }
  }
}

function randomKey(): string {
  // crypto.randomUUID needs a secure context; customers' sites are not all https.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}
