/**
 * A Vite plugin for the CDN build: shortens the property names that only the widget's own
 * code uses (its controllers' and steps' members, the translation keys), the same way in
 * book-sprintz.js and every chunk (DESIGN.md §9). `#private` members are already
 * shortened by the minifier.
 *
 * The names are found, not listed: every member or object key the widget's sources
 * declare, except
 * - names declared by anything it does not own: the TypeScript DOM/ES libraries and every
 *   package's `.d.ts` (Lit's options and hooks, `fetch`, `Intl`…);
 * - names declared in its public surface and its boundaries: the element, the API types
 *   and client, the events, the Stripe.js shapes (`BOUNDARY`);
 * - names that also appear inside any string of the sources, because a string can reach
 *   a property by a computed key (`t.errors[code]`, `t[problem]`, `{step}` in a
 *   translation given to `format`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { minifySync, type Plugin } from 'vite';

const root = resolve(import.meta.dirname, '..');

/** Files whose names others rely on (WIDGET.md, API.md, Stripe.js). */
const BOUNDARY = [
  /^src\/index\.ts$/,
  /^src\/api\//,
  /^src\/events\//,
  /^src\/book-sprintz\/book-sprintz\.ts$/,
  /^src\/book-sprintz\/deposit\/stripe-js\.ts$/,
];

/**
 * The widget's own property names, as found above, each with the file that declares it
 * first (`node scripts/mangle-props.ts` prints them; `WHY=name,…` says what kept a name).
 */
export function internalNames(): Map<string, string> {
  const { options, fileNames } = ts.parseJsonConfigFileContent(
    JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')),
    ts.sys,
    root,
  );
  const program = ts.createProgram(fileNames, options);
  const checker = program.getTypeChecker();
  const internal = (file: ts.SourceFile) => {
    const path = relative(root, file.fileName);
    return (
      !file.isDeclarationFile &&
      path.startsWith('src/') &&
      !BOUNDARY.some((pattern) => pattern.test(path))
    );
  };
  const declared = new Map<string, string>();
  const reserved = new Map<string, string>();
  const reserve = (name: string, why: string) => {
    if (!reserved.has(name)) reserved.set(name, why);
  };
  for (const name of runtimeNames()) reserve(name, 'used by Lit');
  /** A use of `name` that resolves to `symbol`: anything but our own declarations keeps it. */
  const use = (name: string, symbol: ts.Symbol | undefined, where: ts.Node) => {
    const outside = symbol?.declarations?.find((d) => !internal(d.getSourceFile()));
    if (!symbol?.declarations?.length || outside) {
      const file = (outside ?? where).getSourceFile().fileName;
      reserve(name, `${symbol ? 'declared in' : 'untyped use in'} ${relative(root, file)}`);
    }
  };
  for (const file of program.getSourceFiles()) {
    const path = relative(root, file.fileName);
    if (file.isDeclarationFile || !path.startsWith('src/')) continue;
    const mine = internal(file);
    const visit = (node: ts.Node, owner: ts.Node, markup: boolean): void => {
      const name = (node as ts.NamedDeclaration).name;
      if ((ts.isClassElement(node) || ts.isTypeElement(node)) && name && ts.isIdentifier(name)) {
        // Members of our classes and interfaces; an inline type may describe something of
        // the platform's (`Intl.Locale & { getWeekInfo?… }`), an object literal's method
        // whatever reads it.
        if (mine && (ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner))) {
          if (!declared.has(name.text)) declared.set(name.text, path);
        } else if (ts.isObjectLiteralExpression(owner)) {
          use(name.text, contextualProperty(owner, name.text), node);
        } else reserve(name.text, `declared in ${path}`);
      } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) {
        use(node.name.text, checker.getSymbolAtLocation(node.name), node);
      } else if (
        (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) &&
        ts.isObjectLiteralExpression(owner)
      ) {
        if (ts.isIdentifier(node.name)) {
          use(node.name.text, contextualProperty(owner, node.name.text), node);
        } else if (ts.isStringLiteral(node.name)) {
          reserve(node.name.text, `quoted key in ${path}`);
        }
      } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(owner)) {
        const key = node.propertyName ?? node.name;
        if (ts.isIdentifier(key)) {
          use(key.text, checker.getTypeAtLocation(owner).getProperty(key.text), node);
        }
      } else if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
        // A string reaches a property when it is a key itself (`'required'` → `t[problem]`),
        // a `{placeholder}` of `format`, or, in markup, a `.name=` binding.
        const text = node.text;
        if (/^[A-Za-z_$][\w$]*$/.test(text) && !markup) reserve(text, `a string in ${path}`);
        for (const [, word] of text.matchAll(/[{.]([A-Za-z_$][\w$]*)[}=]/g)) {
          reserve(word!, `a string in ${path}`);
        }
      }
      const inner = markup || ts.isTaggedTemplateExpression(node);
      ts.forEachChild(node, (child) => visit(child, node, inner));
    };
    visit(file, file, false);
  }
  function contextualProperty(literal: ts.ObjectLiteralExpression, name: string) {
    const type = checker.getContextualType(literal);
    return type && checker.getPropertyOfType(type, name);
  }
  for (const name of process.env.WHY?.split(',') ?? []) {
    console.error(
      `${name}: ${declared.get(name) ?? 'not declared'}; ${reserved.get(name) ?? 'free'}`,
    );
  }
  for (const name of reserved.keys()) declared.delete(name);
  return declared;
}

