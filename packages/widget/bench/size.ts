/**
 * `pnpm bench` (widget): bundle sizes against DESIGN.md §9, gzip level 9.
 *
 *   BENCH widget_gzip_bytes      book-sprintz.js + the largest language chunk it may load
 *                                (es/fr; English is inside): the worst case before Stripe
 *   BENCH widget_main_gzip_bytes book-sprintz.js alone (what an English visitor loads)
 *   BENCH embed_gzip_bytes       embed.js
 *
 * Builds first, so the figures are always those of the current sources.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname, '..');
execFileSync(process.execPath, [join(root, 'scripts/build.ts')], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
};
const dir = join(root, 'dist', 'widget', version);
const gzip = (file: string) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;

const main = gzip('book-sprintz.js');
const chunks = readdirSync(dir).filter((file) => /^book-sprintz-.+\.js$/.test(file));
const largestChunk = Math.max(0, ...chunks.map(gzip));

console.log(`BENCH widget_gzip_bytes ${main + largestChunk} bytes`);
console.log(`BENCH widget_main_gzip_bytes ${main} bytes`);
console.log(`BENCH embed_gzip_bytes ${gzip('embed.js')} bytes`);
