import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { parseDataSet } from '../src/data/load.js';
import type { DataSet, DataSetSpec } from '../src/data/types.js';
import { sampleCsvPath } from './helpers/tools.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(path.join(here, 'fixtures/data', name), 'utf8');
const SAMPLE = readFileSync(sampleCsvPath, 'utf8');

const spec = (file: string, extra: Partial<DataSetSpec> = {}): DataSetSpec => ({ file, at: { file: 'deck.yaml', line: 4, column: 3 }, ...extra });

function load(text: string, file = 'data/t.csv', extra: Partial<DataSetSpec> = {}) {
  return parseDataSet('t', spec(file, extra), text);
}
function ok(text: string, file = 'data/t.csv', extra: Partial<DataSetSpec> = {}): DataSet {
  const r = load(text, file, extra);
  expect(r.diagnostics).toEqual([]);
  expect(r.dataset).toBeDefined();
  return r.dataset!;
}
const col = (ds: DataSet, name: string) => ds.columns.find((c) => c.name === name)!;
const brief = (ds: Diagnostic[]) => ds.map((d) => ({ severity: d.severity, message: d.message, at: d.at }));

describe('the sample trade CSV', () => {
  const ds = ok(SAMPLE, 'data/korea-china-trade.csv', { source: 'MOTIE; KITA', units: 'US$ bn' });

  it('types each column', () => {
    expect(ds.columns.map((c) => [c.name, c.type])).toEqual([
      ['year', 'year'],
      ['exports_usd_bn', 'number'],
      ['imports_usd_bn', 'number'],
      ['total_usd_bn', 'number'],
      ['status', 'text'],
    ]);
    expect(ds.categoryColumn).toBe('year');
    expect(ds.name).toBe('t');
    expect(ds.file).toBe('data/korea-china-trade.csv');
    expect(ds.source).toBe('MOTIE; KITA');
    expect(ds.units).toBe('US$ bn');
  });

  it('keeps values and the line of each row', () => {
    expect(col(ds, 'year').values).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]);
    expect(col(ds, 'imports_usd_bn').values).toEqual([90.3, 87, 97.9, 106.5, 107.2, 108.9, 138.6, 154.6, 142.8, 139.9]);
    expect(col(ds, 'total_usd_bn').values[9]).toBe(272.9);
    expect(col(ds, 'status').values[5]).toBe('exports confirmed; imports unverified');
    expect(ds.rowLines).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('applies derived columns declared with the dataset', () => {
    const d = ok(SAMPLE, 'data/korea-china-trade.csv', { derive: { balance: 'exports_usd_bn - imports_usd_bn' } });
    const balance = col(d, 'balance');
    expect(balance.type).toBe('number');
    expect(balance.values[8]).toBe(-18);
    expect(balance.values[0]).toBe(46.8);
  });

  it('reads the same data with a BOM and CRLF line ends', () => {
    const raw = fixture('trade-bom-crlf.csv');
    expect(raw.charCodeAt(0)).toBe(0xfeff);
    expect(raw).toContain('\r\n');
    const d = ok(raw, 'data/korea-china-trade.csv', { source: 'MOTIE; KITA', units: 'US$ bn' });
    expect(d).toEqual(ds);
    expect(d.columns[0]!.name).toBe('year');
  });
});

