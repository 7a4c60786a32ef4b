import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Liquid, type TagToken, type TopLevelToken } from 'liquidjs';

/** The theme app extension under test. */
export const extensionDir = join(
  import.meta.dirname,
  '..',
  '..',
  'plugins',
  'shopify',
  'extensions',
  'booksprintz-booking',
);

interface SchemaSetting {
  id: string;
  type: string;
  default?: string;
  options?: Array<{ value: string }>;
}

export interface BlockSchema {
  name: string;
  target: string;
  settings: SchemaSetting[];
}

/** The `{% schema %}` JSON of a block file. */
export async function blockSchema(file: string): Promise<BlockSchema> {
  const source = await readFile(join(extensionDir, 'blocks', file), 'utf8');
  const json = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/.exec(source)?.[1];
  if (!json) throw new Error(`${file} has no {% schema %}`);
  return JSON.parse(json) as BlockSchema;
}

function lookup(tree: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>(
      (node, part) =>
        node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined,
      tree,
    );
}

/**
 * liquidjs with what Shopify adds that these blocks use: the `{% schema %}` tag (renders
 * nothing) and the `t` filter over the extension's storefront locale file. Unknown
 * filters are errors (`strictFilters`), so a filter Shopify has and liquidjs lacks cannot
 * pass silently.
 */
export async function shopifyLiquid(locale = 'en.default') {
  const translations = JSON.parse(
    await readFile(join(extensionDir, 'locales', `${locale}.json`), 'utf8'),
  ) as unknown;
  const engine = new Liquid({
    root: join(extensionDir, 'blocks'),
    extname: '.liquid',
    strictFilters: true,
  });
  engine.registerTag('schema', {
    parse(_token: TagToken, remainTokens: TopLevelToken[]) {
      for (let token = remainTokens.shift(); token; token = remainTokens.shift()) {
        if ((token as TagToken).name === 'endschema') return;
      }
      throw new Error('{% schema %} is not closed');
    },
    render() {
      return '';
    },
  });
  engine.registerFilter('t', (key: string) => {
    const value = lookup(translations, key);
    if (typeof value !== 'string') throw new Error(`missing translation ${key}`);
    return value;
  });
  return engine;
}

/**
 * Renders a block as Shopify would: `block.settings` are the schema's defaults with
 * `settings` over them; `block.shopify_attributes` is what the theme editor adds.
 */
export async function renderBlock(
  file: string,
  settings: Record<string, string>,
  context: Record<string, unknown> = {},
): Promise<string> {
  const schema = await blockSchema(file);
  const defaults = Object.fromEntries(schema.settings.map((s) => [s.id, s.default ?? '']));
  const engine = await shopifyLiquid();
  return engine.renderFile(file, {
    block: {
      id: 'AbC123',
      settings: { ...defaults, ...settings },
      shopify_attributes: 'data-shopify-editor-block="{&quot;id&quot;:&quot;AbC123&quot;}"',
    },
    request: { design_mode: false },
    ...context,
  });
}
