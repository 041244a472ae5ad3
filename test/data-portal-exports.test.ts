/**
 * The README's "Real trade data" recipe against exports shaped like real portals' (generated here
 * from seeded synthetic numbers: test data, not real trade figures): UN Comtrade's bulk CSV (a BOM,
 * CRLF, quoted descriptions with commas, HS codes with leading zeros and TOTAL, refYear), a KITA
 * K-stat-style workbook and CSV (a title above Korean headers, a note below, thousands separators,
 * CP949), and UTF-16. Each rule that made them readable is checked with its exact diagnostic.
 */
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../src/content/manifest.js';
import { parseDataSet } from '../src/data/load.js';
import { applyTransforms } from '../src/data/transform.js';
import { parseWorkbookDataSet } from '../src/data/xlsx.js';
import type { DataSet, DataSetSpec, TransformStep } from '../src/data/types.js';
import { makeBriefing, runCli } from './helpers/briefing.js';
import { comtradeCsv, comtradeRows, encodeCp949, kstatCsv, kstatRows, kstatXlsx, KSTAT_NOTE } from './helpers/portal-exports.js';
import { decode, readPptxParts, slideNames } from './helpers/unzip.js';

const at = { file: 'deck.yaml', line: 4, column: 3 };
const spec = (file: string, extra: Partial<DataSetSpec> = {}): DataSetSpec => ({ file, at, ...extra });
const round = (x: number) => Number(x.toPrecision(12));
const column = (ds: DataSet, name: string) => ds.columns.find((c) => c.name === name)!;
const steps = (...list: [string, unknown][]): TransformStep[] => list.map(([kind, value]) => ({ kind, value, at }));

const COMTRADE = comtradeRows();
const KSTAT = kstatRows();

describe('UN Comtrade bulk CSV', () => {
  it('reads as it comes: BOM, CRLF, descriptions with commas, codes with leading zeros kept as text, refYear a year', () => {
    const r = parseDataSet('comtrade', spec('data/comtrade.csv'), comtradeCsv(COMTRADE), { long: true });
    expect(r.diagnostics).toEqual([]);
    const ds = r.dataset!;
    expect(ds.columns[0]!.name).toBe('typeCode');
    expect(column(ds, 'refYear').type).toBe('year');
    expect(column(ds, 'cmdCode').type).toBe('text');
    expect(column(ds, 'cmdCode').values.slice(0, 5)).toEqual(['TOTAL', '85', '27', '03', '8542']);
    expect(column(ds, 'cmdDesc').values[1]).toBe('Electrical machinery and equipment and parts thereof; sound recorders and reproducers, television image and sound recorders');
    expect(column(ds, 'primaryValue').values).toEqual(COMTRADE.map((x) => x.value));

    const shaped = applyTransforms(
      ds,
      steps(['filter', 'partnerDesc == "China" and cmdCode == "TOTAL"'], ['group', { by: ['refYear', 'flowDesc'], sum: ['primaryValue'] }], ['pivot', { index: 'refYear', columns: 'flowDesc', values: 'primaryValue' }]),
    );
    expect(shaped.diagnostics).toEqual([]);
    const want = (flow: string) => Array.from({ length: 10 }, (_, i) => round(COMTRADE.filter((x) => x.year === 2015 + i && x.flow === flow && x.partner === 'China' && x.code === 'TOTAL').reduce((a, x) => a + x.value, 0)));
    expect(shaped.dataset!.columns.map((c) => c.name)).toEqual(['refYear', 'Export', 'Import']);
    expect(column(shaped.dataset!, 'refYear').type).toBe('year');
    expect(column(shaped.dataset!, 'Export').values).toEqual(want('Export'));
    expect(column(shaped.dataset!, 'Import').values).toEqual(want('Import'));
  });

  it('codes without a leading zero beside TOTAL: five cells named, the rest counted in one error whose hint is text: [cmdCode]; with it, the codes are text', () => {
    const bytes = comtradeCsv(COMTRADE, false);
    const r = parseDataSet('comtrade', spec('data/comtrade.csv'), bytes, { long: true });
    // field 15's column, counted in the text (nothing before it is quoted)
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '').split('\r\n');
    const column15 = (line: number) => text[line - 1]!.split(',').slice(0, 14).join(',').length + 2;
    const lines = COMTRADE.filter((x) => x.code !== '03').flatMap((x, i) => (x.code === 'TOTAL' ? [i + 2] : []));
    expect(r.diagnostics.map((d) => [d.message, d.at])).toEqual([
      ...lines.slice(0, 5).map((line) => [`line ${line}, column "cmdCode" (field 15): "TOTAL" is not a number`, { file: 'data/comtrade.csv', line, column: column15(line) }]),
      [`${lines.length - 5} more cells of column "cmdCode" are not numbers (lines ${lines.slice(5, 10).join(', ')}, …)`, { file: 'data/comtrade.csv', line: 2, column: column15(2) }],
    ]);
    expect(r.diagnostics[5]!.hint).toBe('"TOTAL" in a column of numbers: if "cmdCode" holds codes or labels rather than quantities, read it as text with `text: [cmdCode]` in the dataset\'s entry in deck.yaml');
    const fixed = parseDataSet('comtrade', spec('data/comtrade.csv', { text: ['cmdCode'] }), bytes, { long: true });
    expect(fixed.diagnostics).toEqual([]);
    expect(column(fixed.dataset!, 'cmdCode').values.slice(0, 4)).toEqual(['TOTAL', '85', '27', '8542']);
  });

  it('text: naming a column the file lacks is an error at the list, with a did-you-mean', () => {
    const r = parseDataSet('comtrade', spec('data/comtrade.csv', { text: ['cmdcode'], textAt: { file: 'deck.yaml', line: 6, column: 11 } }), comtradeCsv(COMTRADE), { long: true });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toBe('"text" names a column "cmdcode" that data/comtrade.csv does not have');
    expect(r.diagnostics[0]!.at).toEqual({ file: 'deck.yaml', line: 6, column: 11 });
    expect(r.diagnostics[0]!.hint).toMatch(/^did you mean "cmdCode"\? its columns are "typeCode", "freqCode", /);
  });
});