describe('errors in a CSV file', () => {
  it('reports every problem of a broken file at its line and column', () => {
    const r = load(fixture('broken.csv'), 'data/broken.csv');
    expect(brief(r.diagnostics)).toEqual([
      { severity: 'error', message: 'this row has 4 values but the header has 5 columns', at: { file: 'data/broken.csv', line: 4, column: 1 } },
      { severity: 'error', message: 'this row has 6 values but the header has 5 columns', at: { file: 'data/broken.csv', line: 5, column: 34 } },
      {
        severity: 'error',
        message: 'line 3, column "imports_usd_bn" (field 3): "12,3x" is not a number',
        at: { file: 'data/broken.csv', line: 3, column: 12 },
      },
      {
        severity: 'error',
        message: 'duplicate category "2016" in column "year": lines 3 and 6',
        at: { file: 'data/broken.csv', line: 6, column: 1 },
      },
    ]);
    expect(r.diagnostics[1]!.hint).toContain('the first extra value is "extra"');
    expect(r.diagnostics[0]!.hint).toBe('every row needs one value per column; leave a cell empty (,,) when the value is missing');
    expect(formatDiagnostic(r.diagnostics[2]!)).toBe(
      'data/broken.csv:3:12: error: line 3, column "imports_usd_bn" (field 3): "12,3x" is not a number\n' +
        '  hint: the other values in "imports_usd_bn" are numbers; write a number such as 1234.5 (a thousands separator needs quotes: "1,234.5"), or leave the cell empty when the value is missing',
    );
    // The columns are known, so later stages can still check references; ragged rows are left out.
    expect(r.dataset!.rowLines).toEqual([2, 3, 6]);
    expect(col(r.dataset!, 'imports_usd_bn').values).toEqual([90.3, null, 107.2]);
  });

  it('counts the column in characters, not bytes, after Hangul', () => {
    const r = load('region,value\n서울,1\n부산,x\n대구,3\n');
    expect(brief(r.diagnostics)).toEqual([
      { severity: 'error', message: 'line 3, column "value" (field 2): "x" is not a number', at: { file: 'data/t.csv', line: 3, column: 4 } },
    ]);
  });

  it('points at the right line after a quoted value spanning lines (LF and CRLF)', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['year,note,value', '2015,"two', 'lines",1', '2016,ok,x', '2017,fine,3', ''].join(eol);
      const r = load(text);
      expect(brief(r.diagnostics)).toEqual([
        { severity: 'error', message: 'line 4, column "value" (field 3): "x" is not a number', at: { file: 'data/t.csv', line: 4, column: 9 } },
      ]);
      expect(r.dataset!.rowLines).toEqual([2, 4, 5]);
      expect(col(r.dataset!, 'note').values[0]).toBe(`two${eol}lines`);
    }
  });

  it('points at the value, not the padding, when cells have spaces', () => {
    const r = load('year, value\n2015,  1\n2016,   x \n2017,3\n');
    expect(r.diagnostics[0]!.at).toEqual({ file: 'data/t.csv', line: 3, column: 9 });
    expect(r.diagnostics[0]!.message).toBe('line 3, column "value" (field 2): "x" is not a number');
    expect(r.dataset!.columns.map((c) => c.name)).toEqual(['year', 'value']);
  });

  it('rejects an empty file', () => {
    for (const text of ['', '\uFEFF', '\r\n  \r\n', ',,,\n']) {
      const r = load(text);
      expect(r.dataset).toBeUndefined();
      expect(brief(r.diagnostics)).toEqual([{ severity: 'error', message: 'data/t.csv is empty', at: { file: 'data/t.csv', line: 1, column: 1 } }]);
    }
  });

  it('rejects a header with no data rows', () => {
    const r = load('year,value\r\n');
    expect(r.dataset).toBeUndefined();
    expect(brief(r.diagnostics)).toEqual([{ severity: 'error', message: 'data/t.csv has a header but no data rows', at: { file: 'data/t.csv', line: 1, column: 1 } }]);
  });

  it('rejects a file whose first row is data (missing header)', () => {
    const r = load('2015,137.1\n2016,124.4\n');
    expect(r.dataset).toBeUndefined();
    expect(brief(r.diagnostics)).toEqual([
      { severity: 'error', message: 'data/t.csv has no header row: its first row starts with the value "2015"', at: { file: 'data/t.csv', line: 1, column: 1 } },
    ]);
    expect(r.diagnostics[0]!.hint).toBe('add a first line naming the columns, e.g. year,value');
    expect(load('\n\n2024-01-01,3\n').diagnostics[0]!.at).toEqual({ file: 'data/t.csv', line: 3, column: 1 });
  });

  it('rejects an empty header cell in a column that has values', () => {
    const r = load('year,,imports\n2015,1,2\n');
    expect(r.dataset).toBeUndefined();
    expect(brief(r.diagnostics)).toEqual([{ severity: 'error', message: 'column 2 has no name', at: { file: 'data/t.csv', line: 1, column: 6 } }]);
    expect(r.diagnostics[0]!.hint).toBe('write a name for it in the header row (its first value is "1")');
  });

  it('ignores, with a warning, a nameless column with no values', () => {
    const r = load('year,value,\n2015,1,\n2016,2,\n');
    expect(brief(r.diagnostics)).toEqual([
      { severity: 'warning', message: 'column 3 has no name and no values; it is ignored', at: { file: 'data/t.csv', line: 1, column: 12 } },
    ]);
    expect(r.dataset!.columns.map((c) => c.name)).toEqual(['year', 'value']);
  });

  it('rejects a duplicate column name, naming both', () => {
    const r = load('year,value,value\n2015,1,2\n');
    expect(r.dataset).toBeUndefined();
    expect(brief(r.diagnostics)).toEqual([
      { severity: 'error', message: 'column name "value" is used twice (columns 2 and 3)', at: { file: 'data/t.csv', line: 1, column: 12 } },
    ]);
    expect(r.diagnostics[0]!.hint).toBe('the first is at line 1, column 6; give each column its own name');
  });

  it('rejects a row with too few values at its start, and too many at the first extra one', () => {
    const r = load('year,a,b\n2015,1,2\n2016,1\n2017,1,2,3\n');
    expect(brief(r.diagnostics)).toEqual([
      { severity: 'error', message: 'this row has 2 values but the header has 3 columns', at: { file: 'data/t.csv', line: 3, column: 1 } },
      { severity: 'error', message: 'this row has 4 values but the header has 3 columns', at: { file: 'data/t.csv', line: 4, column: 10 } },
    ]);
  });

  it('rejects duplicate categories, also for text categories', () => {
    const r = load('country,value\nKorea,1\nChina,2\n"Korea",3\n');
    expect(brief(r.diagnostics)).toEqual([
      { severity: 'error', message: 'duplicate category "Korea" in column "country": lines 2 and 4', at: { file: 'data/t.csv', line: 4, column: 1 } },
    ]);
  });

  it('rejects an empty category', () => {
    const r = load('year,value\n2015,1\n,2\n');
    expect(brief(r.diagnostics)).toEqual([
      { severity: 'error', message: 'the category (first column, "year") of this row is empty', at: { file: 'data/t.csv', line: 3, column: 1 } },
    ]);
  });

  it('reports an unclosed quote at the quote', () => {
    const r = load('year,value\n2015,1\n2016,"2\n2017,3\n');
    expect(r.dataset).toBeUndefined();
    expect(brief(r.diagnostics)).toEqual([
      {
        severity: 'error',
        message: 'a quoted value is never closed: the rest of the file was read as one cell',
        at: { file: 'data/t.csv', line: 3, column: 6 },
      },
    ]);
  });

  it('reports other CSV syntax errors at their line', () => {
    const r = load('year,value\n2015,1\n2016,"2" x\n');
    expect(r.dataset).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toBe('data/t.csv is not valid CSV: text follows the closing quote of a value');
    expect(r.diagnostics[0]!.at).toEqual({ file: 'data/t.csv', line: 3 });
  });

  it('explains a semicolon-separated file', () => {
    const r = load('year;value\n2015;1\n');
    expect(brief(r.diagnostics)).toEqual([
      {
        severity: 'error',
        message: 'data/t.csv has a single column "year;value": its values seem to be separated by ";", not commas',
        at: { file: 'data/t.csv', line: 1, column: 1 },
      },
    ]);
  });

  it('gives targeted hints for decimal commas, percent signs, units and NaN', () => {
    const r = load('year,v\n2013,1\n2014,1\n2015,1\n2016,2\n2017,3\n2018,4\n2019,"12,5"\n2020,12%\n2021,$45\n2022,NaN\n2023,Infinity\n');
    expect(r.diagnostics.map((d) => [d.at!.line, d.message, d.hint])).toEqual([
      [8, 'line 8, column "v" (field 2): "12,5" is not a number', 'write a decimal point, not a comma: 12.5; a comma may only separate thousands (1,234.5)'],
      [9, 'line 9, column "v" (field 2): "12%" is not a number', 'write the number without "%" (e.g. 12) and show it as a percentage with a number format'],
      [10, 'line 10, column "v" (field 2): "$45" is not a number', 'write the number alone (45); put the unit in deck.yaml ("units:") or in the number format'],
      [11, 'line 11, column "v" (field 2): "NaN" is not a number', 'leave the cell empty when the value is missing'],
      [12, 'line 12, column "v" (field 2): "Infinity" is not a number', 'leave the cell empty when the value is missing'],
    ]);
  });

  it('rejects a file type it cannot read, at the deck.yaml entry', () => {
    const r = load('x', 'data/t.ods');
    expect(brief(r.diagnostics)).toEqual([
      { severity: 'error', message: 'dataset "t": "data/t.ods" is not a .csv, .tsv, .json or .xlsx file', at: { file: 'deck.yaml', line: 4, column: 3 } },
    ]);
    const xls = load('x', 'data/t.xls');
    expect(brief(xls.diagnostics)).toEqual([
      { severity: 'error', message: 'dataset "t": "data/t.xls" is an old Excel 97–2003 workbook (.xls)', at: { file: 'deck.yaml', line: 4, column: 3 } },
    ]);
    expect(xls.diagnostics[0]!.hint).toMatch(/save it as an Excel Workbook \(\.xlsx\)/);
  });

  it('reports derive errors at the deck.yaml entry', () => {
    const r = load(SAMPLE, 'data/t.csv', { derive: { balance: 'exports_usd_bn - imports_usd' } });
    expect(brief(r.diagnostics)).toEqual([
      {
        severity: 'error',
        message: 'derived column "balance": unknown column "imports_usd" (character 18 of "exports_usd_bn - imports_usd")',
        at: { file: 'deck.yaml', line: 4, column: 3 },
      },
    ]);
    expect(r.dataset!.columns.map((c) => c.name)).not.toContain('balance');
  });
});

