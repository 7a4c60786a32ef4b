/**
 * A Vite plugin for the CDN build: shortens the long property names that only the widget's
 * own code uses (the booking flow's and the calendar's members, the step views' fields),
 * the same way in book-sprintz.js and every chunk (DESIGN.md §9). `#private` members are
 * already shortened by the minifier.
 *
 * Only names listed here are touched. Never list a name that also lives on something the
 * widget does not own: API JSON fields, DOM or Intl properties, Lit's property options,
 * the public element and `BookingApi` members, translation keys read by a computed key
 * (`t.steps[step]`), or keys of the values given to `format` (`{step}`, `{zone}`…).
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
  'result',
  'load',
  // DepositPayment
  'stop',
  'container',
  // its options, the calendar's, and the step views'
  'translations',
  'onStep',
  'onMove',
  'focusedDate',
  'moveTo',
  'onKeydown',
  'flow',
  'today',
  // translation keys (in book-sprintz.js, the step chunks and the language chunks alike),
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
      const words = (code: string) => [...code.matchAll(/[A-Za-z_$][\w$]*/g)].map(([word]) => word);
      // The short names are picked in book-sprintz.js, which avoids the property names it
      // sees; the chunks' names (every word in them, to be safe) are kept out of the
      // choice too, so a short name never meets a property of the same name in a chunk.
      const reserved = new Set(others.flatMap((chunk) => words(chunk.code)));
      const shorten = (file: string, code: string, cache: Record<string, string | false>) => {
        const result = minifySync(file, code, {
          module: true,
          compress: false,
          mangle: false,
          mangleProps: {
            include,
            reserved: [...reserved].filter((word) => !include.test(word)),
            cache,
          },
        });
        if (result.errors.length) throw new Error(`${file}: ${result.errors[0]!.message}`);
        return { code: result.code, cache: result.mangleCache ?? cache };
      };
      const main = shorten(entry.fileName, entry.code, {});
      entry.code = main.code;
      let cache = main.cache;
      // Names only chunks use (none today: book-sprintz.js reads every translation key) are
      // given theirs next, away from every word of book-sprintz.js too, so each chunk finds
      // every name it uses already chosen.
      const rest = [...new Set(others.flatMap((chunk) => words(chunk.code)))].filter(
        (word) => include.test(word) && !(word in cache),
      );
      if (rest.length) {
        for (const word of words(entry.code)) reserved.add(word);
        cache = shorten('names.js', rest.map((name) => `_.${name};`).join(''), cache).cache;
      }
      for (const chunk of others) {
        const result = shorten(chunk.fileName, chunk.code, cache);
        if (Object.keys(result.cache).length !== Object.keys(cache).length) {
          throw new Error(
            `${chunk.fileName}: a listed name was given a short name blind to the rest`,
          );
        }
        chunk.code = result.code;
      }
    },
  };
}
