import { en } from './en.ts';
import type { Locale, Translations } from './translations.ts';

export type { ErrorMessageKey, Locale, Plural, Translations } from './translations.ts';
export { format, plural } from './translations.ts';
export { en };

/*
 * English ships in book-sprintz.js; the other languages are small chunks beside it,
 * fetched only by visitors who need them (the bundle budget is DESIGN.md §9).
 */
const cache: Partial<Record<Locale, Translations | Promise<void>>> = { en };
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Translations | Compact }>> = {
  es: () => import('./es.ts'),
  fr: () => import('./fr.ts'),
};

/** A language as the CDN build ships it: its strings in `en`'s key order (scripts/compact-translations.ts). */
type Compact = unknown[];

/**
 * The strings of a compacted language, keyed again after `en`. An object where English
 * has an object of its own is taken whole (plural forms differ between languages).
 */
export function expand(values: Translations | Compact): Translations {
  if (!Array.isArray(values)) return values;
  let i = 0;
  const walk = (shape: object): object =>
    Object.fromEntries(
      Object.entries(shape).map(([key, value]) => [
        key,
        typeof value === 'object' && typeof values[i] === 'string' ? walk(value) : values[i++],
      ]),
    );
  return walk(en) as Translations;
}

/** The strings of a locale once loaded; until then `undefined`, and `onLoad` runs when they arrive. */
export function translationsFor(locale: Locale, onLoad: () => void): Translations | undefined {
  let entry = cache[locale];
  if (!entry) {
    entry = loaders[locale as Exclude<Locale, 'en'>]().then(
      (module) => {
        cache[locale] = expand(module.default);
      },
      // A chunk that cannot load (offline, a deploy replaced it) leaves the visitor with English.
      () => {
        cache[locale] = en;
      },
    );
    cache[locale] = entry;
  }
  if (!(entry instanceof Promise)) return entry;
  entry.then(onLoad);
  return undefined;
}

/**
 * The first candidate whose language we translate (`fr-CA` → `fr`), keeping the full tag
 * for `Intl` (dates and currency follow the region). Candidates: the `locale`
 * attribute, then the browser's languages, then the tenant's locale.
 */
export function resolveLocale(candidates: (string | null | undefined)[]): {
  locale: Locale;
  tag: string;
} {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const language = candidate.toLowerCase().split(/[-_]/)[0] as Locale;
    if (language === 'en' || language in loaders) {
      try {
        return { locale: language, tag: Intl.getCanonicalLocales(candidate)[0] ?? language };
      } catch {
        return { locale: language, tag: language };
      }
    }
  }
  return { locale: 'en', tag: 'en' };
}