describe('column typing', () => {
  it('reads signs, thousands separators, exponents and the minus sign', () => {
    const d = ok('k,v\na,+1.5\nb,-2\nc,"1,234.5"\nd,1e3\ne,\u22123\nf,.5\ng,"12,345,678"\n');
    expect(col(d, 'v')).toEqual({ name: 'v', type: 'number', values: [1.5, -2, 1234.5, 1000, -3, 0.5, 12345678] });
    expect(col(d, 'k').type).toBe('text');
  });

  it('reads empty cells and missing-value markers as null in number columns', () => {
    const d = ok('year,v,w\n2015,n/a,\n2016,2,x\n2017,-,y\n2018,..,z\n');
    expect(col(d, 'v')).toEqual({ name: 'v', type: 'number', values: [null, 2, null, null] });
    expect(col(d, 'w')).toEqual({ name: 'w', type: 'text', values: [null, 'x', 'y', 'z'] });
  });

  it('keeps a mostly-text column as text, numbers included', () => {
    const d = ok('id,flag\na,1\nb,yes\nc,-\n');
    expect(col(d, 'flag')).toEqual({ name: 'flag', type: 'text', values: ['1', 'yes', '-'] });
  });

  it('types a column named year as year anywhere, and 4-digit integers as year only in the first column', () => {
    const d = ok('country,year,code\nKR,2015,1001\nCN,2016,2002\n');
    expect(d.columns.map((c) => c.type)).toEqual(['text', 'year', 'number']);
    expect(ok('fy,v\n2015,1\n').columns[0]!.type).toBe('year');
    expect(ok('rank,v\n1,10\n2,20\n').columns[0]!.type).toBe('number');
    expect(ok('period,v\n2015,1\n2016.5,2\n').columns[0]!.type).toBe('number');
  });

  it('types ISO dates and months as date, and rejects an impossible date in a date column', () => {
    const d = ok('date,v\n2024-01-31,1\n2024-02-29,2\n');
    expect(col(d, 'date')).toEqual({ name: 'date', type: 'date', values: ['2024-01-31', '2024-02-29'] });
    expect(ok('month,v\n2024-01,1\n2024-02,2\n').columns[0]!.type).toBe('date');
    const r = load('date,v\n2023-01-31,1\n2023-02-28,2\n2023-02-29,3\n');
    expect(brief(r.diagnostics)).toEqual([
      { severity: 'error', message: 'line 4, column "date" (field 1): "2023-02-29" is not a date', at: { file: 'data/t.csv', line: 4, column: 1 } },
    ]);
  });

  it('skips blank rows and spreadsheet rows of commas, and tolerates a trailing comma', () => {
    const d = ok('year,v\n\n2015,1,\n,\n  \n2016,2\n');
    expect(d.rowLines).toEqual([3, 6]);
    expect(col(d, 'v').values).toEqual([1, 2]);
  });

  it('reads TSV files with tabs', () => {
    const d = ok('year\tv\n2015\t1.5\n', 'data/t.tsv');
    expect(col(d, 'v').values).toEqual([1.5]);
  });
});

