/**
 * `pnpm build`: the widget as static assets the Worker serves at the site root, plus the
 * npm package.
 *
 *   dist/widget/<version>/book-sprintz.js, embed.js   immutable, cached for a year
 *     book-sprintz-{en,es,fr}-<hash>.js              the languages, one loaded per visitor
 *   dist/widget/v1/…                                  the newest 1.x, short cache
 *   dist/demo/index.html, other-origin.html           demo pages
 *   dist/_headers                                     Cloudflare static-assets headers
 *   dist/.assetsignore                                keeps dist/npm out of the assets
 *   dist/npm/                                         npm: ES module (lit external),
 *                                                     bundled copy, embed.js, types, manifest
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build, type InlineConfig } from 'vite';
import { mangleProps } from './mangle-props.ts';
import { minifyLiterals } from './minify-literals.ts';
import { terserPass } from './terser-pass.ts';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  version: string;
};
const major = `v${version.split('.')[0]}`;
const versioned = join(dist, 'widget', version);

await rm(dist, { recursive: true, force: true });

const common: InlineConfig = {
  root,
  configFile: false,
  logLevel: 'warn',
  plugins: [minifyLiterals()],
  build: { emptyOutDir: false, target: 'es2022', minify: true, reportCompressedSize: false },
};

/**
 * The CDN build: one file with Lit inside, so a script tag is all a page needs; each
 * language, English too, is a small chunk beside it (`book-sprintz-<lang>-<hash>.js`).
 * With `external`, the npm build: readable, Lit left to the consumer's bundler.
 */
async function bundle(
  entry: string,
  fileName: string,
  format: 'es' | 'iife',
  outDir: string,
  external?: RegExp,
) {
  await build({
    ...common,
    // The CDN file's own long member names, shortened (the npm build stays readable).
    plugins: [
      ...(common.plugins ?? []),
      ...(format === 'es' && !external ? [mangleProps(), terserPass()] : []),
    ],
    build: {
      ...common.build,
      outDir,
      minify: format === 'iife' || !external,
      lib: {
        entry: join(root, entry),
        formats: [format],
        fileName: () => fileName,
        name: 'BookSprintzEmbed',
      },
      rolldownOptions: {
        ...(external ? { external: (id: string) => external.test(id) } : {}),
        // Library mode's "strict" would move what the English chunk shares with the element
        // (the strings shown while loading) into a third file that every page then loads.
        // Extra exports on the entry keep book-sprintz.js whole and let the chunk import
        // from it.
        preserveEntrySignatures: 'allow-extension',
        // The last pass (terser-pass.ts) is slow by design; no timing report for it.
        checks: { pluginTimings: false },
        // Library mode leaves ES output unminified; the CDN file must be as small as it gets
        // (no `@__PURE__` annotations either: nothing bundles it further).
        output: {
          minify: !external,
          comments: !!external,
          chunkFileNames: 'book-sprintz-[name]-[hash].js',
        },
      },
    },
  });
}

await bundle('src/index.ts', 'book-sprintz.js', 'es', versioned);
await bundle('src/embed/embed.ts', 'embed.js', 'iife', versioned);
await cp(versioned, join(dist, 'widget', major), { recursive: true });

await writeFile(
  join(dist, '_headers'),
  `# Cloudflare static-assets headers (https://developers.cloudflare.com/workers/static-assets/headers/)
/widget/${version}/*
  Cache-Control: public, max-age=31536000, immutable
  Access-Control-Allow-Origin: *
  Cross-Origin-Resource-Policy: cross-origin

/widget/${major}/*
  Cache-Control: public, max-age=300, stale-while-revalidate=86400
  Access-Control-Allow-Origin: *
  Cross-Origin-Resource-Policy: cross-origin

/demo/*
  Cache-Control: no-cache
`,
);
await writeFile(join(dist, '.assetsignore'), 'npm\n');

await cp(join(root, 'demo'), join(dist, 'demo'), { recursive: true });

// npm: the element with lit as a peer-style dependency, types and the manifest.
const npm = join(dist, 'npm');
await bundle('src/index.ts', 'book-sprintz.js', 'es', npm, /^lit($|\/)/);
// The self-contained CDN build too, with its language chunks. The English chunk imports
// the strings it shares with the element from the element's file: here the bundled copy.
await cp(join(versioned, 'book-sprintz.js'), join(npm, 'book-sprintz.bundled.js'));
for (const file of await readdir(versioned)) {
  if (!file.startsWith('book-sprintz-')) continue;
  const chunk = await readFile(join(versioned, file), 'utf8');
  await writeFile(
    join(npm, file),
    chunk.replaceAll('"./book-sprintz.js"', '"./book-sprintz.bundled.js"'),
  );
}
await cp(join(versioned, 'embed.js'), join(npm, 'embed.js'));
// pnpm links tsc at the workspace root and cem in this package.
const bin = (name: string) =>
  [
    join(root, 'node_modules', '.bin', name),
    join(root, '..', '..', 'node_modules', '.bin', name),
  ].find(existsSync) ?? name;
execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
// Options in custom-elements-manifest.config.mjs.
execFileSync(bin('cem'), ['analyze'], { cwd: root, stdio: 'inherit' });

// The published types must not point at the private workspace package; relative
// imports get the .js extension every TypeScript version resolves.
for (const file of await readdir(join(npm, 'types'), { recursive: true })) {
  if (!file.endsWith('.d.ts')) continue;
  const path = join(npm, 'types', file);
  const text = (await readFile(path, 'utf8')).replace(/(from '\.{1,2}\/[^']+)\.ts'/g, "$1.js'");
  await writeFile(path, text);
  if (/from ['"]@booksprintz\/shared/.test(text)) {
    throw new Error(
      `dist/npm/types/${file} references @booksprintz/shared, which is not published`,
    );
  }
}

await mkdir(dist, { recursive: true });
console.log(
  `built widget ${version}: dist/widget/${version}, dist/widget/${major}, dist/demo, dist/npm`,
);
