import { type ChildProcess, spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { freePort } from '@booksprintz/dev-stack';
import { unzipSync, zipSync } from 'fflate';

/**
 * Real WordPress for the plugin's suite: WordPress Playground's CLI (PHP compiled to
 * WebAssembly, SQLite) running a WordPress build from npm. Both packages are large
 * (≈ 650 MB installed), so they are not dependencies of the workspace: the suite installs
 * them on first use into a cache, like `.ci/run` does for Node, and reuses them after.
 *
 * Offline by construction: the WordPress zip (`@wp-playground/wordpress-builds`) is served
 * on loopback and handed to the CLI as `--wp=<url>` (given a URL, the CLI asks no release
 * API); the CLI ships the SQLite integration plugin itself; its download cache
 * (`~/.wordpress-playground`) goes to a temporary HOME that is deleted afterwards.
 */
export const PLAYGROUND = {
  cli: '3.1.56',
  builds: '0.9.19',
  wordpress: process.env.WP_VERSION || '6.5',
  php: process.env.WP_PHP_VERSION || '7.4',
};

const cacheRoot =
  process.env.BOOKSPRINTZ_WP_CACHE ||
  join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'booksprintz-wp-playground');
const prefix = join(cacheRoot, `cli-${PLAYGROUND.cli}-wp-${PLAYGROUND.builds}`);
const cliPath = join(prefix, 'node_modules', '@wp-playground', 'cli', 'wp-playground.js');
const builds = join(prefix, 'node_modules', '@wp-playground', 'wordpress-builds');
const zipPath = join(builds, 'src', 'wordpress', `wp-${PLAYGROUND.wordpress}.zip`);
const completeZipPath = join(prefix, `wordpress-${PLAYGROUND.wordpress}-complete.zip`);

export const INSTALL_HINT = `npm install --prefix ${prefix} @wp-playground/cli@${PLAYGROUND.cli} @wp-playground/wordpress-builds@${PLAYGROUND.builds}`;

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
}

/**
 * The CLI and the WordPress zip, installed into the cache when missing (≈ 1 min once).
 * Returns why not when that fails; under CI=true that fails the suite.
 */
export async function ensurePlayground(): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (existsSync(cliPath) && existsSync(zipPath)) return { ok: true };
  console.log(`\n… installing WordPress Playground into ${prefix} (once, ≈ 650 MB)\n`);
  const code = await run('npm', [
    'install',
    '--prefix',
    prefix,
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    `@wp-playground/cli@${PLAYGROUND.cli}`,
    `@wp-playground/wordpress-builds@${PLAYGROUND.builds}`,
  ]);
  if (code === 0 && existsSync(cliPath) && existsSync(zipPath)) return { ok: true };
  return { ok: false, reason: `npm install exited ${code}; by hand: ${INSTALL_HINT}` };
}

export interface Playground {
  url: string;
  stop(): Promise<void>;
}

/**
 * The builds package's zip holds WordPress's PHP but not its static files (the browser
 * Playground fetches those from a CDN): they are beside it, in `public/wp-<version>/`.
 * Without them every stylesheet of wp-admin is a slow 404 through PHP. This puts both in
 * one complete WordPress zip, once, in the cache.
 */
async function completeWordPressZip(): Promise<string> {
  if (existsSync(completeZipPath)) return completeZipPath;
  const files: Record<string, Uint8Array> = unzipSync(await readFile(zipPath));
  const assets = join(builds, 'public', `wp-${PLAYGROUND.wordpress}`);
  for (const entry of await readdir(assets, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(assets, path).replaceAll('\\', '/')] ??= await readFile(path);
  }
  // The list of assets to fetch remotely: there are none now.
  delete files['wordpress-remote-asset-paths'];
  await writeFile(`${completeZipPath}.partial`, zipSync(files, { level: 6 }));
  await rename(`${completeZipPath}.partial`, completeZipPath);
  return completeZipPath;
}

/** WordPress on a free loopback port; resolves when it answers. */
export async function startPlayground(
  options: { mounts?: Array<{ host: string; vfs: string }> } = {},
): Promise<Playground> {
  const wordpressZip = await completeWordPressZip();
  const zipServer = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/zip' });
    createReadStream(wordpressZip).pipe(response);
  });
  await new Promise<void>((resolve) => zipServer.listen(0, '127.0.0.1', resolve));
  const address = zipServer.address();
  const zipPort = typeof address === 'object' && address ? address.port : 0;
  const home = await mkdtemp(join(tmpdir(), 'booksprintz-wp-home-'));
  const port = await freePort();
  const output: string[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      cliPath,
      'server',
      `--port=${port}`,
      `--wp=http://127.0.0.1:${zipPort}/wp-${PLAYGROUND.wordpress}.zip`,
      `--php=${PLAYGROUND.php}`,
      '--workers=1',
      '--login',
      ...(options.mounts ?? []).flatMap((mount) => ['--mount-dir', mount.host, mount.vfs]),
      // No updates, cron or other calls to wordpress.org: there is no network here, and
      // a page must not wait on one.
      '--define-bool',
      'WP_HTTP_BLOCK_EXTERNAL',
      'true',
      '--define-bool',
      'DISABLE_WP_CRON',
      'true',
      '--define-bool',
      'AUTOMATIC_UPDATER_DISABLED',
      'true',
    ],
    { env: { ...process.env, HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await new Promise<void>((resolve) => zipServer.close(() => resolve()));
    await rm(home, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString());
        if (output.join('').includes('Ready!')) resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) =>
        reject(new Error(`WordPress Playground exited ${code}:\n${output.join('')}`)),
      );
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}