describe('JSON datasets', () => {
  it('reads an array of objects, keys in order of first appearance', () => {
    const d = ok(fixture('trade.json'), 'data/trade.json');
    expect(d.columns.map((c) => [c.name, c.type])).toEqual([
      ['year', 'year'],
      ['exports_usd_bn', 'number'],
      ['imports_usd_bn', 'number'],
      ['status', 'text'],
    ]);
    expect(col(d, 'exports_usd_bn').values).toEqual([137.1, 124.4, 142.1]);
    expect(col(d, 'imports_usd_bn').values).toEqual([90.3, 87, null]);
    expect(d.rowLines).toEqual([2, 3, 4]);
  });

  it('reads {columns, rows}, with errors at the cell and ragged rows', () => {
    const r = load(fixture('trade-rows.json'), 'data/trade-rows.json');
    expect(brief(r.diagnostics)).toEqual([
      { severity: 'error', message: 'this row has 2 values but the header has 3 columns', at: { file: 'data/trade-rows.json', line: 6, column: 5 } },
      {
        severity: 'error',
        message: 'line 5, column "exports_usd_bn" (field 2): "12,3x" is not a number',
        at: { file: 'data/trade-rows.json', line: 5, column: 12 },
      },
    ]);
  });

  it('points at a bad cell inside an object', () => {
    const text = '[\n  {"year": 2015, "exports": 137.1},\n  {"year": 2016, "exports": "12,3x"},\n  {"year": 2017, "exports": 1}\n]\n';
    const r = load(text, 'data/t.json');
    expect(brief(r.diagnostics)).toEqual([
      { severity: 'error', message: 'line 3, column "exports" (field 2): "12,3x" is not a number', at: { file: 'data/t.json', line: 3, column: 29 } },
    ]);
  });

  it('reports a duplicate category in JSON', () => {
    const r = load('[{"year": 2015, "v": 1},\n {"year": 2015, "v": 2}]', 'data/t.json');
    expect(brief(r.diagnostics)).toEqual([
      { severity: 'error', message: 'duplicate category "2015" in column "year": lines 1 and 2', at: { file: 'data/t.json', line: 2, column: 11 } },
    ]);
  });

  it('reports JSON syntax errors with their position', () => {
    const r = load('[\n  {"year": 2015,}\n]', 'data/t.json');
    expect(r.dataset).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toMatch(/^data\/t\.json is not valid JSON: /);
    expect(r.diagnostics[0]!.message).not.toMatch(/position/);
    expect(r.diagnostics[0]!.at).toEqual({ file: 'data/t.json', line: 2, column: 17 });
  });

  it('rejects other JSON layouts and non-scalar cells', () => {
    const r = load('{"year": [2015]}', 'data/t.json');
    expect(r.diagnostics.map((d) => d.message)).toEqual(['data/t.json: unexpected JSON layout']);
    const r2 = load('[{"year": 2015, "v": {"a": 1}}, {"year": 2016, "v": 2}, {"year": 2017, "v": 3}]', 'data/t.json');
    expect(brief(r2.diagnostics)).toEqual([
      {
        severity: 'error',
        message: 'line 1, column "v" (field 2): a cell must be a number, text or null, not an object or array',
        at: { file: 'data/t.json', line: 1, column: 22 },
      },
    ]);
    expect(brief(load('[{"a": 1, "a": 2}]', 'data/t.json').diagnostics)).toEqual([
      { severity: 'error', message: 'data/t.json: Map keys must be unique', at: { file: 'data/t.json', line: 1, column: 11 } },
    ]);
    expect(load('[]', 'data/t.json').diagnostics.map((d) => d.message)).toEqual(['data/t.json is empty']);
  });
});

