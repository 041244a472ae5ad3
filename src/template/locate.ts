/**
 * Line and column of a JSON pointer in a template file's text, so that an editor can jump to the
 * problem. JSON.parse keeps no positions, so the text is read once more by a small tokenizer that
 * notes where every value (and key) starts, and that index is kept for the next question about
 * the same text. A template.json is read on every build, and the yaml package's parse with
 * positions, done for each font and footer entry, cost a sixth of building the sample.
 */
import { joinPointer } from './json.js';

export interface Position {
  line: number;
  column: number;
}

interface Entry {
  /** Offset of the value. */
  value: number;
  /** Offset of the key naming it, in an object. */
  key?: number;
}

/**
 * Where the value at `pointer` starts; for `key: true`, where its key starts. A pointer that is not
 * in the file (a key the file lacks) gives the position of its nearest ancestor that is. A key
 * written twice counts where JSON.parse takes it from: its last occurrence. Text that is not JSON
 * gives undefined.
 */
export function locatePointer(text: string, pointer: string, key = false): Position | undefined {
  const entries = indexOf(text);
  if (!entries) return undefined;
  let p = pointer;
  let entry = entries.get(p);
  let own = true;
  while (!entry && p !== '') {
    p = p.slice(0, p.lastIndexOf('/'));
    entry = entries.get(p);
    own = false;
  }
  if (!entry) return undefined;
  return positionOfOffset(text, key && own && entry.key !== undefined ? entry.key : entry.value);
}

const indexes = new Map<string, Map<string, Entry> | undefined>();

function indexOf(text: string): Map<string, Entry> | undefined {
  if (indexes.has(text)) return indexes.get(text);
  const index = scan(text);
  // a build asks about one to three files (a template and those it extends)
  if (indexes.size >= 8) indexes.delete(indexes.keys().next().value!);
  indexes.set(text, index);
  return index;
}

/** One token after optional white space: punctuation, a string, or a literal. */
const TOKEN = /[ \t\r\n]*(?:([{}[\],:])|("(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")|(true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?))/y;

/** Every pointer of the document and where it starts; undefined when the text is not JSON. */
function scan(text: string): Map<string, Entry> | undefined {
  const entries = new Map<string, Entry>();
  let token = '';
  let start = 0;
  const next = (): boolean => {
    const m = TOKEN.exec(text);
    if (!m) return false;
    token = m[1] ?? m[2] ?? m[3]!;
    start = TOKEN.lastIndex - token.length;
    return true;
  };
  /** Reads the value whose first token is current; false when it is not JSON. */
  // a function, so that the compiler does not narrow the current token across calls of next()
  const is = (t: string): boolean => token === t;
  /** Reads the value whose first token is current; false when it is not JSON. */
  const value = (pointer: string, key?: number): boolean => {
    entries.set(pointer, key === undefined ? { value: start } : { value: start, key });
    if (is('{')) {
      if (!next()) return false;
      if (is('}')) return true;
      for (;;) {
        if (token[0] !== '"') return false;
        const keyAt = start;
        const name = token.includes('\\') ? (JSON.parse(token) as string) : token.slice(1, -1);
        if (!next() || !is(':') || !next() || !value(joinPointer(pointer, name), keyAt) || !next()) return false;
        if (is('}')) return true;
        if (!is(',') || !next()) return false;
      }
    }
    if (is('[')) {
      if (!next()) return false;
      if (is(']')) return true;
      for (let i = 0; ; i++) {
        if (!value(`${pointer}/${i}`) || !next()) return false;
        if (is(']')) return true;
        if (!is(',') || !next()) return false;
      }
    }
    return !is('}') && !is(']') && !is(',') && !is(':');
  };
  TOKEN.lastIndex = 0;
  if (!next() || !value('')) return undefined;
  if (text.slice(TOKEN.lastIndex).trim() !== '') return undefined;
  return entries;
}

/** Line and column of a character offset, for JSON syntax errors. */
export function positionOfOffset(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
