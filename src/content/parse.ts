import type { Token, Tokens } from 'marked';
import { type Diagnostic, type SourcePoint, error, warning } from '../diagnostics.js';
import { stripInvalidXmlChars } from '../text/sanitize.js';
import { inlineTokensToRuns, runsToPlain } from './inline.js';
import { blockLexer, lexInline } from './lexer.js';
import { checkNesting, tooDeepInline } from './nesting.js';
import type { Block, HeadingAttrs, Inline, ListItemBlock, SlideSource } from './types.js';

/** CRLF/CR to LF, BOM and XML-invalid characters out: the one text every later stage sees. */
export function normalizeText(text: string): string {
  return stripInvalidXmlChars(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
}

interface FencedDiv {
  name: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** Lines strictly inside the fences, with their line numbers. */
  body: string;
  bodyLine: number;
  children: FencedDiv[];
}

const DIV_OPEN = /^(:{3,})\s*(?:\{\s*\.?([\w-]+)[^}]*\}|\.?([\w-]+))\s*$/;
const DIV_CLOSE = /^(:{3,})\s*$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/**
 * Pandoc fenced divs (`::: notes`, `::: columns`) are not Markdown to marked, so they are cut out
 * before lexing (their lines blanked, keeping every other line number) and handled on their own.
 */
function extractDivs(text: string, file: string, diagnostics: Diagnostic[]): { rest: string; divs: FencedDiv[] } {
  const lines = text.split('\n');
  const top: FencedDiv[] = [];
  const stack: { div: FencedDiv; start: number }[] = [];
  let inCode: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // only a line holding ``` or ~~~ can be a fence, and only one starting with ::: a div's
    const fence = line.includes('```') || line.includes('~~~') ? FENCE.exec(line) : null;
    if (fence) {
      if (inCode === null) inCode = fence[1]![0]!;
      else if (fence[1]![0] === inCode) inCode = null;
    }
    if (inCode !== null) continue;
    const colons = line.startsWith(':::');
    const open = colons ? DIV_OPEN.exec(line) : null;
    const close = colons ? DIV_CLOSE.exec(line) : null;
    if (open) {
      const div: FencedDiv = { name: (open[2] ?? open[3] ?? '').toLowerCase(), line: i + 1, body: '', bodyLine: i + 2, children: [] };
      stack.push({ div, start: i });
    } else if (close) {
      const entry = stack.pop();
      if (!entry) {
        diagnostics.push(warning('closing ":::" without an opening one', { file, line: i + 1, column: 1 }, 'remove it, or open the block with `::: notes` or `::: columns`'));
        lines[i] = '';
        continue;
      }
      entry.div.body = lines.slice(entry.start + 1, i).join('\n');
      if (stack.length) stack[stack.length - 1]!.div.children.push(entry.div);
      else {
        top.push(entry.div);
        for (let j = entry.start; j <= i; j++) lines[j] = '';
      }
    }
  }
  for (const { div } of stack) {
    diagnostics.push(error(`"::: ${div.name}" is never closed`, { file, line: div.line, column: 1 }, 'add a line with just `:::` where the block ends'));
  }
  return { rest: lines.join('\n'), divs: top };
}

const ATTRS = /\s*\{([^{}]*)\}\s*$/;