describe('positions in generated CSV files', () => {
  // A small seeded generator: cells with quotes, commas, line breaks, Hangul, emoji and padding.
  function rng(seed: number) {
    return () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
  }
  const pick = <T,>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const words = ['plain', '서울 특별시', 'a,b', 'say "hi"', 'two\nlines', '😀 emoji', 'ünïcode', ' padded '];

  it('points every non-numeric cell of a numeric column at its value in the source', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const eol = pick(r, ['\n', '\r\n']);
      const rows = 4 + Math.floor(r() * 6);
      const badRow = 1 + Math.floor(r() * rows);
      const lines: string[] = ['id,note,value'];
      const quote = (s: string) => (/[",\n]/.test(s) || r() < 0.3 ? `"${s.replace(/"/g, '""')}"` : s);
      for (let i = 1; i <= rows; i++) {
        const note = quote(pick(r, words).replace(/\n/g, eol));
        const pad = pick(r, ['', ' ', '  ']);
        const value = i === badRow ? 'oops' : String(Math.round(r() * 1000) / 10);
        lines.push(`r${i},${note},${pad}${i === badRow && r() < 0.5 ? '"oops"' : value}`);
        if (r() < 0.2) lines.push('');
      }
      const text = lines.join(eol) + eol;
      const res = parseDataSet('t', spec('data/t.csv'), text);
      expect(res.diagnostics, `seed ${seed}`).toHaveLength(1);
      const d = res.diagnostics[0]!;
      const sourceLines = text.split(/\r?\n/);
      const at = sourceLines[d.at!.line! - 1]!.slice(d.at!.column! - 1);
      expect(at, `seed ${seed}: ${JSON.stringify(text)}`).toMatch(/^"?oops/);
      expect(sourceLines[res.dataset!.rowLines[badRow - 1]! - 1]!.startsWith(`r${badRow},`), `seed ${seed}`).toBe(true);
      expect(d.message, `seed ${seed}`).toBe(`line ${d.at!.line}, column "value" (field 3): "oops" is not a number`);
      expect(res.dataset!.rowLines.map((l) => sourceLines[l - 1]!.slice(0, 3).replace(/,.*/, ''))).toEqual(
        Array.from({ length: rows }, (_, i) => `r${i + 1}`),
      );
    }
  });
});
