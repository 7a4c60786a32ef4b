/**
 * `pnpm bench` (owner app, issue 15), against the real stack on loopback in Chromium:
 *   BENCH dashboard_first_screen_ms   median of RUNS sign-ins: the login form submitted →
 *                                     the home screen painted (its heading and today's
 *                                     list, loaded), each in a fresh browser context
 *                                     (no HTTP cache)
 *   BENCH dashboard_login_api_ms      median POST /auth/login alone, from Node: the part of
 *                                     the above that is the password check (PBKDF2)
 *   BENCH dashboard_js_gzip_bytes     the JavaScript /app loads before the first screen
 *                                     is painted (a signed-in owner opening /app), gzip
 *                                     level 9, summed over every script response
 * The business is new (no services yet), so the home screen shows the onboarding
 * checklist — what a new owner's first screen is.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { freePort, startStack } from '@booksprintz/dev-stack';
import type { Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../support/browser.ts';

const runs = Number(process.env.RUNS ?? 9);
if (!existsSync(CHROMIUM)) {
  console.error(`dashboard bench skipped: no Chromium at ${CHROMIUM}`);
  process.exit(0);
}

const dataDir = await mkdtemp(join(tmpdir(), 'booksprintz-bench-'));
const stack = await startStack({
  port: await freePort(),
  dataDir,
  persistent: false,
  vars: { RATE_LIMITS: 'off' },
});
const browser = await launchChromium();

/** Polled every animation frame: the home screen has drawn its heading and today's list. */
const HOME_PAINTED = `(() => {
  const shell = document.querySelector('bs-app');
  const find = (root) => {
    const home = root.querySelector('bs-home-screen');
    if (home) return home;
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) { const found = find(el.shadowRoot); if (found) return found; }
    }
    return null;
  };
  const home = find(shell?.shadowRoot ?? document);
  const root = home?.shadowRoot;
  if (!root?.querySelector('h1') || !root.querySelector('#today-title')) return false;
  return ![...root.querySelectorAll('[role="status"]')].some((el) => el.textContent.includes('…'));
})()`;

async function signUp(): Promise<{ email: string; password: string }> {
  const email = `bench-${Date.now().toString(36)}@example.com`;
  const password = 'correct horse battery';
  const response = await fetch(`${stack.url}/api/booking/v1/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: stack.url },
    body: JSON.stringify({
      name: 'Bench Studio',
      business_name: 'Bench Studio',
      subdomain: `bench-${Date.now().toString(36)}`,
      timezone: 'America/New_York',
      currency: 'USD',
      email,
      owner_name: 'Bea',
      password,
    }),
  });
  if (response.status !== 201)
    throw new Error(`signup: ${response.status} ${await response.text()}`);
  return { email, password };
}

async function fillLogin(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${stack.url}/app/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
}

try {
  const owner = await signUp();
  // Warm-up: the Worker's first requests compile and connect; not measured.
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    await fillLogin(page, owner.email, owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForFunction(HOME_PAINTED, undefined, { polling: 'raf', timeout: 30_000 });
    await context.close();
  }

  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await fillLogin(page, owner.email, owner.password);
    const submitted = await page.evaluate<number>('performance.now()');
    await page.getByLabel('Password').press('Enter');
    const painted = await page.waitForFunction(
      `${HOME_PAINTED} ? performance.now() : false`,
      undefined,
      { polling: 'raf', timeout: 30_000 },
    );
    times.push(((await painted.jsonValue()) as number) - submitted);
    await context.close();
  }
  times.sort((a, b) => a - b);
  console.log(
    `BENCH dashboard_first_screen_ms ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms`,
  );

  // The share of it that is the login request itself (the password's PBKDF2 work).
  const logins: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const response = await fetch(`${stack.url}/api/booking/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.url },
      body: JSON.stringify(owner),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`login: ${response.status}`);
    logins.push(performance.now() - started);
  }
  logins.sort((a, b) => a - b);
  console.log(
    `BENCH dashboard_login_api_ms ${logins[Math.floor(logins.length / 2)]!.toFixed(0)} ms`,
  );

  // What /app loads, signed in, until the first screen is painted.
  const context = await browser.newContext();
  const page = await context.newPage();
  await fillLogin(page, owner.email, owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForFunction(HOME_PAINTED, undefined, { polling: 'raf', timeout: 30_000 });
  const fresh = await browser.newContext({ storageState: await context.storageState() });
  const appPage = await fresh.newPage();
  const scripts: Array<Promise<number>> = [];
  let counting = true;
  appPage.on('response', (response) => {
    if (!counting || response.request().resourceType() !== 'script') return;
    scripts.push(response.body().then((body) => gzipSync(body, { level: 9 }).length));
  });
  await appPage.goto(`${stack.url}/app`);
  await appPage.waitForFunction(HOME_PAINTED, undefined, { polling: 'raf', timeout: 30_000 });
  counting = false;
  const bytes = (await Promise.all(scripts)).reduce((sum, size) => sum + size, 0);
  console.log(`BENCH dashboard_js_gzip_bytes ${bytes} bytes`);
  console.log(`(${scripts.length} scripts)`);
} finally {
  await browser.close();
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