/** Splits a pandoc-style `{.cards icon=leaf}` off the end of a heading. */
export function splitHeadingAttrs(text: string): { text: string; attrs: HeadingAttrs } {
  const attrs: HeadingAttrs = { classes: [], values: {} };
  const m = ATTRS.exec(text);
  if (!m) return { text, attrs };
  for (const part of m[1]!.trim().split(/\s+/).filter(Boolean)) {
    if (part.startsWith('.')) attrs.classes.push(part.slice(1).toLowerCase());
    else if (part.includes('=')) {
      const [k, ...v] = part.split('=');
      attrs.values[k!.toLowerCase()] = v.join('=').replace(/^["']|["']$/g, '');
    } else if (part.startsWith('#')) attrs.values['id'] = part.slice(1);
  }
  return { text: text.slice(0, m.index), attrs };
}

class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  /** 1-based line of a character offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  columnOf(offset: number): number {
    return offset - this.starts[this.lineOf(offset) - 1]! + 1;
  }
}

/**
 * marked tokens carry no positions; each token's `raw` is found in the source from the end of the
 * previous one, which gives exact lines without a second parser.
 */
class Positioner {
  private cursor = 0;
  constructor(
    private readonly text: string,
    private readonly index: LineIndex,
    private readonly file: string,
    private readonly lineOffset: number,
  ) {}
  next(raw: string): SourcePoint {
    const found = raw ? this.text.indexOf(raw, this.cursor) : -1;
    const start = found >= 0 ? found : this.cursor;
    const lead = /^\s*/.exec(raw)?.[0].length ?? 0;
    this.cursor = start + (found >= 0 ? raw.length : 0);
    const at = start + Math.min(lead, raw.length);
    return { file: this.file, line: this.index.lineOf(at) + this.lineOffset, column: this.index.columnOf(at) };
  }
}

/** Parses one section file into slide sources. */
export function parseSection(text: string, file: string): { slides: SlideSource[]; diagnostics: Diagnostic[] } {
  const normal = normalizeText(text);
  const deep = checkNesting(normal, file);
  if (deep) return { slides: [], diagnostics: [deep] };
  try {
    return parseNested(normal, file);
  } catch (e) {
    // marked recurses once per level of emphasis too; what the line check cannot foresee ends here.
    if (e instanceof RangeError && /call stack/i.test(e.message)) return { slides: [], diagnostics: [tooDeepInline(normal, file)] };
    throw e;
  }
}

function parseNested(text: string, file: string): { slides: SlideSource[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const { rest, divs } = extractDivs(text, file, diagnostics);
  const slides: SlideSource[] = [];
  const tokens = blockLexer().lex(rest);
  const pos = new Positioner(rest, new LineIndex(rest), file, 0);
  let orphanWarned = false;
  for (const token of tokens) {
    const at = pos.next(token.raw);
    if (token.type === 'space' || token.type === 'def') continue;
    if (token.type === 'heading' && (token.depth === 1 || token.depth === 2)) {
      const { text: title, attrs } = splitHeadingAttrs(token.text);
      slides.push({ depth: token.depth, title: inlineRuns(title, at, diagnostics), attrs, blocks: [], at });
      continue;
    }
    const current = slides[slides.length - 1];
    if (!current) {
      if (!orphanWarned) {
        diagnostics.push(warning('text before the first heading is not on any slide', at, 'start the file with `# Section` or `## Slide title`'));
        orphanWarned = true;
      }
      continue;
    }
    current.blocks.push(...tokenToBlocks(token, at, diagnostics));
  }
  for (const div of divs) attachDiv(div, slides, file, diagnostics);
  return { slides, diagnostics };
}

function attachDiv(div: FencedDiv, slides: SlideSource[], file: string, diagnostics: Diagnostic[]): void {
  const at: SourcePoint = { file, line: div.line, column: 1 };
  const owner = lastBefore(slides, div.line);
  if (!owner) {
    diagnostics.push(warning(`"::: ${div.name}" before the first heading is not on any slide`, at, 'move it under a `##` heading'));
    return;
  }
  if (div.name === 'notes') {
    const notes = div.body.trim();
    owner.notes = owner.notes ? `${owner.notes}\n\n${notes}` : notes;
    return;
  }
  if (div.name === 'columns') {
    const columns = div.children.filter((c) => c.name === 'column').map((c) => parseBlocks(c.body, file, c.bodyLine - 1, diagnostics));
    if (columns.length < 2) {
      diagnostics.push(error('"::: columns" needs at least two "::: column" blocks inside it', at, 'write `::: column` … `:::` once for each column, inside `::: columns` … `:::`'));
      return;
    }
    insertByLine(owner.blocks, { type: 'columns', columns, at });
    return;
  }
  diagnostics.push(warning(`"::: ${div.name}" is not a block brief knows; its content is shown as ordinary text`, at, 'known blocks: `::: notes`, `::: columns` with `::: column`'));
  for (const block of parseBlocks(div.body, file, div.bodyLine - 1, diagnostics)) insertByLine(owner.blocks, block);
}

/** The last slide that starts above `line`; slides come in source order, so a binary search finds it. */
function lastBefore(slides: readonly SlideSource[], line: number): SlideSource | undefined {
  let lo = 0;
  let hi = slides.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((slides[mid]!.at.line ?? 0) < line) lo = mid + 1;
    else hi = mid;
  }
  return slides[lo - 1];
}

function insertByLine(blocks: Block[], block: Block): void {
  const i = blocks.findIndex((b) => (b.at.line ?? 0) > (block.at.line ?? 0));
  if (i < 0) blocks.push(block);
  else blocks.splice(i, 0, block);
}

function parseBlocks(text: string, file: string, lineOffset: number, diagnostics: Diagnostic[]): Block[] {
  const tokens = blockLexer().lex(text);
  const pos = new Positioner(text, new LineIndex(text), file, lineOffset);
  const blocks: Block[] = [];
  for (const token of tokens) {
    const at = pos.next(token.raw);
    if (token.type === 'heading' && token.depth <= 2) {
      diagnostics.push(warning('a `#`/`##` heading inside a column is shown as a sub-heading', at));
    }
    blocks.push(...tokenToBlocks(token, at, diagnostics));
  }
  return blocks;
}

function inlineRuns(text: string, at: SourcePoint, diagnostics: Diagnostic[]): Inline[] {
  return inlineTokensToRuns(lexInline(text), at, diagnostics);
}

function tokenToBlocks(token: Token, at: SourcePoint, diagnostics: Diagnostic[]): Block[] {
  switch (token.type) {
    case 'space':
    case 'def':
    case 'hr':
      return [];
    case 'heading': {
      const { text, attrs } = splitHeadingAttrs(token.text);
      return [{ type: 'subheading', runs: inlineRuns(text, at, diagnostics), attrs, at }];
    }
    case 'paragraph': {
      const p = token as Tokens.Paragraph;
      const only = p.tokens.filter((t) => !(t.type === 'text' && t.raw.trim() === ''));
      if (only.length === 1 && only[0]!.type === 'image') {
        const img = only[0] as Tokens.Image;
        return [{ type: 'image', src: img.href, alt: img.text, ...(img.title ? { title: img.title } : {}), at }];
      }
      return [{ type: 'paragraph', runs: inlineTokensToRuns(p.tokens, at, diagnostics), at }];
    }
    case 'text':
      return [{ type: 'paragraph', runs: inlineTokensToRuns(token.tokens ?? [{ type: 'text', raw: token.raw, text: token.text }], at, diagnostics), at }];
    case 'list':
      return [{ type: 'list', ordered: (token as Tokens.List).ordered, items: listItems(token as Tokens.List, 0, at, diagnostics), at }];
    case 'blockquote':
      return [quoteBlock(token as Tokens.Blockquote, at, diagnostics)];
    case 'code': {
      const code = token as Tokens.Code;
      const lang = (code.lang ?? '').trim().split(/\s+/)[0]?.toLowerCase();
      if (lang === 'chart') {
        return [{ type: 'chart', yaml: code.text, at, bodyAt: { file: at.file, line: (at.line ?? 1) + 1, column: 1 } }];
      }
      return [{ type: 'code', lang: lang || undefined, text: code.text, at }];
    }
    case 'table': {
      const t = token as Tokens.Table;
      return [
        {
          type: 'table',
          align: t.align,
          header: t.header.map((c) => inlineTokensToRuns(c.tokens, at, diagnostics)),
          rows: t.rows.map((r) => r.map((c) => inlineTokensToRuns(c.tokens, at, diagnostics))),
          at,
        },
      ];
    }
    case 'html':
      if (token.raw.trim().startsWith('<!--')) return [];
      diagnostics.push(warning('raw HTML block dropped', at, 'write Markdown instead of HTML'));
      return [];
    default:
      return [{ type: 'paragraph', runs: [{ text: token.raw.trim() }], at }];
  }
}

function listItems(list: Tokens.List, level: number, listAt: SourcePoint, diagnostics: Diagnostic[]): ListItemBlock[] {
  const items: ListItemBlock[] = [];
  let line = listAt.line ?? 1;
  let offset = 0;
  // newlines are counted on from the last item found, not from the list's start for every item
  let counted = 0;
  let newlines = 0;
  for (const item of list.items) {
    const found = list.raw.indexOf(item.raw, offset);
    if (found >= 0) {
      newlines += countNewlines(list.raw, counted, found);
      counted = found;
      line = (listAt.line ?? 1) + newlines;
      offset = found + item.raw.length;
    }
    const at: SourcePoint = { file: listAt.file, line, column: undefined };
    const runs: Inline[] = [];
    const nested: ListItemBlock[] = [];
    for (const child of item.tokens) {
      if (child.type === 'list') {
        // marked dedents nested lists, so find the nested list by its first line's text.
        const firstLine = child.raw.split('\n')[0]!.trim();
        const childLine = line + countNewlines(item.raw, 0, Math.max(0, item.raw.indexOf(firstLine)));
        nested.push(...listItems(child as Tokens.List, level + 1, { file: listAt.file, line: childLine }, diagnostics));
      } else if (child.type === 'text' || child.type === 'paragraph') {
        if (runs.length) runs.push({ text: ' ' });
        runs.push(...inlineTokensToRuns((child as Tokens.Text).tokens ?? [child], at, diagnostics));
      } else if (child.type !== 'space') {
        runs.push({ text: child.raw.trim() });
      }
    }
    if (level > 2) {
      diagnostics.push(warning('bullets deeper than three levels are shown at the third level', at, 'flatten the list to three levels'));
    }
    items.push({ runs, level: Math.min(level, 2), at });
    items.push(...nested);
  }
  return items;
}

function quoteBlock(token: Tokens.Blockquote, at: SourcePoint, diagnostics: Diagnostic[]): Block {
  const lines = token.text.split('\n');
  let attribution: Inline[] | undefined;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const m = /^(?:—|--|―)\s*(.+)$/.exec(line);
    if (m) {
      attribution = inlineRuns(m[1]!, at, diagnostics);
      lines.splice(i);
    }
    break;
  }
  const body = blockLexer().lex(lines.join('\n'));
  const paragraphs: Inline[][] = [];
  for (const t of body) {
    if (t.type === 'paragraph') paragraphs.push(inlineTokensToRuns((t as Tokens.Paragraph).tokens, at, diagnostics));
    else if (t.type !== 'space') paragraphs.push([{ text: t.raw.trim() }]);
  }
  return { type: 'quote', paragraphs, attribution, at };
}

/** Line feeds in s[from, to). */
function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

export { runsToPlain };
