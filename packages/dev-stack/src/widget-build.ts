import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const WIDGET = 'packages/widget';
/** What the build reads; a change to any of them makes the served bundle stale. */
const SOURCES = ['src', 'demo', 'scripts', 'package.json', 'vite.config.ts'];

async function newestMtime(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path))
    newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

/**
 * The Worker serves the widget's build output as static assets, so a fresh clone (or
 * a changed widget) needs a build before `wrangler dev`. Skipped when dist is newer
 * than every source file, so repeated starts and test stacks stay fast.
 */
export async function ensureWidgetBuilt(
  root: string,
  log: (line: string) => void,
): Promise<boolean> {
  const widget = join(root, WIDGET);
  const marker = join(widget, 'dist', 'widget', 'v1', 'book-sprintz.js');
  if (existsSync(marker)) {
    // WIDGET_BUILD=skip serves whatever was built last (API work while the widget is torn open).
    if (process.env.WIDGET_BUILD === 'skip') return false;
    const built = (await stat(marker)).mtimeMs;
    const sources = Math.max(
      ...(await Promise.all(SOURCES.map((name) => newestMtime(join(widget, name))))),
    );
    if (built >= sources) return false;
  }
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/build.ts'], {
      cwd: widget,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`The widget build failed (exit ${code}):\n${output.slice(-4000)}`));
    });
  });
  log('[widget] built packages/widget/dist');
  return true;
}
