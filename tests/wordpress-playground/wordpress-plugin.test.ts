import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../plugins/wordpress/scripts/build.ts';
import { chromiumAvailable, launchChromium } from '../support/browser.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { bookThroughWidget } from '../support/widget-flow.ts';
import {
  ensurePlayground,
  PLAYGROUND,
  type Playground,
  startPlayground,
} from '../support/wordpress-playground.ts';

/**
 * The WordPress plugin in real WordPress (Playground: PHP 7.4 as WebAssembly, WordPress
 * from npm): the built zip uploaded through wp-admin, the settings saved and tested, a
 * page with the shortcode and one made in the block editor, then visitors book through
 * both in Chromium against the real stack.
 */
const suite = 'wordpress-playground';
let enabled = chromiumAvailable(suite);
if (enabled) {
  const installed = await ensurePlayground();
  if (!installed.ok) {
    const message = `\n!!! ${suite}: WordPress Playground is not installed — suite SKIPPED (${installed.reason})\n`;
    if (process.env.CI === 'true') throw new Error(`${message}CI=true: a skipped suite fails.`);
    console.warn(message);
    enabled = false;
  }
}

// PHP runs as WebAssembly on one worker: a first wp-admin page (PHP compiled, ~30
// files served) takes seconds, more on a busy machine.
const SLOW = 120_000;
const artifacts = join(import.meta.dirname, '..', 'artifacts', 'wordpress');
const HOSTILE = '"><script>window.__pwned=1</script>';
/**
 * In a shortcode, WordPress's own content filters split a value with tags in it before
 * any plugin sees it; a quote breaking out of the attribute is what reaches the plugin.
 */
const HOSTILE_SHORTCODE = 'Book" onload="window.__pwned=2" data-x="';

let stack: TestStack;
let wordpress: Playground;
let browser: Browser;
let admin: BrowserContext;
let db: pg.Client;
let shortcodePage = '';
let blockPage = '';
let hostilePage = '';
/** A must-use plugin that writes down every HTTP request PHP makes. */
let muPlugins = '';
const HTTP_LOGGER = `<?php
add_filter( 'pre_http_request', function ( $pre, $args, $url ) {
	file_put_contents( __DIR__ . '/http.log', $url . "\\n", FILE_APPEND );
	return $pre;
}, 10, 3 );
`;

/** Every HTTP request PHP has made so far (the block editor's REST calls make some). */
async function phpRequests(): Promise<string[]> {
  const log = await readFile(join(muPlugins, 'http.log'), 'utf8').catch(() => '');
  return log.split('\n').filter(Boolean);
}

/** The parts of the block editor's `wp` global the test drives. */
interface EditorWindow {
  wp: {
    blocks: {
      getBlockType(name: string): unknown;
      createBlock(name: string, attributes: Record<string, string>): unknown;
      serialize(blocks: unknown[]): string;
    };
    data: {
      dispatch(store: string): {
        insertBlocks(blocks: unknown[]): void;
        editPost(edits: Record<string, string>): void;
        savePost(): Promise<void>;
      };
      select(store: string): { getCurrentPostId(): number };
    };
  };
}

async function shoot(page: Page, name: string, fullPage = true) {
  await mkdir(artifacts, { recursive: true });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300); // layout settles after the resize (a picture, not an assertion)
    await page.screenshot({ path: join(artifacts, `${name}-${width}.png`), fullPage });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A WordPress REST call as the signed-in admin (cookie + the REST nonce). */
