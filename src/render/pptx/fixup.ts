/**
 * The fix-up pass: takes the zip pptxgenjs 4.0.1 writes and repairs what it gets wrong, so the deck
 * opens in PowerPoint without the repair prompt and every part validates against ECMA-376
 * (checked by ../shared/tools/validate-pptx in the tests).
 *
 * Each repair lives in a fixup-*.ts module next to this one and reports what it changed.
 */
import { Zip, unzipSync, type ZipInputFile } from 'fflate';
import { crc32, deflateRawSync } from 'node:zlib';
import { escapeCompanyName, stripInvalidXmlCharacters } from './fixup-chars.js';
import { repairCharts } from './fixup-charts.js';
import { repairChartWorkbooks } from './fixup-workbooks.js';
import { CONTENT_TYPES, repairContentTypes } from './fixup-content-types.js';
import { emptyNotesMasters, giveMastersOwnThemes } from './fixup-notes.js';
import { PptxPackage, summarize } from './fixup-package.js';
import { reorderPresentation, repairSlideParts } from './fixup-slides.js';
import { setRunEastAsianFont, setThemeEastAsianFont } from './fixup-theme.js';
import { type ThemeScheme, applyThemeScheme } from './fixup-theme-colors.js';

export interface FixupReport {
  /** Human-readable list of what was repaired (for tests and debugging). */
  repairs: string[];
}

/** A FixupReport is a FixupOptions too: pass one to collect the repairs. */
export interface FixupOptions {
  /** Receives the human-readable list of what was repaired. */
  repairs?: string[];
  /** Typeface for the theme's East Asian font slots, which pptxgenjs leaves empty. */
  eastAsianFont?: string;
  /** The template's colours for the slide master's theme (not a repair: pptxgenjs has no way to set them). */
  themeColors?: ThemeScheme;
}

const DEFLATE_LEVEL = 6;

/**
 * pptxgenjs (JSZip) writes a zip entry for every folder; an OPC package holds parts only, and
 * PowerPoint reports folder entries as unreadable content (#1449).
 */
function readPackage(entries: [string, Uint8Array][], repairs: string[]): PptxPackage {
  const folders = entries.filter(([name]) => name.endsWith('/')).map(([name]) => name);
  const pkg = new PptxPackage(entries.filter(([name]) => !name.endsWith('/')), repairs);
  if (folders.length > 0) pkg.note(`dropped ${folders.length} folder entr${folders.length === 1 ? 'y' : 'ies'} from the zip: ${summarize(folders)}`);
  return pkg;
}

/**
 * pptxgenjs ignores `compression` in write()/writeFile() and stores every part; Office expects
 * DEFLATE. [Content_Types].xml goes first, as Office writes it; the rest keep their order.
 * Parts are deflated by Node's native zlib (about three times faster than a JavaScript deflate on
 * a large deck) and framed by fflate's Zip, which accepts pre-compressed entries.
 */
function writePackage(pkg: PptxPackage): Uint8Array {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  const names = pkg.names();
  for (const name of [CONTENT_TYPES, ...names.filter((n) => n !== CONTENT_TYPES)]) {
    const data = pkg.data(name);
    const entry: ZipInputFile = { filename: name, size: data.length, crc: crc32(data), compression: 8 };
    zip.add(entry);
    entry.ondata!(null, deflateRawSync(data, { level: DEFLATE_LEVEL }), true);
  }
  zip.end();
  if (failure) throw failure;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

export function fixupPptx(zip: Uint8Array, report: FixupReport | FixupOptions = {}): Uint8Array {
  return fixupParts(Object.entries(unzipSync(zip)), report);
}

/** The fix-up pass on parts that were never zipped (see capture.ts): the same repairs, one zip. */
export function fixupParts(entries: [string, Uint8Array][], report: FixupReport | FixupOptions = {}): Uint8Array {
  const options: FixupOptions = report;
  const pkg = readPackage(entries, options.repairs ?? []);
  escapeCompanyName(pkg);
  stripInvalidXmlCharacters(pkg);
  reorderPresentation(pkg);
  giveMastersOwnThemes(pkg);
  setThemeEastAsianFont(pkg, options.eastAsianFont);
  setRunEastAsianFont(pkg, options.eastAsianFont);
  applyThemeScheme(pkg, options.themeColors);
  emptyNotesMasters(pkg);
  repairSlideParts(pkg);
  repairCharts(pkg);
  repairChartWorkbooks(pkg);
  // Last: earlier repairs add parts (a notes theme) that need content types.
  repairContentTypes(pkg);
  return writePackage(pkg);
}
