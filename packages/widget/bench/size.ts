/**
 * `pnpm bench` (widget): bundle sizes against DESIGN.md §9, gzip level 9.
 *
 *   BENCH widget_gzip_bytes          what a visitor loads before they interact, at worst:
 *                                    book-sprintz.js (the element, Lit) + the
 *                                    largest language chunk (every language, English too, is a
 *                                    chunk; each visitor loads one)
 *   BENCH widget_main_gzip_bytes     book-sprintz.js alone
 *   BENCH widget_language_gzip_bytes the largest language chunk (en, es, fr)
 *   BENCH widget_booking_steps_gzip_bytes  the details and confirmation steps' chunk, fetched
 *                                    on idle once the first times are shown (or when a time
 *                                    is picked before that)
 *   BENCH widget_booking_gzip_bytes  all three: what a visitor who books (no deposit) loads
 *   BENCH widget_deposit_gzip_bytes  the deposit step's chunk, fetched with Stripe.js by the
 *                                    visitors who pay a deposit (so, like Stripe.js, not in
 *                                    widget_gzip_bytes)
 *   BENCH widget_with_deposit_gzip_bytes  the booking figure and the deposit chunk: what a
 *                                    visitor paying a deposit loads besides Stripe.js
 *   BENCH widget_zone_list_gzip_bytes  the zone picker's list, fetched when the picker is
 *                                    first focused (most visitors never open it)
 *   BENCH widget_everything_gzip_bytes  every file of the element: the worst case of all
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
const languages = chunks(/^book-sprintz-(en|es|fr)-.+\.js$/);
const deposit = chunks(/^book-sprintz-deposit-payment-.+\.js$/);
const zones = chunks(/^book-sprintz-zone-list-.+\.js$/);
const steps = chunks(/^book-sprintz-booking-steps-.+\.js$/);
const others = chunks(/^book-sprintz-.+\.js$/).filter(
  (file) => ![languages, deposit, zones, steps].some((planned) => planned.includes(file)),
);
if (steps.length !== 1) throw new Error(`expected one booking steps chunk, found ${steps.length}`);
const stepsBytes = gzip(steps[0]!);
if (zones.length !== 1) throw new Error(`expected one zone list chunk, found ${zones.length}`);
const zoneBytes = gzip(zones[0]!);
if (deposit.length !== 1) throw new Error(`expected one deposit chunk, found ${deposit.length}`);
const depositBytes = gzip(deposit[0]!);
// A chunk the build did not plan for would be loaded too, and not counted here.
if (others.length) throw new Error(`unexpected chunks: ${others.join(', ')}`);
const largestLanguage = Math.max(0, ...languages.map(gzip));

console.log(`BENCH widget_gzip_bytes ${main + largestLanguage} bytes`);
console.log(`BENCH widget_main_gzip_bytes ${main} bytes`);
const booking = main + largestLanguage + stepsBytes;
console.log(`BENCH widget_language_gzip_bytes ${largestLanguage} bytes`);
console.log(`BENCH widget_booking_steps_gzip_bytes ${stepsBytes} bytes`);
console.log(`BENCH widget_booking_gzip_bytes ${booking} bytes`);
console.log(`BENCH widget_deposit_gzip_bytes ${depositBytes} bytes`);
console.log(`BENCH widget_with_deposit_gzip_bytes ${booking + depositBytes} bytes`);
console.log(`BENCH widget_zone_list_gzip_bytes ${zoneBytes} bytes`);
console.log(`BENCH widget_everything_gzip_bytes ${booking + depositBytes + zoneBytes} bytes`);
console.log(`BENCH embed_gzip_bytes ${gzip('embed.js')} bytes`);
