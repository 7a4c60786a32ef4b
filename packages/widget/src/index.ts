/**
 * `@booksprintz/widget`: importing it defines `<book-sprintz>`.
 *
 * @example
 * import '@booksprintz/widget';
 * document.body.append(Object.assign(document.createElement('book-sprintz'), { tenant: 'demo' }));
 */
import { BookSprintz } from './book-sprintz/book-sprintz.ts';

export { ApiError, BookingApi } from './api/client.ts';
export type * from './api/types.ts';
export { BookSprintz } from './book-sprintz/book-sprintz.ts';
export * from './events/index.ts';
export type { Locale, Translations } from './i18n/index.ts';

// Guarded: two copies on one page (the npm build and a script tag) must not throw.
if (!customElements.get('book-sprintz')) customElements.define('book-sprintz', BookSprintz);
