/**
 * A Vite plugin for the CDN build: a last Terser pass over every chunk, after
 * scripts/mangle-props.ts. Rolldown's minifier makes one pass; Terser's repeated passes
 * (inlining what the first pass exposed, joining declarations) save about 90 bytes of
 * gzip that the bundle budget (DESIGN.md §9) needs. Only safe transforms: no `unsafe*`.
 */
import { minify } from 'terser';
import type { Plugin } from 'vite';

export function terserPass(): Plugin {
  return {
    name: 'booksprintz:terser-pass',
    async generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        const result = await minify(file.code, {
          module: true,
          ecma: 2020,
          compress: { passes: 3 },
          mangle: true,
          format: { comments: false },
        });
        if (result.code === undefined) throw new Error(`${file.fileName}: Terser gave no code`);
        file.code = result.code;
      }
    },
  };
}
