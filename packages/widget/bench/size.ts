/**
 * `pnpm bench` (widget): bundle sizes against DESIGN.md §9, gzip level 9.
 *
 *   BENCH widget_gzip_bytes          the worst case before Stripe.js: book-sprintz.js + the
 *                                    largest language chunk it loads (every language, English
 *                                    too, is a chunk; each visitor loads one) + the deposit
 *                                    step's chunk
 *   BENCH widget_main_gzip_bytes     book-sprintz.js alone
 *   BENCH widget_language_gzip_bytes the largest language chunk (en, es, fr)
 *   BENCH widget_deposit_gzip_bytes  the deposit step's chunk, loaded (with Stripe.js) only
 *                                    by customers booking a service that takes a deposit
 *   BENCH embed_gzip_bytes           embed.js
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
const chunks = (pattern: RegExp) => readdirSync(dir).filter((file) => pattern.test(file));
const largestLanguage = Math.max(0, ...chunks(/^book-sprintz-(en|es|fr)-.+\.js$/).map(gzip));
const deposit = chunks(/^book-sprintz-deposit-.+\.js$/).map(gzip);

const depositTotal = deposit.reduce((a, b) => a + b, 0);

console.log(`BENCH widget_gzip_bytes ${main + largestLanguage + depositTotal} bytes`);
console.log(`BENCH widget_main_gzip_bytes ${main} bytes`);
console.log(`BENCH widget_language_gzip_bytes ${largestLanguage} bytes`);
console.log(`BENCH widget_deposit_gzip_bytes ${depositTotal} bytes`);
console.log(`BENCH embed_gzip_bytes ${gzip('embed.js')} bytes`);
