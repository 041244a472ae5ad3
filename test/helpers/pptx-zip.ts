/**
 * Small zip readers for tests on .pptx packages. They read the zip themselves (central directory)
 * so tests can check what the fix-up pass wrote without trusting its own code.
 */
import { strFromU8, unzipSync, zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  compressedSize: number;
  size: number;
}

const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

/** Entries in central-directory order, with their compression method. */
export function zipEntries(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== END_OF_CENTRAL_DIRECTORY) eocd--;
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== CENTRAL_HEADER) throw new Error(`bad central directory header at ${at}`);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    entries.push({
      name: strFromU8(zip.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export function isXmlPart(name: string): boolean {
  return name.endsWith('.xml') || name.endsWith('.rels');
}

/** Every XML part (.xml, .rels) of the package, name → text. */
export function readXmlParts(zip: Uint8Array): Map<string, string> {
  const parts = new Map<string, string>();
  for (const [name, data] of Object.entries(unzipSync(zip))) if (isXmlPart(name)) parts.set(name, new TextDecoder().decode(data));
  return parts;
}

/** Every entry, name → bytes, in zip order. */
export function readEntries(zip: Uint8Array): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(zip)));
}

/** Builds a zip the way pptxgenjs does (stored, given order): for crafting defective inputs. */
export function writeStoredZip(entries: Map<string, Uint8Array | string>): Uint8Array {
  const files: Zippable = {};
  for (const [name, data] of entries) files[name] = [typeof data === 'string' ? new TextEncoder().encode(data) : data, { level: 0 }];
  return zipSync(files);
}

/** Text of `name`, failing the test with the part list when it is absent. */
export function part(parts: Map<string, string>, name: string): string {
  const text = parts.get(name);
  if (text === undefined) throw new Error(`no part ${name}; parts: ${[...parts.keys()].join(', ')}`);
  return text;
}

/** Every match of a whole element `<name ...>...</name>` or `<name .../>` (no same-name nesting). */
export function elementsNamed(xml: string, name: string): string[] {
  const escaped = name.replace(/[.:]/g, '\\$&');
  const pattern = new RegExp(`<${escaped}(?:\\s[^>]*?)?(?:/>|>[\\s\\S]*?</${escaped}>)`, 'g');
  return xml.match(pattern) ?? [];
}

/** Names of the direct children of the first `<parent>` element, in order. */
export function childNames(xml: string, parent: string): string[] {
  const element = elementsNamed(xml, parent)[0];
  if (!element) throw new Error(`no <${parent}>`);
  const inner = element.slice(element.indexOf('>') + 1, element.lastIndexOf('</'));
  const names: string[] = [];
  let depth = 0;
  for (const match of inner.matchAll(/<(\/?)([\w:.-]+)[^>]*?(\/?)>/g)) {
    const [, closing, tag, selfClosing] = match;
    if (closing) depth--;
    else {
      if (depth === 0) names.push(tag!);
      if (!selfClosing) depth++;
    }
  }
  return names;
}

export function slideParts(parts: Map<string, string>, folder = 'slides'): string[] {
  return [...parts.keys()].filter((name) => new RegExp(`^ppt/${folder}/[^/]+\\.xml$`).test(name));
}
