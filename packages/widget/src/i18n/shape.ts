/**
 * The translations' key tree in `en`'s order: what `expand` (index.ts) puts a compacted
 * language's strings back on. The CDN build replaces this module with the keys alone
 * (scripts/compact-translations.ts), so book-sprintz.js carries no English beyond
 * `essentials` and English is fetched like any other language.
 */
export { en as shape } from './en.ts';