async function rest<T>(route: string, body: unknown): Promise<T> {
  const page = await admin.newPage();
  try {
    await page.goto(`${wordpress.url}/wp-admin/profile.php`, { waitUntil: 'domcontentloaded' });
    return await page.evaluate(
      async ({ url, route, body }) => {
        const nonce = await fetch(`${url}/wp-admin/admin-ajax.php?action=rest-nonce`).then((r) =>
          r.text(),
        );
        const response = await fetch(`${url}/?rest_route=${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-wp-nonce': nonce },
          body: JSON.stringify(body),
        });
        if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
        return (await response.json()) as T;
      },
      { url: wordpress.url, route, body },
    );
  } finally {
    await page.close();
  }
}

/** A visitor: not signed in (Playground's --login would sign in any new browser). */
async function visit(path: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(SLOW);
  await context.addCookies([
    { name: 'playground_auto_login_already_happened', value: '1', url: wordpress.url },
  ]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  const response = await page.goto(`${wordpress.url}${path}`);
  return { context, page, html: (await response?.text()) ?? '', errors };
}

async function bookingExists(code: string) {
  const { rows } = await db.query(
    `SELECT a.status, t.subdomain FROM appointments a JOIN booking_tenants t ON t.id = a.tenant_id
      WHERE a.confirmation_code = $1`,
    [code],
  );
  return rows;
}

describe.runIf(enabled)(
  `WordPress plugin in WordPress ${PLAYGROUND.wordpress} (PHP ${PLAYGROUND.php})`,
  { timeout: 300_000 },
  () => {
    beforeAll(async () => {
      const zip = await buildZip();
      muPlugins = await mkdtemp(join(tmpdir(), 'booksprintz-mu-'));
      await writeFile(join(muPlugins, 'http-log.php'), HTTP_LOGGER);
      [stack, wordpress] = await Promise.all([
        startTestStack(),
        startPlayground({ mounts: [{ host: muPlugins, vfs: '/wordpress/wp-content/mu-plugins' }] }),
      ]);
      browser = await launchChromium();
      db = new pg.Client({ connectionString: stack.databaseUrl });
      await db.connect();
      admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      admin.setDefaultTimeout(SLOW);
      const page = await admin.newPage();
      // --login signs the first request in as admin.
      await page.goto(`${wordpress.url}/wp-admin/plugin-install.php?tab=upload`);
      await page.setInputFiles('#pluginzip', zip);
      await page.click('#install-plugin-submit');
      await page.click('a:has-text("Activate Plugin")');
      await page.waitForSelector(
        'tr[data-slug="booksprintz-booking"], tr[data-plugin^="booksprintz/"]',
      );
      // The HTTP logger is in place (an empty log means something only if it is).
      await page.goto(`${wordpress.url}/wp-admin/plugins.php?plugin_status=mustuse`);
      await page.getByText('http-log.php').first().waitFor();
      await page.close();
    }, 600_000);

    afterAll(async () => {
      await browser?.close();
      await db?.end();
      await wordpress?.stop();
      await stack?.destroy();
      if (muPlugins) await rm(muPlugins, { recursive: true, force: true });
    });

    it('settings: the connection test reads the profile, the form needs its nonce', async () => {
      const page = await admin.newPage();
      await page.goto(`${wordpress.url}/wp-admin/options-general.php?page=booksprintz`);
      await page.fill('#booksprintz-tenant', 'demo');
      await page.fill('#booksprintz-host', `${stack.url}/`);
      await page.click('#submit');
      await page.waitForSelector('#setting-error-settings_updated, .notice-success');
      // Saved without the trailing slash; the test reads the profile with what is saved.
      expect(await page.inputValue('#booksprintz-host')).toBe(stack.url);
      await page.click('#booksprintz-test');
      await expect
        .poll(() => page.textContent('#booksprintz-test-result'), { timeout: SLOW })
        .toContain('Connected to Demo Salon');
      await shoot(page, 'settings');

      // The same form without WordPress's nonce is refused and changes nothing.
      const forged = await page.evaluate(async (url) => {
        const body = new URLSearchParams({
          option_page: 'booksprintz',
          action: 'update',
          'booksprintz_options[tenant]': 'evil',
          'booksprintz_options[host]': 'https://evil.example',
        });
        const response = await fetch(`${url}/wp-admin/options.php`, { method: 'POST', body });
        return response.status;
      }, wordpress.url);
      expect(forged).toBeGreaterThanOrEqual(400);
      await page.reload();
      expect(await page.inputValue('#booksprintz-tenant')).toBe('demo');
      await page.close();
    });

    it('the block editor: inserts the block, previews the live widget, publishes', async () => {
      // The editor's first visit opens a welcome guide over the canvas: the admin has seen it.
      await rest('/wp/v2/users/me', {
        meta: {
          persisted_preferences: {
            'core/edit-post': { welcomeGuide: false },
            _modified: new Date().toISOString(),
          },
        },
      });
      const page = await admin.newPage();
      await page.goto(`${wordpress.url}/wp-admin/post-new.php?post_type=page`);
      await page.waitForFunction(() =>
        Boolean(
          (globalThis as unknown as Partial<EditorWindow>).wp?.blocks?.getBlockType(
            'booksprintz/booking',
          ),
        ),
      );
      const { id, hostileContent } = await page.evaluate(async (hostile) => {
        const wp = (globalThis as unknown as EditorWindow).wp;
        const block = (attributes: Record<string, string>) =>
          wp.blocks.createBlock('booksprintz/booking', attributes);
        wp.data
          .dispatch('core/block-editor')
          .insertBlocks([
            wp.blocks.createBlock('core/paragraph', { content: 'Choose a time that suits you.' }),
            block({ color: '#047857' }),
            block({ mode: 'popup', label: 'Book a visit' }),
            block({ mode: 'button', label: 'Book now' }),
            block({ mode: 'button', label: 'A second floating button' }),
          ]);
        wp.data.dispatch('core/editor').editPost({ title: 'Book online', status: 'publish' });
        await wp.data.dispatch('core/editor').savePost();
        // A hostile value in every attribute, as the editor would save it.
        const everything = { service: hostile, staff: hostile, location: hostile, locale: hostile };
        return {
          id: wp.data.select('core/editor').getCurrentPostId(),
          hostileContent: wp.blocks.serialize([
            block({ ...everything, color: hostile }),
            block({ ...everything, mode: 'popup', label: hostile, color: hostile }),
          ]),
        };
      }, HOSTILE);
      const hostile = await rest<{ id: number }>('/wp/v2/pages', {
        title: 'Hostile',
        status: 'publish',
        content: hostileContent,
      });
      hostilePage = `/?page_id=${hostile.id}`;
      expect(id).toBeGreaterThan(0);
      // The live preview: the real element, rendered by the real API, in the canvas.
      const canvas = (await page.$('iframe[name="editor-canvas"]'))
        ? page.frameLocator('iframe[name="editor-canvas"]')
        : page;
      await canvas
        .locator('.booksprintz-preview--inline [data-testid="service-haircut"]')
        .waitFor();
      // The preview lets clicks through to the block (pointer-events: none): select it.
      await canvas.locator('[data-type="booksprintz/booking"]').first().click();
      await page.locator('.block-editor-block-inspector').getByText('Show as').waitFor();
      await shoot(page, 'block-editor', false);
      blockPage = `/?page_id=${id}`;
      await page.close();
    });

    it('a shortcode page: one module script, escaped attributes, and a booking', async () => {
      const { id } = await rest<{ id: number }>('/wp/v2/pages', {
        title: 'Appointments',
        status: 'publish',
        content: [
          '<p>Book your next visit below.</p>',
          '[booksprintz locale="en"]',
          '[booksprintz service="massage"]',
          `[booksprintz mode="popup" label='${HOSTILE_SHORTCODE}' color='#123" onload="window.__pwned=3']`,
        ].join('\n\n'),
      });
      shortcodePage = `/?page_id=${id}`;
      const before = (await phpRequests()).length;

      const visitor = await visit(shortcodePage);
      if (process.env.WP_DUMP) console.log(visitor.html);
      expect(visitor.html).not.toContain('" onload="');
      const modules = visitor.html.match(/<script[^>]+\/widget\/v1\/book-sprintz\.js/g) ?? [];
      expect(modules).toHaveLength(1);
      expect(modules[0]).toContain('type="module"');
      expect(visitor.html).not.toContain('<iframe');
      const widgets = visitor.page.locator('book-sprintz');
      await expect.poll(() => widgets.count(), { timeout: SLOW }).toBe(2);
      expect(await widgets.nth(1).getAttribute('service')).toBe('massage');
      // The hostile label arrives as text, whole; no script ran.
      const popup = visitor.page.locator('button.book-sprintz-button');
      await expect.poll(() => popup.textContent(), { timeout: SLOW }).toBe(HOSTILE_SHORTCODE);
      expect(
        await visitor.page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned),
      ).toBeUndefined();

      const code = await bookThroughWidget(widgets.first(), {
        name: 'Wendy Press',
        email: 'wendy.shortcode@example.com',
      });
      expect(code).toMatch(/^[A-Z0-9]{8}$/);
      expect(await bookingExists(code)).toEqual([{ status: 'confirmed', subdomain: 'demo' }]);
      expect(visitor.errors).toEqual([]);
      expect((await phpRequests()).slice(before)).toEqual([]);
      await visitor.context.close();
    });

    it('the block page: the widget, a popup, one floating button, and a booking', async () => {
      const before = (await phpRequests()).length;
      const visitor = await visit(blockPage);
      expect(visitor.html.match(/\/widget\/v1\/book-sprintz\.js/g) ?? []).toHaveLength(1);
      // Popup and floating button are embed.js tags; the second floating button is dropped.
      expect(visitor.html.match(/data-mode="button"/g) ?? []).toHaveLength(1);
      expect(visitor.html.match(/data-mode="popup"/g) ?? []).toHaveLength(1);
      const widget = visitor.page.locator('book-sprintz');
      await widget.locator('[data-testid="service-haircut"]').waitFor();
      expect(await widget.getAttribute('style')).toContain('--bs-color-primary: #047857');
      const buttons = visitor.page.locator('button.book-sprintz-button');
      await expect
        .poll(() => buttons.allTextContents(), { timeout: SLOW })
        .toEqual(['Book a visit', 'Book now']);
      await shoot(visitor.page, 'page-with-widget');

      const code = await bookThroughWidget(widget, {
        name: 'Bruno Block',
        email: 'bruno.block@example.com',
      });
      expect(await bookingExists(code)).toEqual([{ status: 'confirmed', subdomain: 'demo' }]);

      // The floating button opens the widget as a dialog, and it books too.
      await visitor.page.click('button.book-sprintz-button:has-text("Book now")');
      const dialog = visitor.page.locator('book-sprintz[mode="popup"]').last();
      const popupCode = await bookThroughWidget(dialog, {
        name: 'Flo Ating',
        email: 'flo.floating@example.com',
      });
      expect(await bookingExists(popupCode)).toEqual([{ status: 'confirmed', subdomain: 'demo' }]);
      expect(visitor.errors).toEqual([]);
      await visitor.context.close();

      // Block attributes from a hostile editor stay inside their HTML attributes.
      const attack = await visit(hostilePage);
      expect(attack.html).not.toContain('<script>window.__pwned');
      const element = attack.page.locator('book-sprintz');
      for (const name of ['service', 'staff', 'location', 'locale'])
        expect(await element.getAttribute(name), name).toBe(HOSTILE);
      expect(await element.getAttribute('style')).toBeNull(); // not a colour: dropped
      await expect
        .poll(() => attack.page.locator('button.book-sprintz-button').textContent(), {
          timeout: SLOW,
        })
        .toBe(HOSTILE);
      expect(
        await attack.page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned),
      ).toBeUndefined();
      await attack.context.close();

      // Every page the visitors saw was served without PHP calling anything.
      expect((await phpRequests()).slice(before)).toEqual([]);
    });
  },
);