describe('KITA K-stat-style exports', () => {
  const kstatWant = (ds: DataSet) => {
    expect(ds.columns.map((c) => [c.name, c.type])).toEqual([['년도', 'year'], ['수출금액', 'number'], ['수입금액', 'number'], ['수지', 'number']]);
    expect(column(ds, '년도').values).toEqual(KSTAT.map((x) => x.year));
    expect(column(ds, '수출금액').values).toEqual(KSTAT.map((x) => x.exports));
    expect(column(ds, '수지').values).toEqual(KSTAT.map((x) => x.exports - x.imports));
  };

  it('.xlsx with a title above the header: an error naming the header row; with header: 3 the note below is left out silently', () => {
    const bytes = kstatXlsx(KSTAT);
    const r = parseWorkbookDataSet('kstat', spec('data/kstat.xlsx'), bytes);
    expect(r.diagnostics).toEqual([
      {
        severity: 'error',
        message: 'row 1 ("국가별 수출입 실적 (단위: 천달러)") looks like a title, not the header: row 3 holds the column names ("년도", "수출금액", "수입금액", "수지")',
        hint: "start at the header with `header: 3` in the dataset's entry in deck.yaml (the rows above it are left out)",
        at: { file: 'data/kstat.xlsx!수출입실적!A1' },
      },
    ]);
    const ok = parseWorkbookDataSet('kstat', spec('data/kstat.xlsx', { header: 3 }), bytes);
    expect(ok.diagnostics).toEqual([]);
    kstatWant(ok.dataset!);
    expect(ok.dataset!.rowLines).toEqual(KSTAT.map((_, i) => 4 + i));
  });

  it('a header row outside the sheet is an error at header:', () => {
    const r = parseWorkbookDataSet('kstat', spec('data/kstat.xlsx', { header: 40, headerAt: { file: 'deck.yaml', line: 5, column: 13 } }), kstatXlsx(KSTAT));
    expect(r.diagnostics.map((d) => [d.message, d.at])).toEqual([['header row 40 is outside the data of sheet "수출입실적" of data/kstat.xlsx, which fills A1:D15', { file: 'deck.yaml', line: 5, column: 13 }]]);
  });

  it('CSV in CP949: an error at the first byte that is not UTF-8 naming the encoding; with encoding: cp949 and header: 3 the numbers with thousands separators are read', () => {
    const bytes = encodeCp949(kstatCsv(KSTAT));
    const r = parseDataSet('kstat', spec('data/kstat.csv'), bytes);
    expect(r.diagnostics).toEqual([
      {
        severity: 'error',
        message: 'data/kstat.csv is not UTF-8 text: byte 0xB1 at line 1, column 1 is not part of a UTF-8 character',
        hint: 'it reads as Korean text in CP949 (EUC-KR), as Korean statistics portals and Excel on Korean Windows save CSV: add `encoding: cp949` to dataset "kstat" in deck.yaml, or save the file as CSV UTF-8 (in Excel: File › Save As › CSV UTF-8)',
        at: { file: 'data/kstat.csv', line: 1, column: 1 },
      },
    ]);
    const titled = parseDataSet('kstat', spec('data/kstat.csv', { encoding: 'cp949' }), bytes);
    expect(titled.diagnostics.map((d) => [d.message, d.hint, d.at])).toEqual([
      [
        'line 1 ("국가별 수출입 실적 (단위: 천달러)") looks like a title, not the header: line 3 holds the column names ("년도", "수출금액", "수입금액", "수지")',
        "start at the header with `header: 3` in the dataset's entry in deck.yaml (the rows above it are left out)",
        { file: 'data/kstat.csv', line: 1, column: 1 },
      ],
    ]);
    const ok = parseDataSet('kstat', spec('data/kstat.csv', { encoding: 'CP949', header: 3 }), bytes);
    expect(ok.diagnostics).toEqual([]);
    kstatWant(ok.dataset!);
    // the same file saved as UTF-8 by the portal needs no encoding
    expect(parseDataSet('kstat', spec('data/kstat.csv', { header: 3 }), Buffer.from(kstatCsv(KSTAT))).dataset!.columns[1]!.values).toEqual(KSTAT.map((x) => x.exports));
  });

  it('an unknown encoding, and a header line with no row, are errors at their place in deck.yaml', () => {
    const bad = parseDataSet('kstat', spec('data/kstat.csv', { encoding: 'korean-ish', encodingAt: { file: 'deck.yaml', line: 5, column: 15 } }), Buffer.from('a,b\n1,2\n'));
    expect(bad.diagnostics.map((d) => [d.message, d.at, d.hint])).toEqual([
      ['dataset "kstat": unknown encoding "korean-ish"', { file: 'deck.yaml', line: 5, column: 15 }, 'name the encoding the file was saved in, e.g. utf-8, cp949 (= euc-kr, Korean), gbk or gb18030 (Chinese), big5, shift_jis, windows-1252'],
    ]);
    const gap = parseDataSet('kstat', spec('data/kstat.csv', { header: 2, headerAt: { file: 'deck.yaml', line: 5, column: 13 } }), Buffer.from(kstatCsv(KSTAT)));
    expect(gap.diagnostics.map((d) => [d.message, d.at])).toEqual([['header: line 2 of data/kstat.csv holds no row (it is empty, inside a quoted value or past the end)', { file: 'deck.yaml', line: 5, column: 13 }]]);
  });
});

