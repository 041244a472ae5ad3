/**
 * Chart workbooks (ppt/embeddings/*.xlsx, what PowerPoint's "Edit Data" opens). pptxgenjs 4.0.1
 * writes each from `value || ''`, so a 0 becomes an empty cell, and a missing value becomes
 * `<v></v>`, in the workbook and in the chart's own cache. Its table range also ends in a stray
 * apostrophe (`ref="A1:D11'"`), which Excel repairs on opening. The chart's cached numbers are
 * right for every non-missing point, so the workbook is mended from them. Characters XML 1.0
 * forbids (see chars.ts) are removed from the workbook's XML here too, so each workbook is opened
 * and zipped once.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { cleanXmlText } from './chars.js';
import { plural, summarize } from './package.js';
import type { Repair } from './repair.js';

const CHART_PART = /^ppt\/charts\/chart\d+\.xml$/;
const EMPTY_POINT = /<c:pt idx="\d+">\s*<c:v>\s*<\/c:v>\s*<\/c:pt>/g;

interface SeriesValues {
  column: string;
  firstRow: number;
  values: Map<number, string>;
}

/** Values of every numeric series of a chart, keyed by the worksheet column its formula names. */
function seriesValues(chartXml: string): SeriesValues[] {
  const out: SeriesValues[] = [];
  for (const ref of chartXml.matchAll(/<c:numRef>\s*<c:f>[^<!]*!\$([A-Z]+)\$(\d+):\$[A-Z]+\$\d+<\/c:f>\s*<c:numCache>([\s\S]*?)<\/c:numCache>/g)) {
    const values = new Map<number, string>();
    for (const pt of ref[3]!.matchAll(/<c:pt idx="(\d+)">\s*<c:v>([^<]+)<\/c:v>/g)) values.set(Number(pt[1]), pt[2]!.trim());
    out.push({ column: ref[1]!, firstRow: Number(ref[2]), values });
  }
  return out;
}

function mendSheet(sheet: string, series: SeriesValues[]): string {
  const byColumn = new Map(series.map((s) => [s.column, s]));
  return sheet.replace(/<c r="([A-Z]+)(\d+)"([^>]*)><v><\/v><\/c>/g, (cell, col: string, row: string) => {
    const s = byColumn.get(col);
    const value = s?.values.get(Number(row) - s.firstRow);
    // A missing value is an absent cell, as Excel writes it; an empty <v> reads as an error.
    return value === undefined ? '' : `<c r="${col}${row}"><v>${value}</v></c>`;
  });
}

interface Mended {
  data: Uint8Array;
  cleaned: boolean;
  mended: boolean;
}

/** undefined when the workbook needs nothing (or is not a zip). */
function repairWorkbook(xlsx: Uint8Array, series: SeriesValues[] | undefined): Mended | undefined {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(xlsx);
  } catch {
    return undefined;
  }
  let cleaned = false;
  let mended = false;
  for (const name of Object.keys(files)) {
    if (!name.endsWith('.xml') && !name.endsWith('.rels')) continue;
    const text = strFromU8(files[name]!);
    let xml = cleanXmlText(text);
    if (xml !== text) cleaned = true;
    const clean = xml;
    if (series && /^xl\/worksheets\/sheet\d+\.xml$/.test(name)) xml = mendSheet(xml, series);
    else if (series && /^xl\/tables\/table\d+\.xml$/.test(name)) xml = xml.replace(/ref="([A-Z]+\d+:[A-Z]+\d+)'"/, 'ref="$1"');
    if (xml !== clean) mended = true;
    if (xml !== text) files[name] = strToU8(xml);
  }
  if (!cleaned && !mended) return undefined;
  const out: Zippable = {};
  // Stored, not deflated: the deck's own zip deflates the workbook as a whole, so compressing here
  // would only cost time.
  for (const [name, data] of Object.entries(files)) if (!name.endsWith('/')) out[name] = [data, { level: 0 }];
  return { data: zipSync(out), cleaned, mended };
}

export function chartWorkbooksRepair(): Repair {
  /** Each workbook's chart values, by workbook part. */
  const seriesOf = new Map<string, SeriesValues[]>();
  let emptyPoints = 0;
  return {
    name: 'chart workbooks: lost zeros, empty cells, table range',
    parts: CHART_PART,
    part: (xml, chart, { pkg }) => {
      const series = seriesValues(xml);
      for (const rel of pkg.relationships(chart)) if (!rel.external && /\.xlsx$/i.test(rel.part)) seriesOf.set(rel.part, series);
      // A missing value is an absent point in the cache; an empty one is read as zero by some readers.
      return xml.replace(EMPTY_POINT, () => {
        emptyPoints++;
        return '';
      });
    },
    after: ({ pkg }) => {
      const mended: string[] = [];
      const cleaned: string[] = [];
      for (const name of pkg.names()) {
        if (!/\.xlsx$/i.test(name)) continue;
        const fixed = repairWorkbook(pkg.data(name), seriesOf.get(name));
        if (!fixed) continue;
        pkg.setBytes(name, fixed.data);
        if (fixed.mended) mended.push(name);
        if (fixed.cleaned) cleaned.push(name);
      }
      if (cleaned.length) pkg.note(`removed characters XML 1.0 forbids (and escaped stray &) in ${plural(cleaned.length, 'workbook')}: ${summarize(cleaned)}`);
      if (mended.length) pkg.note(`restored zeros, dropped empty cells and fixed the table range in ${summarize(mended)}`);
      if (emptyPoints) pkg.note(`dropped ${emptyPoints} empty chart cache point${emptyPoints > 1 ? 's' : ''}`);
    },
  };
}
