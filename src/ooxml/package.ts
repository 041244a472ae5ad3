/**
 * An OOXML package (a .pptx or .potx) read from bytes: its parts, their relationships and XML.
 * Shared by the template import, `template inspect`, the template loader and the PPTX graft, so
 * that a PowerPoint file is read one way everywhere. Pure: bytes in, model out; problems are
 * returned as messages for the caller to place at the file.
 */
import { strFromU8 } from 'fflate';
import type { XMLParser } from 'fast-xml-parser';
import { createRequire } from 'node:module';
import { crc32, inflateRawSync } from 'node:zlib';
import { normalisedCustomPath } from './geometry.js';

/** Larger files are refused before unzipping: a template is masters, layouts and a few pictures. */
export const MAX_PACKAGE_BYTES = 100 * 1024 * 1024;

export const PML_MAIN = 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml';
export const PML_TEMPLATE_MAIN = 'application/vnd.openxmlformats-officedocument.presentationml.template.main+xml';

export interface Rel {
  id: string;
  type: string;
  target: string;
  /** Package path of the target (no leading slash); empty for external targets. */
  part: string;
  external: boolean;
}

export type Xml = Record<string, unknown>;

/** A problem with the file as a whole, with what the user can do about it. */
export class PackageProblem extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ARRAYS = new Set(['Relationship', 'sldMasterId', 'sldLayoutId', 'sldId', 'sp', 'pic', 'grpSp', 'graphicFrame', 'cxnSp', 'font', 'gs', 'Override', 'Default', 'p', 'r', 'fld', 'br']);

let xmlParser: XMLParser | undefined;

/**
 * Made on first use, from node_modules (not bundled): a build on a JSON template reads no XML, and
 * one on a PowerPoint file whose reading is cached (template/load-base.ts) reads none either.
 */
function parser(): XMLParser {
  if (!xmlParser) {
    const { XMLParser: Parser } = createRequire(import.meta.url)('fast-xml-parser') as typeof import('fast-xml-parser');
    // Element prefixes go (a:, p: are fixed by the standard), attribute prefixes stay: `id` and `r:id` differ.
    xmlParser = new Parser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      parseAttributeValue: false,
      parseTagValue: false,
      transformTagName: (name) => name.slice(name.indexOf(':') + 1),
      isArray: (name) => ARRAYS.has(name),
      // the callbacks read only the tag name: no path string built per element and attribute (a fifth of the parse)
      jPath: false,
    });
  }
  return xmlParser;
}

/** A zip entry as the file holds it: its DEFLATE bytes, with the CRC-32 and size of what they inflate to. */
export interface CompressedEntry {
  deflated: Uint8Array;
  crc: number;
  size: number;
}

export class OoxmlPackage {
  private readonly parsed = new Map<string, Xml | undefined>();
  private readonly relCache = new Map<string, Rel[]>();

  constructor(
    readonly parts: Readonly<Record<string, Uint8Array>>,
    private readonly compressedParts: ReadonlyMap<string, CompressedEntry> = new Map(),
  ) {}

  /**
   * The part's DEFLATE bytes as the file holds them, when they inflate to exactly the part (its
   * size and the zip's CRC-32 agree): copied unchanged into another zip, they need no deflating.
   */
  compressed(part: string): CompressedEntry | undefined {
    const entry = this.compressedParts.get(part);
    const data = this.parts[part];
    if (!entry || !data || data.length !== entry.size || (crc32(data) >>> 0) !== entry.crc) return undefined;
    return entry;
  }

  has(part: string): boolean {
    return part in this.parts;
  }

  names(): string[] {
    return Object.keys(this.parts);
  }

  bytes(part: string): Uint8Array | undefined {
    return this.parts[part];
  }

  text(part: string): string | undefined {
    const data = this.parts[part];
    return data ? strFromU8(data) : undefined;
  }

  /**
   * The part parsed (element prefixes removed, attributes as `@name`); undefined when missing or not
   * XML. `slim` first drops what a model of masters and layouts never reads (drawing paths, the text
   * of shapes that are no placeholders, all but a placeholder's first paragraph): a master of a
   * designed template is mostly that, and a general XML parser is slow on it.
   */
  xml(part: string, slim = false): Xml | undefined {
    if (this.parsed.has(part)) return this.parsed.get(part);
    let value: Xml | undefined;
    const raw = this.text(part);
    const text = slim && raw !== undefined ? slimmed(raw) : raw;
    try {
      value = text === undefined ? undefined : (parser().parse(text) as Xml);
    } catch {
      value = undefined;
    }
    this.parsed.set(part, value);
    return value;
  }

  rels(source: string): Rel[] {
    const cached = this.relCache.get(source);
    if (cached) return cached;
    const rels = asArray(get(this.xml(relsPartOf(source)), 'Relationships', 'Relationship')).flatMap((r): Rel[] => {
      const target = get(r, '@Target');
      if (typeof target !== 'string') return [];
      const external = get(r, '@TargetMode') === 'External';
      return [{ id: String(get(r, '@Id') ?? ''), type: String(get(r, '@Type') ?? ''), target, external, part: external ? '' : resolveTarget(source, target) }];
    });
    this.relCache.set(source, rels);
    return rels;
  }

