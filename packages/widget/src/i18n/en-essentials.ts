/**
 * The few English strings book-sprintz.js carries itself: what the element shows before
 * the visitor's language has loaded (the loading state, the popup's button and close
 * button), and when no language can load at all (a generic error with Try again). The
 * rest of English is a chunk like Spanish and French (DESIGN.md §9); `en.ts` takes these
 * from here, so they are written once.
 */
export const essentials = {
  loading: 'Loading…',
  bookNow: 'Book now',
  close: 'Close',
  retry: 'Try again',
  generic: 'Something went wrong. Please try again.',
};

export type Essentials = typeof essentials;
