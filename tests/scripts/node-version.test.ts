import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@booksprintz/dev-stack';
import { describe, expect, it } from 'vitest';

/**
 * A Node too old for the TypeScript scripts gets one clear line from
 * scripts/require-node.mjs, which every script that runs a .ts file with `node` calls
 * first, instead of ERR_UNKNOWN_FILE_EXTENSION.
 */
const scripts = (file: string) =>
  (JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as { scripts: Record<string, string> })
    .scripts;

/** Runs `command` through sh as pnpm does, with `prefix` first on PATH. */
function runScript(command: string, cwd: string, pathPrefix: string) {
  return spawnSync('sh', ['-c', command], {
    cwd,
    env: { ...process.env, PATH: `${pathPrefix}:${process.env.PATH}` },
    encoding: 'utf8',
  });
}

describe('Node version guard', () => {
  it('runs before every root and suite script that loads TypeScript with node', () => {
    const checked = [
      ...Object.entries(scripts('package.json')),
      ...Object.entries(scripts('tests/package.json')),
    ].filter(([, command]) => /node [^&]*\.ts\b/.test(command));
    expect(checked.map(([name]) => name).sort()).toEqual(
      [
        'bench',
        'bench:first-slot',
        'build',
        'db:migrate',
        'db:seed',
        'dev',
        'lint',
        'profile',
        'profile:availability',
        'test',
      ].sort(),
    );
    for (const [name, command] of checked) {
      expect(command, name).toMatch(/^node (\.\.\/)?scripts\/require-node\.mjs && /);
    }
  });

  it('prints one line and exits 1 under a Node that reports an old version', () => {
    const oldNode =
      'data:text/javascript,Object.defineProperty(process,"version",{value:"v20.19.0"})';
    const result = spawnSync(
      process.execPath,
      ['--import', oldNode, join(REPO_ROOT, 'scripts/require-node.mjs')],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      "Node ≥ 22.12.0 required (this is v20.19.0); see the README's prerequisites.",
    ]);
    const current = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/require-node.mjs')]);
    expect(current.status).toBe(0);
  });

  // The machine's own Node (Debian's), when it is older than the floor: the real thing.
  const systemNode = '/usr/bin/node';
  const systemVersion = existsSync(systemNode)
    ? execFileSync(systemNode, ['--version'], { encoding: 'utf8' }).trim()
    : '';
  const old = /^v(1\d|2[01])\.|^v22\.([0-9]|1[01])\./.test(systemVersion);
  it.skipIf(!old)(
    `pnpm dev's script under ${systemVersion || 'an old Node'} says so in one line`,
    () => {
      const result = runScript(scripts('package.json').dev as string, REPO_ROOT, '/usr/bin');
      expect(result.status).toBe(1);
      expect(result.stderr).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
      expect(result.stderr.trim()).toBe(
        `Node ≥ 22.12.0 required (this is ${systemVersion}); see the README's prerequisites.`,
      );
    },
  );
});
