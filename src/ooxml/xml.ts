/**
 * A quick reader for the plain XML of OOXML parts, giving exactly the object fast-xml-parser gives
 * with package.ts's options (element prefixes dropped, attributes as `@name` strings, text trimmed,
 * the five named entities decoded, `isArray` names always arrays). A build on a PowerPoint file
 * reads a hundred or more parts once per process, where fast-xml-parser's general machinery runs
 * cold and took a fifth of a first build. Anything outside plain XML (comments, CDATA, a DOCTYPE,
 * processing instructions other than the declaration, entities other than the five named ones,
 * names that fast-xml-parser guards against) gives undefined, and the caller uses fast-xml-parser. A test
 * compares the two on every part of several real templates and on the edge cases.
 */

export type Xml = Record<string, unknown>;

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** Names fast-xml-parser refuses or renames: left to it. */
const GUARDED = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);
/** fast-xml-parser's default nesting limit (it throws beyond it). */
const MAX_DEPTH = 100;

class Unsupported extends Error {}

/**
 * The library decodes the five named entities and keeps numeric references as written (it decodes
 * them only when asked to); a reference it would remove (NUL, C0 controls, surrogates) or an
 * entity it does not know is left to it.
 */
function decode(s: string): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let last = 0;
  while (amp >= 0) {
    const semi = s.indexOf(';', amp);
    if (semi < 0 || semi - amp > 32) throw new Unsupported();
    const token = s.slice(amp + 1, semi);
    if (token.charCodeAt(0) === 35 /* # */) {
      const x = token.charCodeAt(1) === 120 || token.charCodeAt(1) === 88;
      const cp = x ? parseInt(token.slice(2), 16) : parseInt(token.slice(1), 10);
      if (!(cp >= 0x20 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) throw new Unsupported();
      out += s.slice(last, semi + 1);
    } else {
      const named = NAMED[token];
      if (named === undefined) throw new Unsupported();
      out += s.slice(last, amp) + named;
    }
    last = semi + 1;
    amp = s.indexOf('&', last);
  }
  return out + s.slice(last);
}

interface Frame {
  raw: string;
  name: string;
  attrs: string[] | undefined;
  obj: Xml;
  text: string;
}

function addChild(obj: Xml, name: string, value: unknown, isArray: (name: string) => boolean): void {
  if (Object.prototype.hasOwnProperty.call(obj, name)) {
    const have = obj[name];
    if (Array.isArray(have)) have.push(value);
    else obj[name] = [have, value];
  } else obj[name] = isArray(name) ? [value] : value;
}

function valueOf(frame: Frame): unknown {
  const { obj, attrs, text } = frame;
  if (text.length > 0) obj['#text'] = text;
  if (attrs) {
    for (let i = 0; i < attrs.length; i += 2) obj[attrs[i]!] = attrs[i + 1];
    return obj;
  }
  let keys = 0;
  for (const _ in obj) if (++keys > 1) break;
  if (keys === 0) return '';
  if (keys === 1 && text.length > 0) return text;
  return obj;
}

const ATTRIBUTE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const SPACE = /\s*/y;

/** Attributes of a tag as [`@name`, value, …]; undefined when there are none. */
function attributesOf(s: string, from: number): string[] | undefined {
  let attrs: string[] | undefined;
  let at = from;
  for (;;) {
    SPACE.lastIndex = at;
    SPACE.exec(s);
    at = SPACE.lastIndex;
    if (at >= s.length) return attrs;
    ATTRIBUTE.lastIndex = at;
    const m = ATTRIBUTE.exec(s);
    if (!m) throw new Unsupported();
    at = ATTRIBUTE.lastIndex;
    (attrs ??= []).push(`@${m[1]}`, decode((m[2] ?? m[3]!).trim()));
  }
}

/** The parsed part, or undefined when it holds something this reader leaves to fast-xml-parser. */
export function parsePlainXml(text: string, isArray: (name: string) => boolean): Xml | undefined {
  try {
    return parse(text, isArray);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

function parse(input: string, isArray: (name: string) => boolean): Xml {
  // line ends normalised first, as XML (and the library) does
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  const root: Frame = { raw: '', name: '', attrs: undefined, obj: {}, text: '' };
  const stack: Frame[] = [root];
  let top = root;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const segment = text.slice(i, end).trim();
      if (segment.length > 0) {
        if (top === root) throw new Unsupported();
        top.text += decode(segment);
      }
    }
    if (lt < 0) break;
    const c = text.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      const gt = text.indexOf('>', lt);
      if (gt < 0 || top === root || text.slice(lt + 2, gt).trim() !== top.raw) throw new Unsupported();
      stack.pop();
      const parent = stack[stack.length - 1]!;
      addChild(parent.obj, top.name, valueOf(top), isArray);
      top = parent;
      i = gt + 1;
      continue;
    }
    if (c === 63 /* ? */) {
      // only the XML declaration, before the root
      const close = text.indexOf('?>', lt);
      if (close < 0 || top !== root || !/^<\?xml\s/.test(text.slice(lt, lt + 6))) throw new Unsupported();
      const attrs = attributesOf(text.slice(lt + 5, close), 0);
      if (!attrs) throw new Unsupported();
      addChild(root.obj, '?xml', valueOf({ raw: '?xml', name: '?xml', attrs, obj: {}, text: '' }), isArray);
      i = close + 2;
      continue;
    }
    if (c === 33 /* ! */) throw new Unsupported();
    // an opening tag: its end is the first '>' outside quotes
    let gt = lt + 1;
    for (; gt < n; gt++) {
      const ch = text.charCodeAt(gt);
      if (ch === 62 /* > */) break;
      if (ch === 34 /* " */ || ch === 39 /* ' */) {
        gt = text.indexOf(ch === 34 ? '"' : "'", gt + 1);
        if (gt < 0) throw new Unsupported();
      }
    }
    if (gt >= n) throw new Unsupported();
    const selfClosing = text.charCodeAt(gt - 1) === 47;
    const inner = text.slice(lt + 1, selfClosing ? gt - 1 : gt);
    let nameEnd = 0;
    for (let ch = inner.charCodeAt(0); nameEnd < inner.length && ch !== 32 && ch !== 10 && ch !== 13 && ch !== 9; ch = inner.charCodeAt(++nameEnd));
    const raw = inner.slice(0, nameEnd);
    const name = raw.slice(raw.indexOf(':') + 1);
    if (!name || GUARDED.has(name)) throw new Unsupported();
    const frame: Frame = { raw, name, attrs: attributesOf(inner, nameEnd), obj: {}, text: '' };
    if (selfClosing) addChild(top.obj, name, valueOf(frame), isArray);
    else {
      if (stack.length > MAX_DEPTH) throw new Unsupported();
      stack.push(frame);
      top = frame;
    }
    i = gt + 1;
  }
  if (top !== root) throw new Unsupported();
  return root.obj;
}
