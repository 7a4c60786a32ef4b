/**
 * `pnpm build`: `dist/booksprintz.zip`, the plugin as WordPress installs it
 * (Plugins → Add New → Upload Plugin): every file of `booksprintz/` under a
 * `booksprintz/` folder. fflate writes the zip, so no `zip` binary is needed.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { zipSync } from 'fflate';

const root = resolve(import.meta.dirname, '..');
const source = join(root, 'booksprintz');
export const zipPath = join(root, 'dist', 'booksprintz.zip');

export async function buildZip(): Promise<string> {
  const files: Record<string, Uint8Array> = {};
  for (const entry of await readdir(source, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[`booksprintz/${relative(source, path).replaceAll('\\', '/')}`] = await readFile(path);
  }
  // A fixed date: the same sources give the same zip.
  const zip = zipSync(files, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') });
  await mkdir(join(root, 'dist'), { recursive: true });
  await writeFile(zipPath, zip);
  return zipPath;
}

if (import.meta.main) {
  const path = await buildZip();
  console.log(`${relative(process.cwd(), path)} written`);
}
