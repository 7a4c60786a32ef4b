/**
 * A Vite plugin for the CDN build: the language chunks (English, Spanish, French) carry
 * only their strings, in `en`'s key order, and book-sprintz.js carries the keys once, as
 * `src/i18n/shape.ts` (`src/i18n/index.ts`'s `expand` puts them back together), so no
 * visitor downloads a language they do not read and the keys are not paid for again in
 * every chunk (DESIGN.md §9). A nested object whose keys differ from English (plural
 * forms) goes as it is.
 */
import type { Plugin } from 'vite';
import { en } from '../src/i18n/en.ts';
import { expand, type Translations } from '../src/i18n/index.ts';

export function compactTranslations(): Plugin {
  return {
    name: 'booksprintz:compact-translations',
    async load(id) {
      // The keys alone: every string becomes 0.
      if (/\/src\/i18n\/shape\.ts$/.test(id)) {
        return `export const shape = ${JSON.stringify(en, (_key, value) => (typeof value === 'string' ? 0 : value))};`;
      }
      if (!/\/src\/i18n\/(en|es|fr)\.ts$/.test(id)) return null;
      const strings = ((await import(id)) as { default: Translations }).default;
      const values = flatten(en as unknown as Shape, strings as unknown as Shape);
      if (JSON.stringify(expand(values)) !== JSON.stringify(expand(strings))) {
        throw new Error(`${id}: its strings do not survive compaction`);
      }
      return `export default ${JSON.stringify(values)};`;
    },
  };
}

type Shape = { [key: string]: string | Shape };

function flatten(shape: Shape, strings: Shape): (string | Shape)[] {
  return Object.entries(shape).flatMap(([key, value]) => {
    const own = strings[key]!;
    const sameKeys =
      typeof value === 'object' &&
      typeof own === 'object' &&
      Object.keys(value).sort().join() === Object.keys(own).sort().join();
    return sameKeys ? flatten(value, own) : [own];
  });
}
