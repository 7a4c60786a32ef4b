import type { ErrorCode } from '../api/client.ts';
import type { Appointment, Service, Slot } from '../api/types.ts';

/*
 * The public events of <book-sprintz> (WIDGET.md). All bubble and are composed, so a
 * page can listen on the element or on `document`; all but `ready` follow a customer's
 * action, never a property change.
 */

const init = { bubbles: true, composed: true } as const;

export interface ReadyDetail {
  business_name: string;
  timezone: string;
}

/** The widget has loaded the business and can take bookings. */
export class ReadyEvent extends CustomEvent<ReadyDetail> {
  constructor(detail: ReadyDetail) {
    super('book-sprintz:ready', { ...init, detail });
  }
}

export interface ServiceSelectedDetail {
  service: Service;
}

/** The customer chose a service. */
export class ServiceSelectedEvent extends CustomEvent<ServiceSelectedDetail> {
  constructor(detail: ServiceSelectedDetail) {
    super('book-sprintz:service-selected', { ...init, detail });
  }
}

export interface SlotSelectedDetail {
  service_id: string;
  slot: Slot;
}

/** The customer chose a time (the widget then holds it). */
export class SlotSelectedEvent extends CustomEvent<SlotSelectedDetail> {
  constructor(detail: SlotSelectedDetail) {
    super('book-sprintz:slot-selected', { ...init, detail });
  }
}

export interface BookedDetail {
  /** As the API returned it. */
  appointment: Appointment;
  manage_url: string;
  calendar_url: string;
}

/** The booking was created (`confirmed`, or `pending` approval or deposit). */
export class BookedEvent extends CustomEvent<BookedDetail> {
  constructor(detail: BookedDetail) {
    super('book-sprintz:booked', { ...init, detail });
  }
}

export interface ErrorDetail {
  code: ErrorCode | 'missing_tenant';
  status: number;
  /** The translated message shown to the customer. */
  message: string;
}

/** An error was shown to the customer. */
export class BookSprintzErrorEvent extends CustomEvent<ErrorDetail> {
  constructor(detail: ErrorDetail) {
    super('book-sprintz:error', { ...init, detail });
  }
}

/** The popup dialog was closed. */
export class PopupCloseEvent extends CustomEvent<{ booked: boolean }> {
  constructor(detail: { booked: boolean }) {
    super('book-sprintz:close', { ...init, detail });
  }
}

declare global {
  interface HTMLElementEventMap {
    'book-sprintz:ready': ReadyEvent;
    'book-sprintz:service-selected': ServiceSelectedEvent;
    'book-sprintz:slot-selected': SlotSelectedEvent;
    'book-sprintz:booked': BookedEvent;
    'book-sprintz:error': BookSprintzErrorEvent;
    'book-sprintz:close': PopupCloseEvent;
  }
}
