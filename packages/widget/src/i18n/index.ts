import { type Essentials, essentials } from './en-essentials.ts';
import { type ErrorMessageKey, format, type Locale, type Translations } from './translations.ts';

export type { ErrorMessageKey, Locale, Plural, Translations } from './translations.ts';
export { format, plural } from './translations.ts';
export { type Essentials, essentials };

/*
 * Every language, English too, is a small chunk beside book-sprintz.js, fetched only by
 * the visitors who need it, while the business's first API calls are under way; the
 * element itself keeps only English's `essentials` (the bundle budget is DESIGN.md §9).
 * Chunks carry their own keys, which the CDN build shortens (scripts/mangle-props.ts), so
 * book-sprintz.js needs no key tree to read them.
 */
const loaders: Record<Locale, () => Promise<{ default: Translations }>> = {
  en: () => import('./en.ts'),
  es: () => import('./es.ts'),
  fr: () => import('./fr.ts'),
};
const loaded: Partial<Record<Locale, Translations>> = {};
const loading: Partial<Record<Locale, Promise<Translations>>> = {};
/** Languages that could not load, not even as English, until `loadTranslations` tries again. */
const failed = new Set<Locale>();

/**
 * The strings of a locale, fetched once. A chunk that cannot load (offline, a deploy
 * replaced it) leaves the visitor with English; when English cannot load either, this
 * rejects, and the next call tries again.
 */
export function loadTranslations(locale: Locale): Promise<Translations> {
  failed.delete(locale);
  loading[locale] ??= loaders[locale]()
    .then((module) => module.default)
    .catch((error: unknown) => (locale === 'en' ? Promise.reject(error) : loadTranslations('en')))
    .then(
      (strings) => {
        loaded[locale] = strings;
        return strings;
      },
      (error: unknown) => {
        delete loading[locale];
        failed.add(locale);
        throw error;
      },
    );
  return loading[locale];
}

/**
 * For rendering: the strings of a locale once loaded; `undefined` while they load
 * (`onChange` runs when that ends), `null` when no language could load.
 */
export function translationsFor(
  locale: Locale,
  onChange: () => void,
): Translations | null | undefined {
  if (loaded[locale]) return loaded[locale];
  if (failed.has(locale)) return null;
  loadTranslations(locale).then(onChange, onChange);
  return undefined;
}

/**
 * The message for a problem code in the loaded strings: its own, or the generic one for
 * codes without one (conflict, internal_error…); English's generic one without strings.
 * `business` fills `{business}` (origin_not_allowed names who cannot be booked here).
 */
export function errorMessage(
  t: Translations | null | undefined,
  code: string,
  business = '',
): string {
  if (!t) return essentials.generic;
  return format(
    Object.hasOwn(t.errors, code) ? t.errors[code as ErrorMessageKey] : t.errors.generic,
    { business },
  );
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
    if (language in loaders) {
      try {
        return { locale: language, tag: Intl.getCanonicalLocales(candidate)[0] ?? language };
      } catch {
        return { locale: language, tag: language };
      }
    }
  }
  return { locale: 'en', tag: 'en' };
}
