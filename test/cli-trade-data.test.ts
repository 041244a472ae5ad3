/**
 * Trade data as it comes, end to end through the real CLI: a long-format export (CSV and .xlsx,
 * both generated here from seeded synthetic rows: test data, not real trade figures) shaped in
 * deck.yaml and in chart/table blocks, checked in the chart and table XML of the written deck
 * against sums computed in this file; and every bad input with exit 1 and its place.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { makeBriefing, runCli } from './helpers/briefing.js';
import { LONG_HEADER, longCsv, longTradeRows, longXlsx, sumBy } from './helpers/long-data.js';
import { repoRoot } from './helpers/tools.js';
import { decode, readPptxParts, slideNames } from './helpers/unzip.js';
import type { LongRow } from './helpers/long-data.js';

const ROWS = longTradeRows(3000, 21);
const round = (x: number) => Number(x.toPrecision(12));

const SHAPING = `
  top_exports:
    from: products
    transform:
      - filter: flow == "export" and year == 2024
      - group: { by: [product], sum: [value_usd_m] }
      - sort: { by: value_usd_m, order: desc }
      - top: { n: 5, others: Other products }
  by_flow:
    from: products
    transform:
      - group: { by: [year, flow], sum: [value_usd_m] }
      - pivot: { index: year, columns: flow, values: value_usd_m }
    derive:
      balance: export - import
`;

const SECTIONS = `## Top five exports in 2024

\`\`\`chart
type: bar
data: top_exports
y: value_usd_m
\`\`\`

## Exports and imports by year

\`\`\`chart
type: line
data: by_flow
y: [import, export]
\`\`\`

## Partners in 2020, from a chart block's own transform

\`\`\`chart
type: stacked-column
data: products
transform:
  - filter: year == 2020
  - group: { by: [partner, flow], sum: [value_usd_m] }
  - pivot: { index: partner, columns: flow, values: value_usd_m }
y: [export, import]
\`\`\`

## In numbers

- The balance in 2024 was {{ by_flow.balance[2024] | format "#,##0.0" }} (US$ m); exports {{ by_flow.export[2024] | format "0.0" }}.

## Largest products

\`\`\`table
data: products
transform:
  - filter: flow == "import"
  - group: { by: [product], sum: [value_usd_m] }
sort: { by: value_usd_m, order: desc }
top: 3
columns:
  - { column: product, label: Product }
  - { column: value_usd_m, label: Imports (US$ m), format: "#,##0.0" }
totals: Top three
\`\`\`
`;

function csvBriefing(rows: readonly LongRow[] = ROWS, extra: Record<string, string> = {}): string {
  return makeBriefing({
    'deck.yaml': `title: Trade data test (synthetic)\ndata:\n  products:\n    file: data/long.csv\n    source: Synthetic test data\n${SHAPING}`,
    'data/long.csv': longCsv(rows),
    '01.md': SECTIONS,
    ...extra,
  });
}

interface ChartSeriesXml {
  name: string;
  categories: string[];
  values: number[];
}

/** Every series of every chart part, in slide order. */
function chartsOf(file: string): ChartSeriesXml[][] {
  const parts = readPptxParts(file);
  const charts: ChartSeriesXml[][] = [];
  for (const slide of slideNames(parts)) {
    const rels = parts.get(slide.replace('slides/', 'slides/_rels/') + '.rels') ?? '';
    for (const m of rels.matchAll(/Target="(?:\.\.\/|\/ppt\/)charts\/(chart\d+\.xml)"/g)) {
      const xml = parts.get(`ppt/charts/${m[1]}`)!;
      charts.push(
        [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((s) => {
          const body = s[1]!;
          const pts = (tag: string) => {
            const part = new RegExp(`<c:${tag}>([\\s\\S]*?)</c:${tag}>`).exec(body)?.[1] ?? '';
            return [...part.matchAll(/<c:pt idx="\d+">\s*<c:v>([^<]*)<\/c:v>/g)].map((p) => decode(p[1]!));
          };
          return { name: decode(/<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/.exec(body)?.[1] ?? ''), categories: pts('cat'), values: pts('val').map(Number) };
        }),
      );
    }
  }
  return charts;
}

function slideTexts(file: string): string[] {
  const parts = readPptxParts(file);
  return slideNames(parts).map((n) => [...parts.get(n)!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decode(m[1]!)).join('|'));
}

function tableCells(file: string, titlePart: string): string[][] {
  const parts = readPptxParts(file);
  const slide = slideNames(parts).map((n) => parts.get(n)!).find((x) => x.includes(titlePart))!;
  return [...slide.matchAll(/<a:tr[ >][\s\S]*?<\/a:tr>/g)].map((tr) =>
    [...tr[0].matchAll(/<a:tc[ >][\s\S]*?<\/a:tc>/g)].map((tc) => [...tc[0].matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => decode(t[1]!)).join('')),
  );
}

function build(dir: string, out = path.join(dir, 'out.pptx')) {
  const r = runCli(['build', '.', '-o', out], dir);
  return { ...r, out };
}

/** What the deck must show, computed here from the rows without brief. */
function expectedCharts(rows: readonly LongRow[]) {
  const top = [...sumBy(rows, (r) => r[1] === 'export' && r[0] === 2024, (r) => r[3])].sort((a, b) => b[1] - a[1]);
  const exp = sumBy(rows, (r) => r[1] === 'export', (r) => r[0]);
  const imp = sumBy(rows, (r) => r[1] === 'import', (r) => r[0]);
  return { top, exp, imp };
}

function checkDeck(out: string, rows: readonly LongRow[]) {
  const [top, flows, partners] = chartsOf(out);
  const want = expectedCharts(rows);
  expect(top!).toHaveLength(1);
  expect(top![0]!.categories).toEqual([...want.top.slice(0, 5).map((t) => t[0] as string), 'Other products']);
  expect(top![0]!.values).toEqual([...want.top.slice(0, 5).map((t) => round(t[1])), round(want.top.slice(5).reduce((a, t) => a + t[1], 0))]);
  // series in the order y: names them; categories = years in order of appearance
  expect(flows!.map((s) => s.name)).toEqual(['import', 'export']);
  expect(flows![1]!.categories).toEqual([...want.exp.keys()].map(String));
  expect(flows![1]!.values).toEqual([...want.exp.values()].map(round));
  expect(flows![0]!.values).toEqual([...want.imp.values()].map(round));
  const p2020 = sumBy(rows, (r) => r[0] === 2020 && r[1] === 'export', (r) => r[4]);
  expect(partners![0]!.categories).toEqual([...p2020.keys()]);
  expect(partners![0]!.values).toEqual([...p2020.values()].map(round));
}

describe('a long-format export shaped in deck.yaml and in blocks', () => {
  it('CSV: chart values equal sums computed independently; top-N with others; pivot series; {{ }} on a derived dataset; a table block', () => {
    const dir = csvBriefing();
    const r = build(dir);
    expect(r.code, r.stderr).toBe(0);
    checkDeck(r.out, ROWS);
    const want = expectedCharts(ROWS);
    const balance = round(want.exp.get(2024)! - want.imp.get(2024)!);
    const texts = slideTexts(r.out).join('\n');
    const one = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const esc = (x: string) => x.replace(/[.$()]/g, '\\$&');
    expect(texts).toMatch(new RegExp(`The balance in 2024 was ${balance < 0 ? '[-−]' : ''}${esc(one(Math.abs(balance)))} \\(US\\$ m\\); exports ${esc(round(want.exp.get(2024)!).toFixed(1))}\\.`));
    const imports = [...sumBy(ROWS, (x) => x[1] === 'import', (x) => x[3])].sort((a, b) => b[1] - a[1]);
    const fmt = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    expect(tableCells(r.out, 'Largest products')).toEqual([
      ['Product', 'Imports (US$ m)'],
      ...imports.slice(0, 3).map((t) => [t[0] as string, fmt(t[1])]),
      ['Top three', fmt(imports.slice(0, 3).reduce((a, t) => a + t[1], 0))],
    ]);
  });

  it('.xlsx: the same deck from a workbook (sheet by name, header at B3, a range), numbers typed from the cells', () => {
    const dir = csvBriefing();
    writeFileSync(path.join(dir, 'data/long.xlsx'), longXlsx(ROWS, { sheet: 'Exports', origin: 'B3', extraSheets: ['Notes'] }));
    const deck = readFileSync(path.join(dir, 'deck.yaml'), 'utf8').replace('file: data/long.csv', `file: data/long.xlsx\n    sheet: Exports\n    range: B3:G${3 + ROWS.length}`);
    writeFileSync(path.join(dir, 'deck.yaml'), deck);
    const r = build(dir);
    expect(r.code, r.stderr).toBe(0);
    checkDeck(r.out, ROWS);
    // by number, and without a range: the used range
    writeFileSync(path.join(dir, 'deck.yaml'), deck.replace('sheet: Exports', 'sheet: 2').replace(/\n    range: .*/, ''));
    const n = build(dir);
    expect(n.code, n.stderr).toBe(0);
    checkDeck(n.out, ROWS);
  });

  it('a range that cuts the rows takes only those rows', () => {
    const dir = csvBriefing();
    writeFileSync(path.join(dir, 'data/long.xlsx'), longXlsx(ROWS));
    writeFileSync(path.join(dir, 'deck.yaml'), readFileSync(path.join(dir, 'deck.yaml'), 'utf8').replace('file: data/long.csv', 'file: data/long.xlsx\n    range: A1:F1201'));
    const r = build(dir);
    expect(r.code, r.stderr).toBe(0);
    checkDeck(r.out, ROWS.slice(0, 1200));
  });

  it('a CSV-only build never loads the workbook reader', () => {
    const dir = csvBriefing();
    const probe = path.join(dir, 'probe.cjs');
    writeFileSync(probe, "process.on('exit', () => { process.stderr.write('xlsx loaded: ' + Object.keys(require.cache).some((k) => k.includes('@e965')) + '\\n'); });\n");
    const run = (args: string[]) => {
      const p = spawnSync(process.execPath, ['-r', probe, path.join(repoRoot, 'bin/brief.js'), ...args], { cwd: dir, encoding: 'utf8' });
      return p.stderr;
    };
    expect(run(['build', '.', '-o', 'a.pptx'])).toContain('xlsx loaded: false');
    writeFileSync(path.join(dir, 'data/long.xlsx'), longXlsx(ROWS));
    writeFileSync(path.join(dir, 'deck.yaml'), readFileSync(path.join(dir, 'deck.yaml'), 'utf8').replace('data/long.csv', 'data/long.xlsx'));
    expect(run(['build', '.', '-o', 'b.pptx'])).toContain('xlsx loaded: true');
  });
});

describe('chart readability', () => {
  const lineDeck = (points: number, type = 'line') =>
    makeBriefing({
      'deck.yaml': 'title: Points (synthetic)\ndata:\n  s: data/s.csv\n',
      'data/s.csv': `t,v\n${Array.from({ length: points }, (_, i) => `${i + 1},${(i * 37) % 101}`).join('\n')}\n`,
      '01.md': `## Many points\n\n\`\`\`chart\ntype: ${type}\ndata: s\ny: v\n\`\`\`\n`,
    });

  it('100,000 points in a line: an error at the chart, no deck', () => {
    const r = build(lineDeck(100000));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/01\.md:5:7: error: the chart has 100,000 points in each series; PowerPoint draws at most 32,000/);
    expect(r.stderr).toMatch(/hint: shape the data .*filter the rows, group them .*top N/);
  });

  it('over 5,000 points in a line or 200 categories in a column chart: a warning, and the deck', () => {
    const line = build(lineDeck(6000));
    expect(line.code, line.stderr).toBe(0);
    expect(line.stderr).toMatch(/01\.md:5:7: warning: the chart draws 6,000 points per line, more than a reader can follow/);
    const col = build(lineDeck(250, 'column'));
    expect(col.code, col.stderr).toBe(0);
    expect(col.stderr).toMatch(/01\.md:5:7: warning: the chart has 250 categories, more than a reader can tell apart \(over 200\)/);
    expect(build(lineDeck(200, 'column')).stderr).not.toMatch(/warning/);
  });

  it('a long table charted without shaping: an error naming the repeated category', () => {
    const dir = csvBriefing(ROWS, { '02.md': '## Raw\n\n```chart\ntype: column\ndata: products\ny: value_usd_m\n```\n' });
    const r = build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/02\.md:5:7: error: `year` repeats in products: a long table has several rows per year, and a chart needs one/);
  });
});

