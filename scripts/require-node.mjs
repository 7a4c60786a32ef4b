// Runs before any TypeScript script (package.json: `node scripts/require-node.mjs && …`):
// plain JavaScript any Node can parse, so an old Node gets one clear line instead of
// ERR_UNKNOWN_FILE_EXTENSION from loading a .ts file it cannot read.
const MINIMUM = [22, 12, 0];

/** True when `version` ("v20.19.2") is at least `minimum`. */
export function satisfies(version, minimum = MINIMUM) {
  const parts = version.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < minimum.length; i++) {
    const part = parts[i] ?? 0;
    if (part !== minimum[i]) return part > minimum[i];
  }
  return true;
}

if (!satisfies(process.version)) {
  console.error(
    `Node ≥ ${MINIMUM.join('.')} required (this is ${process.version}); see the README's prerequisites.`,
  );
  process.exit(1);
}
