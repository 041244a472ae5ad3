/**
 * The fix-up pass: takes the zip pptxgenjs 4.0.1 writes and repairs what it gets wrong, so the deck
 * opens in PowerPoint without the repair prompt and every part validates against ECMA-376
 * (checked by ../shared/tools/validate-pptx in the tests).
 *
 * Each repair lives in a fixup-*.ts module next to this one and reports what it changed.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
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
function readPackage(zip: Uint8Array, repairs: string[]): PptxPackage {
  const entries = Object.entries(unzipSync(zip));
  const folders = entries.filter(([name]) => name.endsWith('/')).map(([name]) => name);
  const pkg = new PptxPackage(entries.filter(([name]) => !name.endsWith('/')), repairs);
  if (folders.length > 0) pkg.note(`dropped ${folders.length} folder entr${folders.length === 1 ? 'y' : 'ies'} from the zip: ${summarize(folders)}`);
  return pkg;
}

/**
 * pptxgenjs ignores `compression` in write()/writeFile() and stores every part; Office expects
 * DEFLATE. [Content_Types].xml goes first, as Office writes it; the rest keep their order.
 */
function writePackage(pkg: PptxPackage): Uint8Array {
  const files: Zippable = {};
  const names = pkg.names();
  for (const name of [CONTENT_TYPES, ...names.filter((n) => n !== CONTENT_TYPES)]) files[name] = [pkg.data(name), { level: DEFLATE_LEVEL }];
  return zipSync(files);
}

export function fixupPptx(zip: Uint8Array, report: FixupReport | FixupOptions = {}): Uint8Array {
  const options: FixupOptions = report;
  const pkg = readPackage(zip, options.repairs ?? []);
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