describe('bad input: exit 1, the place, the column, a hint', () => {
  function failing(change: (dir: string) => void): string {
    const dir = csvBriefing();
    change(dir);
    const r = build(dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    return r.stderr;
  }
  const editDeck = (dir: string, f: (s: string) => string) => writeFileSync(path.join(dir, 'deck.yaml'), f(readFileSync(path.join(dir, 'deck.yaml'), 'utf8')));
  const useXlsx = (dir: string, bytes: Buffer | Uint8Array, extra = '') => {
    writeFileSync(path.join(dir, 'data/long.xlsx'), bytes);
    editDeck(dir, (s) => s.replace('file: data/long.csv', `file: data/long.xlsx${extra}`));
  };

  it('an unknown column in a step: the deck.yaml line of that step, did-you-mean', () => {
    const err = failing((d) => editDeck(d, (s) => s.replace('group: { by: [product]', 'group: { by: [prodct]')));
    expect(err).toMatch(/deck\.yaml:11:9: error: group step: unknown column "prodct"\n  hint: did you mean "product"\?/);
  });

  it('an unknown column in a chart block step: the Markdown line of that step', () => {
    const err = failing((d) => writeFileSync(path.join(d, '01.md'), SECTIONS.replace('- filter: year == 2020', '- filter: yeer == 2020')));
    expect(err).toMatch(/01\.md:23:5: error: filter step: unknown column "yeer" \(character 1 of "yeer == 2020"\)\n  hint: did you mean "year"\?/);
  });

  it('text where a step sums: the file, the row and the value', () => {
    const err = failing((d) => {
      const rows = ROWS.map((r) => [...r] as (string | number)[]);
      for (const r of rows) r[5] = `US$ ${r[5]}`;
      writeFileSync(path.join(d, 'data/long.csv'), `${LONG_HEADER.join(',')}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    });
    expect(err).toMatch(new RegExp(`data/long\\.csv:2: error: group step: cannot sum "value_usd_m": it holds text; data/long\\.csv line 2 has "US\\$ ${ROWS[0]![5]}"`));
  });

  it('pivot keys that collide: both rows named', () => {
    const err = failing((d) => editDeck(d, (s) => s.replace('      - group: { by: [year, flow], sum: [value_usd_m] }\n', '')));
    expect(err).toMatch(/data\/long\.csv:12: error: pivot step: two rows have year = 2015 and flow = "export": data\/long\.csv line 2 and data\/long\.csv line 12/);
  });

  it('a from: cycle and an unknown from: dataset', () => {
    const cycle = failing((d) => editDeck(d, (s) => `${s}  a:\n    from: b\n  b:\n    from: a\n`));
    expect(cycle).toMatch(/deck\.yaml:\d+:11: error: datasets are made from each other in a circle: a → b → a/);
    const unknown = failing((d) => editDeck(d, (s) => s.replace('from: products\n    transform:\n      - filter', 'from: prodcts\n    transform:\n      - filter')));
    expect(unknown).toMatch(/deck\.yaml:8:11: error: dataset "top_exports" is made from "prodcts", which deck.yaml does not declare\n  hint: did you mean "products"\?/);
  });

  it('a missing sheet lists the sheets; a range outside the sheet; a sheet number too high', () => {
    const sheet = failing((d) => useXlsx(d, longXlsx(ROWS, { sheet: 'Data', extraSheets: ['Notes'] }), '\n    sheet: Dta'));
    expect(sheet).toMatch(/deck\.yaml:3:3: error: data\/long\.xlsx has no sheet "Dta"\n  hint: did you mean "Data"\? its sheets are "Notes", "Data"/);
    const range = failing((d) => useXlsx(d, longXlsx(ROWS), '\n    range: H1:K20'));
    expect(range).toMatch(/error: range "H1:K20" is outside the data of sheet "Data" of data\/long\.xlsx, which fills A1:F3001/);
    const number = failing((d) => useXlsx(d, longXlsx(ROWS), '\n    sheet: 3'));
    expect(number).toMatch(/error: data\/long\.xlsx has no sheet 3: it has 1 sheet \("Data"\)/);
  });

  it('a bad cell in a workbook: file.xlsx!Sheet!F17 with the column and the value', () => {
    const bytes = longXlsx(ROWS);
    const wb = XLSX.read(bytes, { type: 'buffer' });
    wb.Sheets['Data']!['F17'] = { t: 's', v: 'n.a.x' };
    const err = failing((d) => useXlsx(d, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer));
    expect(err).toMatch(/data\/long\.xlsx!Data!F17: error: cell F17, column "value_usd_m": "n\.a\.x" is not a number/);
  });

  it('an .xls workbook, a password-protected one, a corrupt one', () => {
    const xls = failing((d) => {
      writeFileSync(path.join(d, 'data/long.xls'), 'not read');
      editDeck(d, (s) => s.replace('data/long.csv', 'data/long.xls'));
    });
    expect(xls).toMatch(/deck\.yaml:3:3: error: dataset "products": "data\/long\.xls" is an old Excel 97–2003 workbook \(\.xls\)\n  hint: open it in Excel and save it as an Excel Workbook \(\.xlsx\)/);
    // Office stores an encrypted workbook in an OLE container with an EncryptionInfo stream.
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(64));
    const locked = failing((d) => useXlsx(d, XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer));
    expect(locked).toMatch(/data\/long\.xlsx: error: data\/long\.xlsx is protected with a password\n  hint: .*remove the password/);
    const good = longXlsx(ROWS);
    const corrupt = failing((d) => useXlsx(d, good.subarray(0, Math.floor(good.length / 2))));
    expect(corrupt).toMatch(/data\/long\.xlsx: error: data\/long\.xlsx is damaged and cannot be read as a workbook/);
    const notZip = failing((d) => useXlsx(d, Buffer.from('year,value\n2024,1\n')));
    expect(notZip).toMatch(/data\/long\.xlsx: error: data\/long\.xlsx is not an Excel workbook/);
  });
});

describe('table blocks', () => {
  it("the sample's trade table comes from a table block and its cells equal the CSV", () => {
    const md = readFileSync(path.join(repoRoot, 'content/02-economy-and-technology.md'), 'utf8');
    const slide = md.slice(md.indexOf('## The last three years'));
    expect(slide.slice(0, slide.indexOf('\n## ', 5))).toMatch(/```table\ndata: trade\n/);
    expect(slide.slice(0, slide.indexOf('\n## ', 5))).not.toContain('{{');
    const dir = makeBriefing({});
    const out = path.join(dir, 'sample.pptx');
    const r = runCli(['build', path.join(repoRoot, 'content'), '-o', out], dir);
    expect(r.code, r.stderr).toBe(0);
    const [head, ...lines] = readFileSync(path.join(repoRoot, 'content/data/korea-china-trade.csv'), 'utf8').trim().split('\n');
    const names = head!.split(',');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v])));
    const minus = (x: string) => x.replace('-', '−');
    expect(tableCells(out, 'The last three years')).toEqual([
      ['Year', 'Exports to China', 'Imports from China', 'Total trade', 'Balance'],
      ...rows
        .filter((x) => Number(x['year']) >= 2022)
        .map((x) => [x['year'], x['exports_usd_bn'], x['imports_usd_bn'], x['total_usd_bn'], minus((Number(x['exports_usd_bn']) - Number(x['imports_usd_bn'])).toFixed(1))]),
    ]);
  });

  it('a value with Markdown characters stays literal text; a table block continues across slides', () => {
    const names = Array.from({ length: 40 }, (_, i) => (i === 0 ? '**Acme** _Ltd_ `x` [a](http://e.org)' : `Firm ${i}`));
    const dir = makeBriefing({
      'deck.yaml': 'title: Table block (synthetic)\ndata:\n  firms: data/firms.csv\n',
      'data/firms.csv': `name,value\n${names.map((n, i) => `"${n}",${i + 0.5}`).join('\n')}\n`,
      '01.md': '## Firms\n\n```table\ndata: firms\ncolumns:\n  - { column: name, label: Firm }\n  - { column: value, label: Value, format: "0.0" }\n```\n',
    });
    const r = build(dir);
    expect(r.code, r.stderr).toBe(0);
    const parts = readPptxParts(r.out);
    const slides = slideNames(parts).map((n) => parts.get(n)!).filter((x) => x.includes('<a:tbl>'));
    expect(slides.length).toBeGreaterThan(1);
    const first = slides[0]!;
    expect(first).toContain('<a:t>**Acme** _Ltd_ `x` [a](http://e.org)</a:t>');
    expect(first).not.toMatch(/<a:rPr[^>]*\sb="1"[^>]*>(?:(?!<\/a:r>)[\s\S])*Acme/);
    const all = slides.flatMap((x) => [...x.matchAll(/<a:t>(Firm \d+)<\/a:t>/g)].map((m) => m[1]));
    expect(all).toEqual(names.slice(1));
  });

  it('a table block with an unknown column: its line, did-you-mean', () => {
    const dir = csvBriefing(ROWS, { '02.md': '## T\n\n```table\ndata: products\ncolumns: [year, prodct]\n```\n' });
    const r = build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/02\.md:5:\d+: error: unknown column `prodct` in products\n  hint: did you mean `product`\?/);
  });
});
