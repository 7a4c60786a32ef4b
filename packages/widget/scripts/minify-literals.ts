/**
 * A Vite plugin that squeezes whitespace out of the static parts of Lit's `html` and
 * `css` tagged templates in our own sources. The JS minifier leaves template text alone,
 * and the widget's bundle budget (DESIGN.md §9) is tight.
 *
 * Only the literal text between `${…}` expressions is touched; expressions (which may
 * hold nested templates) are copied through and scanned recursively.
 */
import type { Plugin } from 'vite';

export function minifyLiterals(): Plugin {
  return {
    name: 'booksprintz:minify-literals',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(html|css)`/.test(code)) return null;
      return { code: minifyTemplates(code), map: null };
    },
  };
}

export function minifyTemplates(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const match = /\b(html|css)`/g;
    match.lastIndex = i;
    const found = match.exec(source);
    if (!found) {
      out += source.slice(i);
      break;
    }
    const start = found.index + found[0].length;
    out += source.slice(i, start);
    const [text, end] = readTemplate(source, start, found[1] as 'html' | 'css');
    out += text;
    i = end;
  }
  return out;
}

/** Reads a template body from just after the opening backtick; returns it (squeezed) and the index after the closing backtick. */
function readTemplate(source: string, start: number, kind: 'html' | 'css'): [string, number] {
  let out = '';
  let chunk = '';
  let i = start;
  while (i < source.length) {
    const char = source[i];
    if (char === '\\') {
      chunk += source.slice(i, i + 2);
      i += 2;
    } else if (char === '`') {
      return [`${out}${squeeze(chunk, kind)}\``, i + 1];
    } else if (char === '$' && source[i + 1] === '{') {
      out += squeeze(chunk, kind);
      chunk = '';
      const end = readExpression(source, i + 2);
      out += `\${${minifyTemplates(source.slice(i + 2, end))}}`;
      i = end + 1;
    } else {
      chunk += char;
      i++;
    }
  }
  throw new Error('unterminated template literal');
}

/** Index of the `}` closing an expression that starts at `start`, skipping strings and templates. */
function readExpression(source: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < source.length) {
    const char = source[i];
    if (char === "'" || char === '"') {
      i = skipString(source, i, char);
      continue;
    }
    if (char === '`') {
      i = skipTemplate(source, i + 1);
      continue;
    }
    if (char === '{') depth++;
    if (char === '}') {
      if (depth === 0) return i;
      depth--;
    }
    i++;
  }
  throw new Error('unterminated template expression');
}

function skipString(source: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < source.length && source[i] !== quote) i += source[i] === '\\' ? 2 : 1;
  return i + 1;
}

function skipTemplate(source: string, start: number): number {
  let i = start;
  while (i < source.length) {
    if (source[i] === '\\') i += 2;
    else if (source[i] === '`') return i + 1;
    else if (source[i] === '$' && source[i + 1] === '{') i = readExpression(source, i + 2) + 1;
    else i++;
  }
  return i;
}

function squeeze(text: string, kind: 'html' | 'css'): string {
  // One space keeps the meaning of whitespace between inline elements.
  if (kind === 'html') return text.replace(/\s+/g, ' ');
  return (
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/ ?([{};,>]) ?/g, '$1')
      .replace(/: /g, ':')
      .replace(/;}/g, '}')
      // 0.5em → .5em; [theme='dark'] → [theme=dark] (a value that is a CSS identifier)
      .replace(/(^|[^\w.-])0\.(\d)/g, '$1.$2')
      .replace(/\[([\w-]+)='([a-z][\w-]*)'\]/gi, '[$1=$2]')
      .trim()
  );
}