describe('notes under the data, and other encodings', () => {
  it('a text-only last row after a blank line is left out with a warning; without the blank line it is data', () => {
    const apart = parseDataSet('t', spec('data/t.csv'), 'year,exports,imports\n2023,1,2\n2024,3,4\n\nFigures are provisional\n');
    expect(apart.diagnostics.map((d) => [d.severity, d.message, d.at])).toEqual([
      ['warning', 'the row below the data is read as a note and left out: line 5 ("Figures are provisional")', { file: 'data/t.csv', line: 5, column: 1 }],
    ]);
    expect(apart.dataset!.rowLines).toEqual([2, 3]);
    const marked = parseDataSet('t', spec('data/t.csv'), `year,exports\n2023,1\n2024,3\n${KSTAT_NOTE}\nSource: synthetic\n`);
    expect(marked.diagnostics).toEqual([]);
    expect(marked.dataset!.rowLines).toEqual([2, 3]);
    const data = parseDataSet('t', spec('data/t.csv'), 'product,exports,imports\nChips,1,2\nOther,,\n');
    expect(data.diagnostics).toEqual([]);
    expect(data.dataset!.columns[0]!.values).toEqual(['Chips', 'Other']);
  });

  it('UTF-16 with a byte-order mark (Excel\'s "Unicode Text") is read', () => {
    const text = 'year\t수출\n2023\t1.5\n2024\t2.5\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r = parseDataSet('t', spec('data/t.tsv'), utf16);
    expect(r.diagnostics).toEqual([]);
    expect(r.dataset!.columns.map((c) => [c.name, c.values])).toEqual([['year', [2023, 2024]], ['수출', [1.5, 2.5]]]);
  });

  it('deck.yaml: header must be a line number, text a list of column names', () => {
    const { diagnostics } = parseManifest('title: T\ndata:\n  a: { file: data/a.csv, header: 0 }\n  b: { file: data/b.csv, text: { x: 1 } }\n  c: { file: data/c.csv, encoding: cp949, header: 3, text: [cmdCode] }\n', 'deck.yaml');
    expect(diagnostics.map((d) => [d.message, d.at])).toEqual([
      ['"header" of dataset "a" must be a line number (a whole number from 1)', { file: 'deck.yaml', line: 3, column: 34 }],
      ['"text" of dataset "b" must list column names', { file: 'deck.yaml', line: 4, column: 32 }],
    ]);
    const ok = parseManifest('title: T\ndata:\n  c: { file: data/c.csv, encoding: cp949, header: 3, text: [cmdCode] }\n', 'deck.yaml');
    expect(ok.diagnostics).toEqual([]);
    expect(ok.manifest!.data['c']).toMatchObject({ encoding: 'cp949', header: 3, text: ['cmdCode'] });
  });
});

