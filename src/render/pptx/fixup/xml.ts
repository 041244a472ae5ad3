/**
 * Minimal string-level XML scanning for the fix-up pass.
 *
 * The parts pptxgenjs writes are machine-generated, namespace prefixes are fixed (a:, p:, c:) and
 * text content is entity-escaped, so a tag scanner is enough to locate elements precisely. Building
 * a DOM for every slide of a 500-slide deck would cost far more than the few targeted edits need.
 */

export interface Span {
  name: string;
  /** Index of `<` of the start tag. */
  start: number;
  /** Index just past the start tag's `>`. */
  openEnd: number;
  /** Index of `<` of the end tag (equals `openEnd` when self-closing). */
  closeStart: number;
  /** Index just past the element. */
  end: number;
  selfClosing: boolean;
}

export interface Edit {
  start: number;
  end: number;
  text: string;
}

const GT = 0x3e; // >
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;

/** Whitespace, `/` or `>`: what may follow an element name in a tag. */
function endsName(code: number): boolean {
  return code === 0x20 || code === GT || code === SLASH || code === 0x0a || code === 0x09 || code === 0x0d;
}

/**
 * Index just past the `>` of the tag whose `<` is at `from`, a quoted attribute value taken whole
 * so that a `>` inside one does not end the tag. Character codes, not a regular expression: the
 * fix-up scans every tag of every slide, and a match array per tag was most of its garbage.
 */
function tagEnd(xml: string, from: number): number {
  const length = xml.length;
  for (let i = from + 1; i < length; i++) {
    const code = xml.charCodeAt(i);
    if (code === GT) return i + 1;
    if (code === QUOTE || code === APOSTROPHE) {
      const close = xml.indexOf(code === QUOTE ? '"' : "'", i + 1);
      if (close < 0) return length;
      i = close;
    }
  }
  return length;
}

/** Index just past markup that is not an element (comment, CDATA, processing instruction, doctype) at `from`. */
function skipMarkup(xml: string, from: number): number {
  const [close, extra] = xml.startsWith('<!--', from) ? ['-->', 3] : xml.startsWith('<![CDATA[', from) ? [']]>', 3] : xml.charCodeAt(from + 1) === QUESTION ? ['?>', 2] : ['>', 1];
  const at = xml.indexOf(close, from + 2);
  return at < 0 ? xml.length : at + extra;
}

/** Index where the element name starting at `from` ends. */
function nameEnd(xml: string, from: number): number {
  const length = xml.length;
  let i = from;
  while (i < length && !endsName(xml.charCodeAt(i))) i++;
  return i;
}

/** Next start (`<name`) or end (`</name`) tag of exactly `name` at or after `from`, or -1. */
function nextTagOf(xml: string, prefix: string, from: number): number {
  let at = xml.indexOf(prefix, from);
  while (at >= 0 && !endsName(xml.charCodeAt(at + prefix.length))) at = xml.indexOf(prefix, at + 1);
  return at;
}

/**
 * Finds the matching end tag of the element whose start tag ends at `openEnd`. Searching for the
 * name alone is sound because `<` never occurs unescaped in text or attribute values, and
 * pptxgenjs writes no comments or CDATA.
 */
function closeOf(xml: string, name: string, openEnd: number): { closeStart: number; end: number } {
  const openPrefix = `<${name}`;
  const closePrefix = `</${name}`;
  let depth = 1;
  let at = openEnd;
  for (;;) {
    const close = nextTagOf(xml, closePrefix, at);
    if (close < 0) return { closeStart: xml.length, end: xml.length };
    // a start tag of the same name before that end tag, looked for up to it only (a slice shares
    // the characters): most elements do not nest, and the next one of the name may be far on
    const open = nextTagOf(xml.slice(0, close), openPrefix, at);
    if (open >= 0) {
      at = tagEnd(xml, open);
      if (xml.charCodeAt(at - 2) !== SLASH) depth++;
      continue;
    }
    const gt = xml.indexOf('>', close);
    if (gt < 0) return { closeStart: close, end: xml.length };
    at = gt + 1;
    if (--depth === 0) return { closeStart: close, end: at };
  }
}

/** Every outermost element named `name` (e.g. `a:p`) inside `[from, to)`. */
export function findElements(xml: string, name: string, from = 0, to = xml.length): Span[] {
  const found: Span[] = [];
  const prefix = `<${name}`;
  // Start tags are looked for in the range only: searching the whole text for an element a shape
  // does not have cost a scan to the end of the slide per shape. (A slice shares the characters.)
  const within = to < xml.length ? xml.slice(0, to) : xml;
  let start = nextTagOf(within, prefix, from);
  while (start >= 0) {
    const openEnd = tagEnd(xml, start);
    const selfClosing = xml.charCodeAt(openEnd - 2) === SLASH;
    if (selfClosing) found.push({ name, start, openEnd, closeStart: openEnd, end: openEnd, selfClosing });
    else {
      const { closeStart, end } = closeOf(xml, name, openEnd);
      found.push({ name, start, openEnd, closeStart, end, selfClosing });
    }
    start = nextTagOf(within, prefix, found[found.length - 1]!.end);
  }
  return found;
}

/** The element whose start tag's `<` is at `start` (found by some other search, e.g. indexOf). */
export function elementAt(xml: string, start: number): Span {
  const name = xml.slice(start + 1, nameEnd(xml, start + 1));
  const openEnd = tagEnd(xml, start);
  if (xml.charCodeAt(openEnd - 2) === SLASH) return { name, start, openEnd, closeStart: openEnd, end: openEnd, selfClosing: true };
  const { closeStart, end } = closeOf(xml, name, openEnd);
  return { name, start, openEnd, closeStart, end, selfClosing: false };
}

