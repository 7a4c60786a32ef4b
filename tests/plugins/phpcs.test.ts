import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The WordPress plugin against its coding standard (plugins/wordpress/phpcs.xml.dist):
 * Debian's PHP_CodeSniffer with WordPress's security rules as our own sniffs, since
 * WPCS (a Composer package) cannot be installed here. The standard is first shown to
 * refuse what it must (a fixture of unsafe code), then the plugin must pass it clean.
 */
const PHPCS = '/usr/bin/phpcs';
const plugin = join(import.meta.dirname, '..', '..', 'plugins', 'wordpress');
const standard = join(plugin, 'phpcs.xml.dist');

function phpcsAvailable(): boolean {
  if (existsSync(PHPCS)) return true;
  const message = `\n!!! plugins/phpcs: no ${PHPCS} — the WordPress plugin's coding standard is NOT checked (apt-get install php-codesniffer)\n`;
  if (process.env.CI === 'true')
    throw new Error(`${message}CI=true: a skipped suite fails the run.`);
  console.warn(message);
  return false;
}

interface Report {
  files: Record<string, { messages: { line: number; source: string }[] }>;
}

function check(...paths: string[]): { line: number; source: string }[] {
  // phpcs exits 1/2 when it finds something: the JSON report is what counts.
  const run = spawnSync(PHPCS, [`--standard=${standard}`, '--report=json', ...paths], {
    cwd: plugin,
    encoding: 'utf8',
  });
  if (!run.stdout.startsWith('{')) throw new Error(`phpcs failed: ${run.stdout}${run.stderr}`);
  const report = JSON.parse(run.stdout) as Report;
  return Object.values(report.files).flatMap((file) =>
    file.messages.map(({ line, source }) => ({ line, source })),
  );
}

describe.runIf(phpcsAvailable())('the WordPress plugin’s coding standard', () => {
  it('refuses unescaped output, unchecked request data, server-side calls and non-WordPress style', () => {
    const found = check(join(import.meta.dirname, 'fixtures', 'unsafe-plugin.php'));
    const at = (line: number) => found.filter((m) => m.line === line).map((m) => m.source);
    const escaping = 'BookSprintz.Security.EscapeOutput';
    expect(at(9)).toEqual([`${escaping}.OutputNotEscaped`]); // echo $label
    expect(at(10)).toEqual([`${escaping}.OutputNotEscaped`]); // escaped . unescaped
    expect(at(11)).toEqual([`${escaping}.OutputNotEscaped`]); // print with concatenation
    expect(at(12)).toEqual([`${escaping}.UnescapedPrintingFunction`]); // _e()
    expect(at(13)).toEqual([`${escaping}.UnescapedPrintingFunction`]); // printf()
    expect(at(15)).toContain(`${escaping}.OutputNotEscaped`); // <?= $label ?>
    expect(at(20)).toEqual(['BookSprintz.Security.NonceVerification.Missing']);
    expect(at(21)).toEqual(['Generic.PHP.ForbiddenFunctions.Found']); // wp_remote_get
    expect(at(22)).toEqual(['Generic.Arrays.DisallowShortArraySyntax.Found']);
    expect(at(23)).toEqual(['Generic.PHP.LowerCaseConstant.Found']);
    // The safe function at the end of the fixture passes.
    expect(found.filter((m) => m.line >= 26)).toEqual([]);
  });

  it('finds nothing in the plugin (PHP parses every file: Generic.PHP.Syntax runs php -l)', () => {
    expect(check()).toEqual([]);
  });
});