/** The values of each chart's series, in slide order. */
function chartValues(file: string): { categories: string[]; values: number[] }[][] {
  const parts = readPptxParts(file);
  const out: { categories: string[]; values: number[] }[][] = [];
  for (const slide of slideNames(parts)) {
    const rels = parts.get(slide.replace('slides/', 'slides/_rels/') + '.rels') ?? '';
    for (const m of rels.matchAll(/Target="(?:\.\.\/|\/ppt\/)charts\/(chart\d+\.xml)"/g)) {
      const xml = parts.get(`ppt/charts/${m[1]}`)!;
      out.push(
        [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((s) => {
          const pts = (tag: string) => [...(new RegExp(`<c:${tag}>([\\s\\S]*?)</c:${tag}>`).exec(s[1]!)?.[1] ?? '').matchAll(/<c:pt idx="\d+">\s*<c:v>([^<]*)<\/c:v>/g)].map((p) => decode(p[1]!));
          return { categories: pts('cat'), values: pts('val').map(Number) };
        }),
      );
    }
  }
  return out;
}

describe('the recipe end to end (the real CLI)', () => {
  it('Comtrade CSV and a K-stat workbook in one briefing: charts equal sums computed here', () => {
    const dir = makeBriefing({
      'deck.yaml': `title: Portal exports (synthetic test data)
data:
  comtrade: { file: data/comtrade.csv, source: UN Comtrade (synthetic) }
  by_year:
    from: comtrade
    transform:
      - filter: partnerDesc == "China" and cmdCode == "TOTAL"
      - group: { by: [refYear, flowDesc], sum: [primaryValue] }
      - pivot: { index: refYear, columns: flowDesc, values: primaryValue }
  kstat: { file: data/kstat.xlsx, header: 3, source: KITA (synthetic) }
`,
      '01.md': '## Comtrade\n\n```chart\ntype: column\ndata: by_year\ny: [Export, Import]\n```\n\n## K-stat\n\n```chart\ntype: column\ndata: kstat\ny: [수출금액, 수입금액]\n```\n\n- 2024 수지: {{ kstat.수지[2024] }}\n',
    });
    mkdirSync(path.join(dir, 'data'), { recursive: true });
    writeFileSync(path.join(dir, 'data/comtrade.csv'), comtradeCsv(COMTRADE));
    writeFileSync(path.join(dir, 'data/kstat.xlsx'), kstatXlsx(KSTAT));
    const r = runCli(['build', '.', '-o', 'out.pptx'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/warning/);
    const [comtrade, kstat] = chartValues(path.join(dir, 'out.pptx'));
    const years = Array.from({ length: 10 }, (_, i) => String(2015 + i));
    const sum = (flow: string, y: number) => round(COMTRADE.filter((x) => x.year === y && x.flow === flow && x.partner === 'China' && x.code === 'TOTAL').reduce((a, x) => a + x.value, 0));
    expect(comtrade![0]!.categories).toEqual(years);
    expect(comtrade![0]!.values).toEqual(years.map((y) => sum('Export', Number(y))));
    expect(comtrade![1]!.values).toEqual(years.map((y) => sum('Import', Number(y))));
    expect(kstat![0]!.categories).toEqual(years);
    expect(kstat![0]!.values).toEqual(KSTAT.map((x) => x.exports));
    expect(kstat![1]!.values).toEqual(KSTAT.map((x) => x.imports));
    const slides = readPptxParts(path.join(dir, 'out.pptx'));
    const text = slideNames(slides).map((n) => [...slides.get(n)!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decode(m[1]!)).join('')).join('\n');
    const last = KSTAT[KSTAT.length - 1]!;
    expect(text).toContain(`2024 수지: ${(last.exports - last.imports).toLocaleString('en-US').replace('-', '\u2212')}`);
  }, 120_000);
});