/** Index of the next start tag of exactly `name` (`<a:p`, not `<a:pPr`) at or after `from`, or -1. */
export function nextStartTag(xml: string, name: string, from: number): number {
  return nextTagOf(xml, `<${name}`, from);
}

/** Index of the last start tag of exactly `name` that begins before `before`, or -1. */
export function previousStartTag(xml: string, name: string, before: number): number {
  if (before <= 0) return -1;
  const prefix = `<${name}`;
  let at = xml.lastIndexOf(prefix, before - 1);
  while (at >= 0 && !endsName(xml.charCodeAt(at + prefix.length))) at = at === 0 ? -1 : xml.lastIndexOf(prefix, at - 1);
  return at;
}

/**
 * Direct children of `parent`, in document order; comments, CDATA and processing instructions
 * between them are skipped. Each child's end is found by its name, as findElements finds it, not
 * by reading every tag inside it: a run holds a dozen tags, and paragraphs are read child by child.
 */
export function childElements(xml: string, parent: Span): Span[] {
  const children: Span[] = [];
  const to = parent.closeStart;
  let at = xml.indexOf('<', parent.openEnd);
  while (at >= 0 && at < to) {
    const next = xml.charCodeAt(at + 1);
    if (next === BANG || next === QUESTION) {
      at = xml.indexOf('<', skipMarkup(xml, at));
      continue;
    }
    const nameStop = nameEnd(xml, at + 1);
    if (next === SLASH || nameStop === at + 1) {
      // an end tag with no start here (not well-formed), or a `<` that starts no tag
      at = xml.indexOf('<', at + 1);
      continue;
    }
    const name = xml.slice(at + 1, nameStop);
    const openEnd = tagEnd(xml, at);
    if (xml.charCodeAt(openEnd - 2) === SLASH) {
      children.push({ name, start: at, openEnd, closeStart: openEnd, end: openEnd, selfClosing: true });
      at = xml.indexOf('<', openEnd);
      continue;
    }
    const { closeStart, end } = closeOf(xml, name, openEnd);
    children.push({ name, start: at, openEnd, closeStart, end, selfClosing: false });
    at = xml.indexOf('<', end);
  }
  return children;
}

export function firstChild(xml: string, parent: Span, name: string): Span | undefined {
  return childElements(xml, parent).find((child) => child.name === name);
}

/** Applies non-overlapping edits (any order) and returns the new text. */
export function applyEdits(xml: string, edits: Edit[]): string {
  if (edits.length === 0) return xml;
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    out += xml.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + xml.slice(at);
}

/** Attributes of the start tag of `span`, in source order, values left escaped. */
export function attributes(xml: string, span: Span): Array<[string, string]> {
  const head = xml.slice(span.start + 1 + span.name.length, span.selfClosing ? span.openEnd - 2 : span.openEnd - 1);
  const out: Array<[string, string]> = [];
  const attr = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let match: RegExpExecArray | null;
  while ((match = attr.exec(head)) !== null) out.push([match[1]!, match[3] ?? match[4] ?? '']);
  return out;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

/**
 * One attribute's value (escaped), read off the start tag without building the list of all of
 * them: `name="value"` pairs as every writer of these parts writes them. Anything else in the tag
 * goes to `attributes`, which reads it the general way.
 */
export function attributeValue(xml: string, span: Span, name: string): string | undefined {
  const end = span.selfClosing ? span.openEnd - 2 : span.openEnd - 1;
  let i = span.start + 1 + span.name.length;
  for (;;) {
    while (i < end && isSpace(xml.charCodeAt(i))) i++;
    if (i >= end) return undefined;
    const key = i;
    while (i < end && xml.charCodeAt(i) !== 0x3d /* = */ && !isSpace(xml.charCodeAt(i))) i++;
    const quote = xml.charCodeAt(i + 1);
    if (xml.charCodeAt(i) !== 0x3d || (quote !== QUOTE && quote !== APOSTROPHE)) break;
    const close = xml.indexOf(quote === QUOTE ? '"' : "'", i + 2);
    if (close < 0 || close >= end) break;
    if (i - key === name.length && xml.startsWith(name, key)) return xml.slice(i + 2, close);
    i = close + 1;
  }
  return attributes(xml, span).find(([key]) => key === name)?.[1];
}

export function serializeElement(name: string, attrs: Array<[string, string]>, inner: string): string {
  const head = `<${name}${attrs.map(([key, value]) => ` ${key}="${value.replace(/"/g, '&quot;')}"`).join('')}`;
  return inner ? `${head}>${inner}</${name}>` : `${head}/>`;
}

/**
 * Every `a:srgbClr` inside `span` replaced by `scheme` (an `a:schemeClr` element): a colour the
 * Deck holds as a theme colour. The colour's own transforms (an area's `a:alpha`) are kept, after
 * the scheme colour's (CT_SchemeColor takes any sequence of them).
 */
export function schemeColorEdits(xml: string, span: Span, scheme: string): Edit[] {
  return findElements(xml, 'a:srgbClr', span.start, span.end).map((c) => {
    const own = c.selfClosing ? '' : xml.slice(c.openEnd, c.closeStart).trim();
    if (!own) return { start: c.start, end: c.end, text: scheme };
    const text = scheme.endsWith('/>') ? `${scheme.slice(0, -2)}>${own}</a:schemeClr>` : scheme.replace(/<\/a:schemeClr>$/, `${own}</a:schemeClr>`);
    return { start: c.start, end: c.end, text };
  });
}