/** Every property name Lit's runtime (bundled with the element) reads or writes. */
function runtimeNames(): Set<string> {
  const names = new Set<string>();
  const lit = fileURLToPath(import.meta.resolve('lit', pathToFileURL(`${root}/`).href));
  const resolveFromLit = createRequire(lit).resolve;
  for (const pkg of ['lit', 'lit-html', 'lit-element', '@lit/reactive-element']) {
    // Each package's entry sits at its root.
    const dir = dirname(resolveFromLit(pkg));
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.js') || /(^|\/)(development|node)\//.test(file)) continue;
      const code = readFileSync(join(dir, file), 'utf8');
      for (const [, word] of code.matchAll(/\.([A-Za-z_$][\w$]*)/g)) names.add(word!);
    }
  }
  return names;
}

if (import.meta.main) {
  for (const [name, file] of [...internalNames()].sort()) console.log(`${name}\t${file}`);
}

export function mangleProps(): Plugin {
  const include = new RegExp(`^(${[...internalNames().keys()].join('|')})$`);
  return {
    name: 'booksprintz:mangle-props',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
      const [entry, ...others] = chunks.sort((a, b) => Number(b.isEntry) - Number(a.isEntry));
      if (!entry?.isEntry) return;
      const words = (code: string) => [...code.matchAll(/[A-Za-z_$][\w$]*/g)].map(([word]) => word);
      // The short names are picked in book-sprintz.js, which avoids the property names it
      // sees; the chunks' names (every word in them, to be safe) are kept out of the
      // choice too, so a short name never meets a property of the same name in a chunk.
      const reserved = new Set(others.flatMap((chunk) => words(chunk.code)));
      const shorten = (file: string, code: string, cache: Record<string, string | false>) => {
        const result = minifySync(file, code, {
          module: true,
          compress: false,
          mangle: false,
          mangleProps: {
            include,
            reserved: [...reserved].filter((word) => !include.test(word)),
            cache,
          },
        });
        if (result.errors.length) throw new Error(`${file}: ${result.errors[0]!.message}`);
        return { code: result.code, cache: result.mangleCache ?? cache };
      };
      const main = shorten(entry.fileName, entry.code, {});
      entry.code = main.code;
      let cache = main.cache;
      // Names only chunks use (none today: book-sprintz.js reads every translation key) are
      // given theirs next, away from every word of book-sprintz.js too, so each chunk finds
      // every name it uses already chosen.
      const rest = [...new Set(others.flatMap((chunk) => words(chunk.code)))].filter(
        (word) => include.test(word) && !(word in cache),
      );
      if (rest.length) {
        for (const word of words(entry.code)) reserved.add(word);
        cache = shorten('names.js', rest.map((name) => `_.${name};`).join(''), cache).cache;
      }
      for (const chunk of others) {
        const result = shorten(chunk.fileName, chunk.code, cache);
        if (Object.keys(result.cache).length !== Object.keys(cache).length) {
          throw new Error(
            `${chunk.fileName}: a listed name was given a short name blind to the rest`,
          );
        }
        chunk.code = result.code;
      }
    },
  };
}
