/**
 * `pnpm lint` runs this after Biome. It holds the layout of DESIGN §13 to three rules
 * a reviewer would otherwise have to remember:
 *
 * 1. No import cycle, type-only imports included (dpdm): a cycle through types means a
 *    type lives in the wrong home.
 * 2. In packages/api/src, the inner layers (features/, integrations/, db/, http/) never
 *    import the outer ones (routes/, middleware/, app.ts): rules do not know about HTTP
 *    wiring. And integrations/ never imports features/: another company's protocol
 *    knows nothing of our rules; the feature calls the integration, not the reverse.
 * 3. No source file over 300 lines unless its header says why: a comment line
 *    `Long file: <reason>` before the first `export`. Tests and generated files are exempt.
 *
 * packages/widget is not checked yet: it is being split (three cycles, three long files).
 * Add it to CHECKED once that lands.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';

const CHECKED = ['packages/api', 'packages/shared', 'packages/client', 'packages/dev-stack'];
const GENERATED = [/\/worker-configuration\.d\.ts$/, /^packages\/client\/src\/schema\.ts$/];
const MAX_LINES = 300;

const root = process.cwd();
const problems: string[] = [];

const entries = CHECKED.flatMap((pkg) => [`${pkg}/src/**/*.ts`, `${pkg}/scripts/**/*.ts`]);
const tree = await parseDependencyTree(entries, {
  context: root,
  transform: false, // keep `import type`: those cycles count too
  skipDynamicImports: false,
});
const files = Object.keys(tree).filter(
  (file) => CHECKED.some((pkg) => file.startsWith(`${pkg}/`)) && !file.includes('node_modules'),
);

for (const cycle of parseCircular(tree)) {
  problems.push(`import cycle: ${[...cycle, cycle[0]].join(' -> ')}`);
}

const API = 'packages/api/src/';
const INNER = /^packages\/api\/src\/(features|integrations|db|http)\//;
const OUTER = /^packages\/api\/src\/(routes\/|middleware\/|app\.ts$|index\.ts$)/;
const INTEGRATIONS = /^packages\/api\/src\/integrations\//;
const FEATURES = /^packages\/api\/src\/features\//;
for (const file of files) {
  if (!INNER.test(file)) continue;
  for (const dependency of tree[file] ?? []) {
    if (dependency.id && OUTER.test(dependency.id)) {
      problems.push(
        `layering: ${file} imports ${dependency.id} (${API}{features,integrations,db,http} may not import routes/ or middleware/)`,
      );
    }
    if (dependency.id && INTEGRATIONS.test(file) && FEATURES.test(dependency.id)) {
      problems.push(
        `layering: ${file} imports ${dependency.id} (integrations/ may not import features/)`,
      );
    }
  }
}

for (const file of files) {
  if (file.endsWith('.test.ts') || GENERATED.some((pattern) => pattern.test(file))) continue;
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n').length;
  if (lines <= MAX_LINES) continue;
  const header = text.slice(0, text.search(/^export /m) >>> 0);
  if (!/^\s*(\*|\/\/)\s*Long file: \S/m.test(header)) {
    problems.push(
      `${relative(root, file)}: ${lines} lines; split it, or say why in its header ("Long file: <reason>")`,
    );
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(
  `architecture: ${files.length} modules, no cycle, layers respected, long files explained`,
);
