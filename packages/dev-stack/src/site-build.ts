import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, cp, readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ensureWidgetBuilt } from './widget-build.ts';

const DASHBOARD = 'packages/dashboard';
const WIDGET_DIST = 'packages/widget/dist';
/** What the owner app's build reads; a change to any of them makes the served app stale. */
const DASHBOARD_SOURCES = ['src', 'index.html', 'vite.config.ts', 'package.json'];
/** The one directory the Worker serves as static assets (wrangler.toml `[assets]`). */
export const SITE_DIR = 'dist/site';

async function newestMtime(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path))
    newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

function run(command: string, args: string[], cwd: string, what: string): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolveRun();
      else reject(new Error(`${what} failed (exit ${code}):\n${output.slice(-4000)}`));
    });
  });
}

/** Builds the owner app (Vite) when its output is missing or older than its sources. */
async function ensureDashboardBuilt(root: string, log: (line: string) => void): Promise<boolean> {
  const dashboard = join(root, DASHBOARD);
  const marker = join(dashboard, 'dist', 'app', 'index.html');
  if (existsSync(marker)) {
    if (process.env.WIDGET_BUILD === 'skip') return false;
    const built = (await stat(marker)).mtimeMs;
    const sources = Math.max(
      ...(await Promise.all(DASHBOARD_SOURCES.map((name) => newestMtime(join(dashboard, name))))),
    );
    if (built >= sources) return false;
  }
  const vite = join(dashboard, 'node_modules', 'vite', 'bin', 'vite.js');
  await run(
    process.execPath,
    [vite, 'build', '--logLevel', 'warn'],
    dashboard,
    'The owner app build',
  );
  log('[app] built packages/dashboard/dist');
  return true;
}

/**
 * Puts the widget's files and the owner app side by side in `dist/site`, the Worker's
 * assets directory: `/widget/…` and `/demo/…` from the widget's build, `/app/…` from
 * the dashboard's. Static-assets headers make the app's hashed files immutable and its
 * index revalidated, so a deploy is picked up at once.
 */
export async function assembleSite(root: string): Promise<void> {
  const site = join(root, SITE_DIR);
  await rm(site, { recursive: true, force: true });
  const widgetDist = join(root, WIDGET_DIST);
  await cp(widgetDist, site, {
    recursive: true,
    filter: (source) => resolve(source) !== resolve(widgetDist, 'npm'),
  });
  await cp(join(root, DASHBOARD, 'dist', 'app'), join(site, 'app'), { recursive: true });
  await appendFile(
    join(site, '_headers'),
    `
/app/assets/*
  Cache-Control: public, max-age=31536000, immutable

/app/*
  Cache-Control: no-cache
  X-Frame-Options: DENY
  Referrer-Policy: same-origin
`,
  );
}

/** Everything the Worker serves as files, rebuilt only where a source changed. */
export async function ensureSiteBuilt(root: string, log: (line: string) => void): Promise<void> {
  const widget = await ensureWidgetBuilt(root, log);
  const dashboard = await ensureDashboardBuilt(root, log);
  const site = join(root, SITE_DIR);
  // A widget built by hand (`pnpm build` in packages/widget) after the last assembly is
  // newer than its copy here (cp does not keep times): the stack must not serve the old one.
  const bundle = 'widget/v1/book-sprintz.js';
  if (
    widget ||
    dashboard ||
    !existsSync(join(site, 'app', 'index.html')) ||
    (await newestMtime(join(site, bundle))) < (await newestMtime(join(root, WIDGET_DIST, bundle)))
  ) {
    await assembleSite(root);
  }
}

// `node packages/dev-stack/src/site-build.ts` (in `pnpm build`): assemble after the packages' builds.
if (import.meta.main) {
  await assembleSite(resolve(import.meta.dirname, '../../..'));
  console.log(`assembled ${SITE_DIR}`);
}
