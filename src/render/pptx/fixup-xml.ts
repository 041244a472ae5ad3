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

interface Tag {
  kind: 'open' | 'close' | 'self';
  name: string;
  start: number;
  end: number;
}

/** Index just past the `>` closing the tag that starts at `from`, skipping `>` inside quoted values. */
function tagEnd(xml: string, from: number): number {
  let quote = '';
  for (let i = from + 1; i < xml.length; i++) {
    const ch = xml[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '>') {
      return i + 1;
    }
  }
  return xml.length;
}

/** End index of a comment, processing instruction, CDATA section or doctype starting at `from`. */
function markupEnd(xml: string, from: number): number {
  const close = xml.startsWith('<!--', from) ? '-->' : xml.startsWith('<![CDATA[', from) ? ']]>' : xml[from + 1] === '?' ? '?>' : '>';
  const at = xml.indexOf(close, from);
  return at < 0 ? xml.length : at + close.length;
}

function* tags(xml: string, from: number, to: number): Generator<Tag> {
  let i = xml.indexOf('<', from);
  while (i >= 0 && i < to) {
    const next = xml[i + 1];
    if (next === '!' || next === '?') {
      i = xml.indexOf('<', markupEnd(xml, i));
      continue;
    }
    const end = tagEnd(xml, i);
    const closing = next === '/';
    const nameStart = closing ? i + 2 : i + 1;
    let nameEnd = nameStart;
    while (nameEnd < end && !/[\s/>]/.test(xml[nameEnd]!)) nameEnd++;
    const name = xml.slice(nameStart, nameEnd);
    const kind = closing ? 'close' : xml[end - 2] === '/' ? 'self' : 'open';
    yield { kind, name, start: i, end };
    i = xml.indexOf('<', end);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Finds the matching end tag of the element whose start tag ends at `openEnd`. */
function closeOf(xml: string, name: string, openEnd: number): { closeStart: number; end: number } {
  let depth = 1;
  for (const tag of tags(xml, openEnd, xml.length)) {
    if (tag.name !== name || tag.kind === 'self') continue;
    depth += tag.kind === 'open' ? 1 : -1;
    if (depth === 0) return { closeStart: tag.start, end: tag.end };
  }
  return { closeStart: xml.length, end: xml.length };
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
  for (const tag of tags(xml, parent.openEnd, parent.closeStart)) {
    if (tag.kind === 'self') {
      if (depth === 0) children.push({ name: tag.name, start: tag.start, openEnd: tag.end, closeStart: tag.end, end: tag.end, selfClosing: true });
    } else if (tag.kind === 'open') {
      if (depth === 0) open = { name: tag.name, start: tag.start, openEnd: tag.end };
      depth++;
    } else {
      depth--;
      if (depth === 0 && open) {
        children.push({ ...open, closeStart: tag.start, end: tag.end, selfClosing: false });
        open = undefined;
      }
    }
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

export function attributeValue(xml: string, span: Span, name: string): string | undefined {
  return attributes(xml, span).find(([key]) => key === name)?.[1];
}

export function serializeElement(name: string, attrs: Array<[string, string]>, inner: string): string {
  const head = `<${name}${attrs.map(([key, value]) => ` ${key}="${value.replace(/"/g, '&quot;')}"`).join('')}`;
  return inner ? `${head}>${inner}</${name}>` : `${head}/>`;
}
