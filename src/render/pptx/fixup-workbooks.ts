/**
 * pptxgenjs writes each chart's embedded workbook (what PowerPoint's "Edit Data" opens) from
 * `value || ''`, so a 0 becomes an empty cell, and a missing value becomes `<v></v>` — in the
 * workbook and in the chart's own cache. Its table range also ends in a stray apostrophe
 * (`ref="A1:D11'"`), which Excel repairs on opening. The chart's cached numbers are right for
 * every non-missing point, so the workbook is mended from them.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { type PptxPackage, summarize } from './fixup-package.js';

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

function mendWorkbook(xlsx: Uint8Array, series: SeriesValues[]): Uint8Array | undefined {
  const files = unzipSync(xlsx);
  let changed = false;
  for (const name of Object.keys(files)) {
    const isSheet = /^xl\/worksheets\/sheet\d+\.xml$/.test(name);
    const isTable = /^xl\/tables\/table\d+\.xml$/.test(name);
    if (!isSheet && !isTable) continue;
    const xml = strFromU8(files[name]!);
    const fixed = isSheet ? mendSheet(xml, series) : xml.replace(/ref="([A-Z]+\d+:[A-Z]+\d+)'"/, 'ref="$1"');
    if (fixed !== xml) {
      files[name] = strToU8(fixed);
      changed = true;
    }
  }
  if (!changed) return undefined;
  const out: Zippable = {};
  // Stored, not deflated: the deck's own zip deflates the workbook as a whole, so compressing here
  // would only cost time.
  for (const [name, data] of Object.entries(files)) if (!name.endsWith('/')) out[name] = [data, { level: 0 }];
  return zipSync(out);
}

export function repairChartWorkbooks(pkg: PptxPackage): void {
  const mended: string[] = [];
  let emptyPoints = 0;
  for (const chart of pkg.names().filter((n) => CHART_PART.test(n))) {
    const xml = pkg.text(chart);
    const series = seriesValues(xml);
    // A missing value is an absent point in the cache; an empty one is read as zero by some readers.
    const withoutEmpty = xml.replace(EMPTY_POINT, () => {
      emptyPoints++;
      return '';
    });
    if (withoutEmpty !== xml) pkg.setText(chart, withoutEmpty);
    for (const rel of pkg.relationships(chart)) {
      if (rel.external || !/\.xlsx$/i.test(rel.part) || !pkg.has(rel.part)) continue;
      const fixed = mendWorkbook(pkg.data(rel.part), series);
      if (fixed) {
        pkg.setBytes(rel.part, fixed);
        mended.push(rel.part);
      }
    }
  }
  if (mended.length) pkg.note(`restored zeros, dropped empty cells and fixed the table range in ${summarize(mended)}`);
  if (emptyPoints) pkg.note(`dropped ${emptyPoints} empty chart cache point${emptyPoints > 1 ? 's' : ''}`);
}
