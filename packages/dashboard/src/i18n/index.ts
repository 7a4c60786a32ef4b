import { en, type Messages } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';

export type Locale = 'en' | 'es' | 'fr';
export type MessageKey = keyof Messages;

const catalogs: Record<Locale, Messages> = { en, es, fr };
const STORAGE_KEY = 'bs-app-locale';

function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'es' || stored === 'fr') return stored;
  for (const language of globalThis.navigator?.languages ?? []) {
    const base = language.slice(0, 2).toLowerCase();
    if (base === 'en' || base === 'es' || base === 'fr') return base;
  }
  return 'en';
}

let current: Locale = initialLocale();

export function locale(): Locale {
  return current;
}

/** Switches the language of the whole app (the shell re-renders every screen). */
export function setLocale(next: Locale): void {
  current = next;
  globalThis.localStorage?.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  window.dispatchEvent(new Event('bs-locale'));
}

/** The message `key` in the app's language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template = catalogs[current][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** A money amount in the business's currency, in the app's language. */
export function money(cents: number, currency: string): string {
  return new Intl.NumberFormat(current, { style: 'currency', currency }).format(cents / 100);
}

/** Weekday names from the locale, index 0 = Sunday (as the API counts). */
export function weekdayNames(): string[] {
  const format = new Intl.DateTimeFormat(current, { weekday: 'long', timeZone: 'UTC' });
  // 2023-01-01 was a Sunday.
  return Array.from({ length: 7 }, (_, day) => format.format(Date.UTC(2023, 0, 1 + day)));
}
