/** Plural forms by CLDR category (`Intl.PluralRules`); `other` is always required. */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** The deposit step's strings (`Translations.deposit`). */
export interface DepositStrings {
  dueNow: string;
  /** Also on the confirmation once the deposit is paid. */
  balance: string;
  timeLeft: string;
  pay: string;
  paying: string;
  /** Announced while the server confirms a payment Stripe accepted. */
  confirming: string;
  /** On the confirmation. */
  paid: string;
  /** On the confirmation when the server's confirmation is late. */
  processing: string;
}

/**
 * Every string the widget shows or announces. One file per locale implements it, so a
 * missing key is a type error. `{name}` placeholders are filled by `format`.
 */
export interface Translations {
  loading: string;
  /** Popup trigger and dialog title. */
  bookNow: string;
  close: string;
  back: string;
  retry: string;
  /** "Step {step} of {total}: {title}", announced on every step change. */
  stepAnnouncement: string;
  steps: {
    service: string;
    staff: string;
    time: string;
    details: string;
    deposit: string;
    done: string;
  };
  free: string;
  depositRequired: string;
  anyStaff: string;
  anyStaffHint: string;
  withStaff: string;
  prevMonth: string;
  nextMonth: string;
  /** Added to a day's label when it has no free time. */
  dayUnavailable: string;
  slotsAvailable: Plural;
  pickDay: string;
  /** Places left in a class or group session; `full` when none. */
  spotsLeft: Plural;
  full: string;
  noSlotsDay: string;
  noSlotsMonth: string;
  /** "Available times on {date}" — label of the slot list. */
  slotsOn: string;
  timeZone: string;
  /** Placeholder of the zone picker's search field. */
  zoneSearch: string;
  /** The zone picker found nothing for the search. */
  noZone: string;
  timesShownIn: string;
  businessZone: string;
  holding: string;
  heldUntil: string;
  /** The hold ran out while the customer filled in the form. */
  holdLapsed: string;
  name: string;
  email: string;
  phone: string;
  notes: string;
  optional: string;
  required: string;
  invalidEmail: string;
  invalidPhone: string;
  invalidField: string;
  submitting: string;
  /** The details step's submit when a deposit step follows. */
  continueToPayment: string;
  /** The deposit step; `{amount}` is formatted money, `{time}` minutes and seconds (9:41). */
  deposit: DepositStrings;
  confirmedTitle: string;
  pendingTitle: string;
  pendingHint: string;
  confirmationCode: string;
  emailSent: string;
  addToCalendar: string;
  /** Links beside the .ics: `{calendar}` is Google or Outlook. */
  addTo: string;
  /** The service's price on the confirmation. */
  price: string;
  manageBooking: string;
  bookAnother: string;
  /** Messages by problem code; codes without their own message use `generic`. */
  errors: Record<ErrorMessageKey, string>;
}

export type ErrorMessageKey =
  | 'slot_unavailable'
  | 'hold_expired'
  | 'validation_failed'
  | 'origin_not_allowed'
  | 'not_found'
  | 'rate_limited'
  | 'service_unavailable'
  | 'network'
  | 'payment_unavailable'
  | 'payment_failed'
  | 'payment_late'
  | 'generic';

export type Locale = 'en' | 'es' | 'fr';

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => String(values[key] ?? whole));
}

/**
 * Made once per locale: the month grid asks for a plural form per day, and
 * `toLocaleString(locale)` would build a number format for each (a fifth of the first
 * slot's rendering, DESIGN.md §9).
 */
const pluralRules: Record<string, [Intl.PluralRules, Intl.NumberFormat]> = {};

/** Picks the plural form for `count` and fills `{count}` with the localised number. */
export function plural(locale: string, forms: Plural, count: number): string {
  pluralRules[locale] ??= [new Intl.PluralRules(locale), new Intl.NumberFormat(locale)];
  const [rules, number] = pluralRules[locale];
  return format(forms[rules.select(count)] ?? forms.other, { count: number.format(count) });
}
