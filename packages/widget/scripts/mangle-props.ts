/**
 * A Vite plugin for the CDN build: shortens the long property names that only the widget's
 * own code uses (the booking flow's and the calendar's members, the step views' fields),
 * the same way in book-sprintz.js and every chunk (DESIGN.md §9). `#private` members are
 * already shortened by the minifier.
 *
 * Only names listed here are touched. Never list a name that also lives on something the
 * widget does not own: API JSON fields, DOM or Intl properties, Lit's property options,
 * the public element and `BookingApi` members, translation keys, or keys of the values
 * given to `format` (`{step}`, `{zone}`…).
 */
import { minifySync, type Plugin } from 'vite';

const INTERNAL = [
  // BookingFlow
  'preselected',
  'locationId',
  'staffId',
  'selectedDate',
  'loadingMonths',
  'fieldErrors',
  'eligibleStaff',
  'staffName',
  'selectService',
  'selectStaff',
  'setZone',
  'showMonth',
  'monthRange',
  'selectDate',
  'selectSlot',
  'refreshDay',
  'dismissError',
  'paymentFailed',
  'depositExpired',
  'steps',
  'back',
  'reset',
  'submit',
  'retry',
  // DepositPayment (names only the deposit chunk uses cannot be listed: see below)
  'stop',
  // its options, the calendar's, and the step views'
  'translations',
  'onStep',
  'onMove',
  'focusedDate',
  'moveTo',
  'onKeydown',
  'flow',
  'today',
  // translation keys (es and fr are rebuilt on `en`'s keys: scripts/compact-translations.ts),
  // except those read by a computed key (`steps`, `errors`, the fields and their problems)
  'loading',
  'bookNow',
  'stepAnnouncement',
  'free',
  'depositRequired',
  'anyStaff',
  'anyStaffHint',
  'withStaff',
  'prevMonth',
  'nextMonth',
  'dayUnavailable',
  'slotsAvailable',
  'pickDay',
  'noSlotsDay',
  'noSlotsMonth',
  'slotsOn',
  'timesShownIn',
  'businessZone',
  'holding',
  'heldUntil',
  'submitting',
  'continueToPayment',
  'dueNow',
  'balance',
  'timeLeft',
  'pay',
  'paying',
  'confirming',
  'paid',
  'processing',
  'confirmedTitle',
  'pendingTitle',
  'pendingHint',
  'confirmationCode',
  'emailSent',
  'addToCalendar',
  'manageBooking',
  'bookAnother',
];

export function mangleProps(): Plugin {
  const include = new RegExp(`^(${INTERNAL.join('|')})$`);
  return {
    name: 'booksprintz:mangle-props',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
      const [entry, ...others] = chunks.sort((a, b) => Number(b.isEntry) - Number(a.isEntry));
      if (!entry?.isEntry) return;
      // The short names are picked in book-sprintz.js, which avoids the property names it
      // sees; the chunks' names (every word in them, to be safe) are kept out of the
      // choice too, so a short name never meets a property of the same name in a chunk.
      const reserved = new Set<string>();
      for (const chunk of others) {
        for (const [word] of chunk.code.matchAll(/[A-Za-z_$][\w$]*/g)) {
          if (!include.test(word)) reserved.add(word);
        }
      }
      let cache: Record<string, string | false> = {};
      for (const chunk of [entry, ...others]) {
        const result = minifySync(chunk.fileName, chunk.code, {
          module: true,
          compress: false,
          mangle: false,
          mangleProps: { include, reserved: [...reserved], cache },
        });
        if (result.errors.length) {
          throw new Error(`${chunk.fileName}: ${result.errors[0]!.message}`);
        }
        const named = result.mangleCache ?? cache;
        // A name first met in a chunk would be given a short name there, blind to the rest.
        if (chunk !== entry && Object.keys(named).length !== Object.keys(cache).length) {
          throw new Error(`${chunk.fileName}: a listed name that book-sprintz.js never uses`);
        }
        chunk.code = result.code;
        cache = named;
      }
    },
  };
}
