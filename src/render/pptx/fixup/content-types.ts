/**
 * Defects in the `[Content_Types].xml` pptxgenjs 4.0.1 writes:
 * - one slideMaster Override per slide although only slideMaster1.xml exists (pptxgenjs #1444);
 *   PowerPoint treats an Override naming a missing part as a corrupt package;
 * - Defaults registered for media types the deck does not contain (#1449);
 * - `image/jpg`, which is not a registered MIME type;
 * - parts added by other repairs (a notes theme) need a content type of their own.
 */
import { attributeValue, findElements } from './xml.js';
import { type PptxPackage, plural, summarize } from './package.js';
import type { Repair } from './repair.js';

export const CONTENT_TYPES = '[Content_Types].xml';
const NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
const PML = 'application/vnd.openxmlformats-officedocument.presentationml';

/** Parts whose content type differs from `application/xml` and so need an Override (each ends in `.xml`). */
const OVERRIDES: Array<[RegExp, string]> = [
  [/^ppt\/presentation\.xml$/, `${PML}.presentation.main+xml`],
  [/^ppt\/slides\/slide\d+\.xml$/, `${PML}.slide+xml`],
  [/^ppt\/slideLayouts\/slideLayout\d+\.xml$/, `${PML}.slideLayout+xml`],
  [/^ppt\/slideMasters\/slideMaster\d+\.xml$/, `${PML}.slideMaster+xml`],
  [/^ppt\/notesMasters\/notesMaster\d+\.xml$/, `${PML}.notesMaster+xml`],
  [/^ppt\/notesSlides\/notesSlide\d+\.xml$/, `${PML}.notesSlide+xml`],
  [/^ppt\/handoutMasters\/handoutMaster\d+\.xml$/, `${PML}.handoutMaster+xml`],
  [/^ppt\/presProps\.xml$/, `${PML}.presProps+xml`],
  [/^ppt\/viewProps\.xml$/, `${PML}.viewProps+xml`],
  [/^ppt\/tableStyles\.xml$/, `${PML}.tableStyles+xml`],
  [/^ppt\/theme\/theme\d+\.xml$/, 'application/vnd.openxmlformats-officedocument.theme+xml'],
  [/^ppt\/charts\/chart\d+\.xml$/, 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml'],
  [/^docProps\/core\.xml$/, 'application/vnd.openxmlformats-package.core-properties+xml'],
  [/^docProps\/app\.xml$/, 'application/vnd.openxmlformats-officedocument.extended-properties+xml'],
];

const DEFAULTS: Record<string, string> = {
  rels: 'application/vnd.openxmlformats-package.relationships+xml',
  xml: 'application/xml',
  png: 'image/png',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  emf: 'image/x-emf',
  wmf: 'image/x-wmf',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  vml: 'application/vnd.openxmlformats-officedocument.vmlDrawing',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  bin: 'application/vnd.openxmlformats-officedocument.oleObject',
  fntdata: 'application/x-fontdata',
};

const MIME_FIXES: Record<string, string> = { 'image/jpg': 'image/jpeg' };

interface ContentTypes {
  defaults: Map<string, string>;
  overrides: Map<string, string>;
  /** Entries dropped while parsing because an earlier one named the same extension or part. */
  duplicates: number;
}

function extensionOf(part: string): string {
  const dot = part.lastIndexOf('.');
  return dot < 0 || dot < part.lastIndexOf('/') ? '' : part.slice(dot + 1).toLowerCase();
}

function parse(xml: string): ContentTypes {
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  const defaultSpans = findElements(xml, 'Default');
  const overrideSpans = findElements(xml, 'Override');
  for (const span of defaultSpans) {
    const extension = (attributeValue(xml, span, 'Extension') ?? '').toLowerCase();
    if (extension && !defaults.has(extension)) defaults.set(extension, attributeValue(xml, span, 'ContentType') ?? '');
  }
  for (const span of overrideSpans) {
    const part = (attributeValue(xml, span, 'PartName') ?? '').replace(/^\//, '');
    if (part && !overrides.has(part)) overrides.set(part, attributeValue(xml, span, 'ContentType') ?? '');
  }
  return { defaults, overrides, duplicates: defaultSpans.length + overrideSpans.length - defaults.size - overrides.size };
}

function serialize(types: ContentTypes): string {
  const defaults = [...types.defaults].map(([ext, type]) => `<Default Extension="${ext}" ContentType="${type}"/>`);
  const overrides = [...types.overrides].map(([part, type]) => `<Override PartName="/${part}" ContentType="${type}"/>`);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="${NS}">${defaults.join('')}${overrides.join('')}</Types>`;
}

function dropMissingOverrides(types: ContentTypes, parts: Set<string>, repairs: string[]): void {
  const missing = [...types.overrides.keys()].filter((part) => !parts.has(part.toLowerCase()));
  for (const part of missing) types.overrides.delete(part);
  if (missing.length > 0) repairs.push(`removed ${plural(missing.length, 'content-type override')} for parts that do not exist: ${summarize(missing.map((p) => `/${p}`))}`);
}

function dropUnusedDefaults(types: ContentTypes, parts: string[], repairs: string[]): void {
  const used = new Set(parts.map(extensionOf));
  const unused = [...types.defaults.keys()].filter((ext) => !used.has(ext));
  for (const ext of unused) types.defaults.delete(ext);
  if (unused.length > 0) repairs.push(`removed ${plural(unused.length, 'content-type default')} for extensions no part uses: ${unused.join(', ')}`);
}

function fixMimeTypes(types: ContentTypes, repairs: string[]): void {
  for (const map of [types.defaults, types.overrides]) {
    for (const [key, type] of map) {
      const fixed = MIME_FIXES[type];
      if (!fixed) continue;
      map.set(key, fixed);
      repairs.push(`content type ${type} for ${key} replaced by ${fixed}`);
    }
  }
}

function addMissingTypes(types: ContentTypes, parts: string[], repairs: string[]): void {
  const added: string[] = [];
  for (const part of parts) {
    if (part === CONTENT_TYPES || types.overrides.has(part)) continue;
    // every OVERRIDES pattern ends in `.xml`: the rels parts and media (most of a deck's parts) need no test
    const override = part.endsWith('.xml') ? OVERRIDES.find(([pattern]) => pattern.test(part))?.[1] : undefined;
    if (override) {
      types.overrides.set(part, override);
      added.push(`/${part}`);
      continue;
    }
    const ext = extensionOf(part);
    if (!types.defaults.has(ext)) {
      types.defaults.set(ext, DEFAULTS[ext] ?? 'application/octet-stream');
      added.push(`*.${ext}`);
    }
  }
  if (added.length > 0) repairs.push(`added content types for ${summarize(added)}`);
}

function repairContentTypes(pkg: PptxPackage): void {
  if (!pkg.has(CONTENT_TYPES)) throw new Error('fixup: the package has no [Content_Types].xml');
  const parts = pkg.names().filter((name) => name !== CONTENT_TYPES);
  const types = parse(pkg.text(CONTENT_TYPES));
  const repairs: string[] = [];
  if (types.duplicates > 0) repairs.push(`removed ${types.duplicates} duplicate entr${types.duplicates === 1 ? 'y' : 'ies'}`);
  dropMissingOverrides(types, new Set(parts.map((p) => p.toLowerCase())), repairs);
  dropUnusedDefaults(types, parts, repairs);
  fixMimeTypes(types, repairs);
  addMissingTypes(types, parts, repairs);
  if (repairs.length === 0) return;
  pkg.setText(CONTENT_TYPES, serialize(types));
  for (const repair of repairs) pkg.note(`[Content_Types].xml: ${repair}`);
}

/** Last of all: other repairs add parts (a notes theme, a template's layouts) that need types. */
export function contentTypesRepair(): Repair {
  return { name: '[Content_Types].xml', after: ({ pkg }) => repairContentTypes(pkg) };
}
