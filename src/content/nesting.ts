/**
 * marked parses blockquotes, lists and emphasis by recursion, one call per level, and copies the
 * text of every level: a line of 3,000 `>` overflows the stack, and a list nested a few thousand
 * levels deep takes minutes and gigabytes. A slide shows three bullet levels, so nesting is
 * limited before marked sees the text, with an error at the line that goes too deep.
 */
import { type Diagnostic, error } from '../diagnostics.js';

/** Blockquotes and lists inside each other, counted together. */
export const MAX_NESTING = 20;

const QUOTE = /^ {0,3}>/;
const BULLET = /^( *)([-*+]|\d{1,9}[.)])(?=[ \t]|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BLANK = /^\s*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?: *\1){2,} *$/;

/** Tabs count as stops every four columns, as CommonMark reads indentation. */
function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(4 - (out.length % 4)) : ch;
  return out;
}

/**
 * How deep each line nests, the way CommonMark opens containers: every `>` opens a blockquote;
 * a list marker opens a list item whose content starts after it, and a marker indented at least
 * that far opens one inside it. Lists are tracked by their items' content columns (after the
 * line's `>` markers); a line that is not indented into an item, after a blank line, closes it.
 * The count errs on the deep side (it never misses a level), which a limit far above what slides
 * show makes harmless.
 */
export function checkNesting(text: string, file: string): Diagnostic | undefined {
  const lines = text.split('\n');
  let fence: string | null = null;
  let items: number[] = [];
  let afterBlank = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (fence === null && plainStart(raw.charCodeAt(0))) {
      // Text that starts no container and is not indented: what the loop below ends with for it.
      if (afterBlank) items = [];
      afterBlank = false;
      if (items.length > MAX_NESTING) return tooDeep(items.length, file, i);
      continue;
    }
    const f = FENCE.exec(raw);
    if (f && (fence === null || f[1]![0] === fence[0])) {
      fence = fence === null ? f[1]! : null;
      continue;
    }
    if (fence !== null) continue;
    if (BLANK.test(raw)) {
      afterBlank = true;
      continue;
    }
    let line = expandTabs(raw);
    let quotes = 0;
    let column = 0;
    let depth = 0;
    let stack = items;
    // `>` and list markers at the start of a line, in any mix ("> - > 1. text").
    for (;;) {
      if (THEMATIC_BREAK.test(line)) break;
      const q = QUOTE.exec(line);
      if (q) {
        quotes++;
        const skip = q[0].length + (line[q[0].length] === ' ' ? 1 : 0);
        column += skip;
        line = line.slice(skip);
        continue;
      }
      const b = BULLET.exec(line);
      if (!b) break;
      const indent = column + b[1]!.length;
      while (stack.length && stack[stack.length - 1]! > indent) stack = stack.slice(0, -1);
      const spaces = /^ */.exec(line.slice(b[0].length))![0].length;
      const content = indent + b[2]!.length + Math.min(Math.max(spaces, 1), 4);
      stack = [...stack, content];
      const skip = b[0].length + Math.min(spaces, 4);
      column += skip;
      line = line.slice(skip);
      depth = Math.max(depth, quotes + stack.length);
      if (quotes + stack.length > MAX_NESTING) break;
    }
    if (stack === items && !quotes) {
      // A line of text: inside the items it is indented into; after a blank line, closes the rest.
      const indent = /^ */.exec(line)![0].length;
      if (afterBlank) while (stack.length && stack[stack.length - 1]! > indent) stack = stack.slice(0, -1);
    }
    items = stack;
    afterBlank = false;
    depth = Math.max(depth, quotes + items.length);
    if (depth > MAX_NESTING) return tooDeep(depth, file, i);
  }
  return undefined;
}

function tooDeep(depth: number, file: string, index: number): Diagnostic {
  return error(
    `blockquotes and lists are nested ${depth} levels deep here; brief reads at most ${MAX_NESTING}`,
    { file, line: index + 1, column: 1 },
    'a slide shows three bullet levels: flatten the list, or end the blockquote (a blank line) before the next one',
  );
}

/**
 * A line starting with this character cannot be blank, indented, a fence, a thematic break, a
 * quote or a list item: anything but white space (JavaScript's \s), `>`, `-`, `*`, `+`, `_`, a
 * digit, a backtick or a tilde. NaN (an empty line) is not plain.
 */
function plainStart(code: number): boolean {
  if (code >= 0x61 && code <= 0x7a) return true; // a-z
  if (code >= 0x41 && code <= 0x5a) return true; // A-Z
  if (!(code > 0x20)) return false;
  if (code < 0x80) return !(code === 0x3e || code === 0x2d || code === 0x2a || code === 0x2b || code === 0x5f || code === 0x60 || code === 0x7e || (code >= 0x30 && code <= 0x39) || code === 0x7f);
  return !(code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff);
}

/** What a stack overflow in marked's inline parsing is reported as: emphasis nested too deep. */
export function tooDeepInline(text: string, file: string): Diagnostic {
  const lines = text.split('\n');
  let line = 0;
  let longest = 0;
  lines.forEach((l, i) => {
    for (const m of l.matchAll(/[*_~[\]]+/g)) {
      if (m[0].length > longest) {
        longest = m[0].length;
        line = i;
      }
    }
  });
  return error(
    'emphasis, links or other marks are nested too deeply inside each other to read',
    { file, line: line + 1, column: 1 },
    'write `**bold**` or `*italic*` once around the words; a run of many `*` or `_` in a row reads as marks inside marks',
  );
}
