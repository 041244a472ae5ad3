/**
 * The unzipped package the fix-up passes work on: parts in their original zip order, decoded to
 * text only when a pass asks for them, re-encoded only when a pass changed them. Parts may also
 * come as text (what pptxgenjs built, see capture.ts): those are encoded once, at the end.
 */
import { relsPartOf, resolveTarget } from '../../../ooxml/package.js';
import { attributeValue, findElements } from './xml.js';

// One OOXML path arithmetic for the template reader and the fix-up.
export { relsPartOf, resolveTarget };

const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });
const UTF8_LENIENT = new TextDecoder('utf-8');
const UTF8_ENCODER = new TextEncoder();
const NO_BYTES = new Uint8Array(0);

export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
  /** Package path the target resolves to (no leading slash); empty for external targets. */
  part: string;
}

/** A part as the zip holds it: its content when deflated, uncompressed size, CRC-32, DEFLATE bytes. */
export interface Deflated {
  content: Uint8Array | string;
  size: number;
  crc: number;
  deflated: Uint8Array;
}

export class PptxPackage {
  private readonly order: string[] = [];
  private readonly bytes = new Map<string, Uint8Array>();
  private readonly texts = new Map<string, string>();
  private readonly dirty = new Set<string>();

  constructor(
    entries: Iterable<[string, Uint8Array | string]>,
    readonly repairs: string[],
  ) {
    for (const [name, data] of entries) {
      this.order.push(name);
      if (typeof data === 'string') {
        this.bytes.set(name, NO_BYTES);
        this.texts.set(name, data);
        this.dirty.add(name);
      } else this.bytes.set(name, data);
    }
  }

  names(): string[] {
    return [...this.order];
  }

  has(name: string): boolean {
    return this.bytes.has(name);
  }

  isXml(name: string): boolean {
    return name.endsWith('.xml') || name.endsWith('.rels');
  }

  text(name: string): string {
    const cached = this.texts.get(name);
    if (cached !== undefined) return cached;
    const data = this.bytes.get(name);
    if (!data) throw new Error(`fixup: no part ${name}`);
    let text: string;
    try {
      text = UTF8_STRICT.decode(data);
    } catch {
      // A part that is not UTF-8 cannot be read by PowerPoint at all; U+FFFD keeps the rest of it.
      text = UTF8_LENIENT.decode(data);
      this.dirty.add(name);
      this.note(`${name}: replaced bytes that were not UTF-8`);
    }
    this.texts.set(name, text);
    return text;
  }

  setText(name: string, text: string): void {
    if (!this.bytes.has(name)) {
      this.order.push(name);
      this.bytes.set(name, new Uint8Array());
    }
    this.texts.set(name, text);
    this.dirty.add(name);
  }

  setBytes(name: string, data: Uint8Array): void {
    if (!this.bytes.has(name)) this.order.push(name);
    this.bytes.set(name, data);
    this.texts.delete(name);
    this.dirty.delete(name);
  }

  remove(name: string): void {
    const at = this.order.indexOf(name);
    if (at >= 0) this.order.splice(at, 1);
    this.bytes.delete(name);
    this.texts.delete(name);
    this.dirty.delete(name);
  }

  data(name: string): Uint8Array {
    if (this.dirty.has(name)) {
      this.bytes.set(name, UTF8_ENCODER.encode(this.texts.get(name)!));
      this.dirty.delete(name);
    }
    const data = this.bytes.get(name);
    if (!data) throw new Error(`fixup: no part ${name}`);
    return data;
  }

  /** The part as text when it was last set or repaired as text, else its bytes (no encoding). */
  content(name: string): Uint8Array | string {
    if (this.dirty.has(name)) return this.texts.get(name)!;
    const data = this.bytes.get(name);
    if (!data) throw new Error(`fixup: no part ${name}`);
    return data;
  }

  note(repair: string): void {
    this.repairs.push(repair);
  }

  /**
   * The relationships of `source`; with `typeEnding` (`/theme`), only those whose Type ends so:
   * the others are not read further (most callers want one type, and a deck has a rels part per
   * slide and per notes slide).
   */
  relationships(source: string, typeEnding?: string): Relationship[] {
    const relsName = relsPartOf(source);
    if (!this.has(relsName)) return [];
    const xml = this.text(relsName);
    const out: Relationship[] = [];
    for (const span of findElements(xml, 'Relationship')) {
      const type = attributeValue(xml, span, 'Type') ?? '';
      if (typeEnding !== undefined && !type.endsWith(typeEnding)) continue;
      const target = attributeValue(xml, span, 'Target') ?? '';
      const external = attributeValue(xml, span, 'TargetMode') === 'External';
      out.push({ id: attributeValue(xml, span, 'Id') ?? '', type, target, external, part: external ? '' : resolveTarget(source, target) });
    }
    return out;
  }

  /** The Ids of the relationships of `source`, and nothing else read. */
  relationshipIds(source: string): Set<string> {
    const relsName = relsPartOf(source);
    const ids = new Set<string>();
    if (!this.has(relsName)) return ids;
    const xml = this.text(relsName);
    for (const span of findElements(xml, 'Relationship')) ids.add(attributeValue(xml, span, 'Id') ?? '');
    return ids;
  }
}

/** Relative target from `source` to `part`, as PowerPoint writes them (`../theme/theme2.xml`). */
export function relativeTarget(source: string, part: string): string {
  const from = source.split('/').slice(0, -1);
  const to = part.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...Array(from.length - common).fill('..'), ...to.slice(common)].join('/');
}

/** "a, b, c and 7 more" — keeps reports readable for 500-slide decks. */
export function summarize(items: string[], max = 4): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