  /** The content type a part has in [Content_Types].xml (its Override, else its extension's Default). */
  contentType(part: string): string | undefined {
    const types = this.xml('[Content_Types].xml');
    const override = asArray(get(types, 'Types', 'Override')).find((o) => String(get(o, '@PartName') ?? '').replace(/^\//, '') === part);
    if (override) return String(get(override, '@ContentType'));
    const ext = part.slice(part.lastIndexOf('.') + 1).toLowerCase();
    const def = asArray(get(types, 'Types', 'Default')).find((d) => String(get(d, '@Extension') ?? '').toLowerCase() === ext);
    return def ? String(get(def, '@ContentType')) : undefined;
  }
}

function slimmed(xml: string): string {
  return xml
    // a drawing's path becomes one compact attribute: only the preview draws it
    .replace(/<a:custGeom>[\s\S]*?<\/a:custGeom>/g, (geom) => {
      const d = normalisedCustomPath(geom);
      return d ? `<a:custGeom d="${d}"/>` : '';
    })
    .replace(/<(p|a):extLst>[\s\S]*?<\/\1:extLst>/g, '')
    .replace(/<p:sp>[\s\S]*?<\/p:sp>/g, (sp) => {
      if (sp.includes('<p:ph')) return sp.replace(/(<p:txBody>[\s\S]*?<\/a:p>)[\s\S]*?(<\/p:txBody>)/, '$1$2');
      return sp.replace(/<p:txBody>[\s\S]*?<\/p:txBody>/, '').replace(/<p:style>[\s\S]*?<\/p:style>/, '');
    });
}

/**
 * Opens a package, telling apart the files people hand over instead of one: an old binary .ppt and
 * a password-protected PowerPoint file are both OLE compound files, not zips.
 */
export function openPackage(bytes: Uint8Array): OoxmlPackage {
  if (bytes.length > MAX_PACKAGE_BYTES) {
    throw new PackageProblem(`the file is ${(bytes.length / 1024 / 1024).toFixed(0)} MB, over brief's limit of ${MAX_PACKAGE_BYTES / 1024 / 1024} MB for a template`, 'a template holds masters, layouts and a few pictures: save a copy without the example slides and their media (or compress its pictures in PowerPoint)');
  }
  if (OLE_MAGIC.every((b, i) => bytes[i] === b)) {
    if (isEncryptedOoxml(bytes)) {
      throw new PackageProblem('the file is password-protected (an encrypted PowerPoint package)', 'open it in PowerPoint, remove the password (File › Info › Protect Presentation › Encrypt with Password, clear it) and save it again');
    }
    throw new PackageProblem('the file is an old binary PowerPoint file (.ppt/.pot), not a .pptx or .potx', 'open it in PowerPoint or LibreOffice and save it as .pptx (or .potx), then use that file');
  }
  let parts: Record<string, Uint8Array>;
  const compressed = new Map<string, CompressedEntry>();
  try {
    parts = unzip(bytes, compressed);
  } catch {
    throw new PackageProblem('not a PowerPoint file: it is not a zip package', 'use a .pptx or .potx saved by PowerPoint, Keynote, Google Slides or LibreOffice');
  }
  return new OoxmlPackage(parts, compressed);
}

/**
 * The entries of a zip, inflated by Node's zlib: a designed template's pictures make up most of its
 * bytes, and a JavaScript inflate (fflate's) took a tenth of a build on it. Reads the central
 * directory (sizes and offsets as the zip states them); throws on anything that is not a zip.
 * `compressed`, when given, receives each deflated entry's bytes as stored, with the CRC-32 and
 * size the directory states (OoxmlPackage.compressed checks them before they are reused).
 */
export function unzip(bytes: Uint8Array, compressed?: Map<string, CompressedEntry>): Record<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  // the end record may be followed by a comment of up to 65,535 bytes
  while (end >= 0 && end >= bytes.length - 22 - 0xffff && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0 || end < bytes.length - 22 - 0xffff) throw new Error('no end of central directory');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const stored = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (view.getUint32(local, true) !== 0x04034b50) throw new Error('bad local header');
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + stored);
    if (data.length !== stored) throw new Error('entry past the end of the file');
    if (method === 0) files[name] = data;
    else if (method === 8) {
      files[name] = new Uint8Array(inflateRawSync(data));
      compressed?.set(name, { deflated: data, crc, size });
    }
    else throw new Error(`compression method ${method}`);
  }
  return files;
}

/** An encrypted OOXML file is an OLE compound file whose directory names an `EncryptedPackage` stream. */
function isEncryptedOoxml(bytes: Uint8Array): boolean {
  const name = Buffer.from('EncryptedPackage', 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(name) >= 0;
}

export function relsPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

export function resolveTarget(source: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const segments = source.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

// Parsed XML is untyped by nature; these two walk it safely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function get(value: unknown, ...keys: string[]): any {
  let v: unknown = value;
  for (const k of keys) v = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Xml)[k] : undefined;
  return v;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v];
}
