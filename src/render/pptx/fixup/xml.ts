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

type TagKind = 'open' | 'close' | 'self';

/** Return true to stop scanning. */
type TagVisitor = (kind: TagKind, name: string, start: number, end: number) => boolean | void;

/**
 * One token per match: markup to skip (comment, CDATA, processing instruction, doctype) or a tag,
 * with quoted attribute values taken whole so a `>` inside one does not end the tag.
 */
const TOKEN_SOURCE = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<![^>]*>|<(\/?)([^\s/>]+)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/.source;
// Shared: scans never nest (a visitor never starts another scan).
const TOKEN = new RegExp(TOKEN_SOURCE, 'g');
const TAG_AT = new RegExp(TOKEN_SOURCE, 'y');

function scanTags(xml: string, from: number, to: number, visit: TagVisitor): void {
  TOKEN.lastIndex = from;
  let match: RegExpExecArray | null;
  while ((match = TOKEN.exec(xml)) !== null && match.index < to) {
    const name = match[2];
    if (name === undefined) continue;
    const kind: TagKind = match[1] ? 'close' : match[3] ? 'self' : 'open';
    if (visit(kind, name, match.index, TOKEN.lastIndex)) return;
  }
}

/** Index just past the `>` of the tag starting at `from`. */
function tagEnd(xml: string, from: number): number {
  TAG_AT.lastIndex = from;
  return TAG_AT.exec(xml) ? TAG_AT.lastIndex : xml.length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Next start (`<name`) or end (`</name`) tag of exactly `name` at or after `from`, or -1. */
function nextTagOf(xml: string, prefix: string, from: number): number {
  let at = xml.indexOf(prefix, from);
  while (at >= 0 && !/[\s/>]/.test(xml[at + prefix.length] ?? '')) at = xml.indexOf(prefix, at + 1);
  return at;
}

/**
 * Finds the matching end tag of the element whose start tag ends at `openEnd`. Searching for the
 * name alone is sound because `<` never occurs unescaped in text or attribute values, and
 * pptxgenjs writes no comments or CDATA.
 */
function closeOf(xml: string, name: string, openEnd: number): { closeStart: number; end: number } {
  let depth = 1;
  let at = openEnd;
  for (;;) {
    const close = nextTagOf(xml, `</${name}`, at);
    if (close < 0) return { closeStart: xml.length, end: xml.length };
    const open = nextTagOf(xml, `<${name}`, at);
    if (open >= 0 && open < close) {
      at = tagEnd(xml, open);
      if (xml[at - 2] !== '/') depth++;
      continue;
    }
    at = xml.indexOf('>', close) + 1;
    if (--depth === 0) return { closeStart: close, end: at };
  }
}

/** Every outermost element named `name` (e.g. `a:p`) inside `[from, to)`. */
export function findElements(xml: string, name: string, from = 0, to = xml.length): Span[] {
  const found: Span[] = [];
  const startTag = new RegExp(`<${escapeRegExp(name)}(?=[\\s/>])`, 'g');
  startTag.lastIndex = from;
  let match: RegExpExecArray | null;
  while ((match = startTag.exec(xml)) !== null && match.index < to) {
    const start = match.index;
    const openEnd = tagEnd(xml, start);
    const selfClosing = xml[openEnd - 2] === '/';
    const { closeStart, end } = selfClosing ? { closeStart: openEnd, end: openEnd } : closeOf(xml, name, openEnd);
    found.push({ name, start, openEnd, closeStart, end, selfClosing });
    startTag.lastIndex = end;
  }
  return found;
}

/** Direct children of `parent`, in document order. */
export function childElements(xml: string, parent: Span): Span[] {
  const children: Span[] = [];
  let depth = 0;
  let open: { name: string; start: number; openEnd: number } | undefined;
  scanTags(xml, parent.openEnd, parent.closeStart, (kind, name, start, end) => {
    if (kind === 'self') {
      if (depth === 0) children.push({ name, start, openEnd: end, closeStart: end, end, selfClosing: true });
    } else if (kind === 'open') {
      if (depth === 0) open = { name, start, openEnd: end };
      depth++;
    } else {
      depth--;
      if (depth === 0 && open) {
        children.push({ ...open, closeStart: start, end, selfClosing: false });
        open = undefined;
      }
    }
  });
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

export function attributeValue(xml: string, span: Span, name: string): string | undefined {
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
