import type { Appointment as AppointmentRow } from '../../db/schema/index.ts';
import type { CustomerLinks } from '../notifications/customer-links.ts';
import type { ManagePageCopy, NotificationCopy } from '../notifications/templates/copy.ts';
import type { Locale } from '../notifications/templates/format.ts';

/* What the manage page shows, apart from how it is loaded (manage-view.ts). */

/** What a POST on the page did, shown at the top of the page it answers with. */
export type ManageNotice = 'cancelled' | 'rescheduled' | 'taken';

/** Whom to move to: the booked staff member, whoever is free, or a staff id. */
export type StaffChoice = 'same' | 'any' | (string & {});

/** The page's query string, read leniently: a malformed part is as if absent. */
export interface ManageQuery {
  date?: string | undefined;
  staff?: string | undefined;
  start_time?: string | undefined;
  step?: string | undefined;
}

export interface ManageView {
  locale: Locale;
  t: ManagePageCopy;
  labels: NotificationCopy['labels'];
  brand: { name: string; color: string; logoUrl: string | null };
  appointment: AppointmentRow;
  serviceName: string;
  staffName: string | null;
  location: string | null;
  /** The customer's zone (the one they booked in), else the business's. */
  zone: string;
  businessZone: string;
  /** `/manage/:tenant/:id`, the page's own path; forms post under it. */
  page: string;
  token: string;
  links: CustomerLinks;
  open: boolean;
  movable: boolean;
  notice: ManageNotice | undefined;
  /** The "Change time" section: the picked day, whom with, and that day's free times. */
  move: {
    day: string | undefined;
    current: string;
    today: string;
    staff: StaffChoice;
    staffOptions: Array<{ value: StaffChoice; name: string }>;
    times: Array<{ start_time: string; staff_id: string }>;
  } | null;
  /** The confirmation step of a move, when a time was picked. */
  confirmMove: { start: Date; staffId: string; staffName: string | null; day: string } | null;
  /** The confirmation step of a cancellation. */
  confirmCancel: boolean;
}
