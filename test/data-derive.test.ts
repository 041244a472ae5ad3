import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveColumns } from '../src/data/derive.js';
import { parseDataSet } from '../src/data/load.js';
import type { DataSet } from '../src/data/types.js';
import { sampleCsvPath } from './helpers/tools.js';

const SAMPLE = readFileSync(sampleCsvPath, 'utf8');
const at = { file: 'content/02-trade.md', line: 12, column: 1 };

function sample(): DataSet {
  const r = parseDataSet('trade', { file: 'data/korea-china-trade.csv', at: { file: 'deck.yaml', line: 5 } }, SAMPLE);
  expect(r.diagnostics).toEqual([]);
  return r.dataset!;
}
const values = (ds: DataSet, name: string) => ds.columns.find((c) => c.name === name)!.values;

describe('derived columns on the sample data', () => {
  it('computes the balance, -18.0 for 2023', () => {
    const { dataset, diagnostics } = deriveColumns(sample(), { balance: 'exports_usd_bn - imports_usd_bn' }, at);
    expect(diagnostics).toEqual([]);
    const balance = dataset.columns.at(-1)!;
    expect(balance.name).toBe('balance');
    expect(balance.type).toBe('number');
    expect(balance.values).toEqual([46.8, 37.4, 44.2, 55.6, 29, 23.7, 24.3, 1.2, -18, -6.9]);
  });

  it('computes year-on-year change, shares, differences and CAGR', () => {
    const { dataset, diagnostics } = deriveColumns(
      sample(),
      {
        growth: 'yoy(total_usd_bn)',
        change: 'diff(total_usd_bn)',
        export_share: 'share(exports_usd_bn, total_usd_bn)',
        of_all_exports: 'share(exports_usd_bn)',
        cagr: 'cagr(total_usd_bn, 2015, 2024)',
        index: 'total_usd_bn / at(total_usd_bn, 2015) * 100',
      },
      at,
    );
    expect(diagnostics).toEqual([]);
    const growth = values(dataset, 'growth');
    expect(growth[0]).toBeNull();
    expect(growth[1]).toBeCloseTo(-7.036059806, 8);
    expect(growth[9]).toBeCloseTo(((272.9 - 267.6) / 267.6) * 100, 8);
    expect(values(dataset, 'change')[9]).toBe(5.3);
    expect(values(dataset, 'change')[0]).toBeNull();
    expect(values(dataset, 'export_share')[0]).toBeCloseTo(60.290237467, 8);
    expect(values(dataset, 'of_all_exports')[0]).toBeCloseTo(9.716513111, 8);
    expect((values(dataset, 'of_all_exports') as number[]).reduce((s, v) => s + v, 0)).toBeCloseTo(100, 9);
    // A scalar is the same in every row: (272.9 / 227.4)^(1/9) - 1 = 2.0473 %
    expect(new Set(values(dataset, 'cagr')).size).toBe(1);
    expect(values(dataset, 'cagr')[0]).toBeCloseTo(2.047284565, 8);
    expect(values(dataset, 'index')[0]).toBe(100);
    expect(values(dataset, 'index')[9]).toBeCloseTo((272.9 / 227.4) * 100, 8);
  });

  it('lets later columns use earlier ones, and leaves the input dataset unchanged', () => {
    const input = sample();
    const { dataset, diagnostics } = deriveColumns(input, { balance: 'exports_usd_bn - imports_usd_bn', balance_pct: 'balance / total_usd_bn * 100' }, at);
    expect(diagnostics).toEqual([]);
    expect(values(dataset, 'balance_pct')[8]).toBeCloseTo((-18 / 267.6) * 100, 9);
    expect(input.columns.map((c) => c.name)).toEqual(['year', 'exports_usd_bn', 'imports_usd_bn', 'total_usd_bn', 'status']);
    expect(dataset.columns.map((c) => c.name)).toEqual(['year', 'exports_usd_bn', 'imports_usd_bn', 'total_usd_bn', 'status', 'balance', 'balance_pct']);
    expect(dataset.rowLines).toBe(input.rowLines);
  });

  it('accepts a bare number (YAML `x: 5`) as a constant column', () => {
    const { dataset } = deriveColumns(sample(), { target: 300 as unknown as string }, at);
    expect(values(dataset, 'target')).toEqual(new Array(10).fill(300));
  });
});

describe('derive errors', () => {
  it('rejects an unknown column with a did-you-mean and the column list', () => {
    const { dataset, diagnostics } = deriveColumns(sample(), { balance: 'exports_usd_bn - imports' }, at);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        message: 'derived column "balance": unknown column "imports" (character 18 of "exports_usd_bn - imports")',
        at,
        hint: 'the columns of trade are "year", "exports_usd_bn", "imports_usd_bn", "total_usd_bn", "status"',
      },
    ]);
    expect(dataset.columns.map((c) => c.name)).not.toContain('balance');
    const close = deriveColumns(sample(), { balance: 'exports_usd_bn - imports_usd_b' }, at).diagnostics[0]!;
    expect(close.hint).toBe('did you mean "imports_usd_bn"? the columns of trade are "year", "exports_usd_bn", "imports_usd_bn", "total_usd_bn", "status"');
  });

  it('reports a syntax error with its character position', () => {
    const { diagnostics } = deriveColumns(sample(), { balance: 'exports_usd_bn -', other: '(exports_usd_bn + 1' }, at);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'derived column "balance": expected a number, a column or "(" but found the end of the expression (character 17 of "exports_usd_bn -")',
      'derived column "other": expected ")" but found the end of the expression (character 20 of "(exports_usd_bn + 1")',
    ]);
    expect(diagnostics[1]!.hint).toBe('the "(" at character 1 is not closed');
  });

  it('rejects a name that is already a column', () => {
    const { diagnostics } = deriveColumns(sample(), { total_usd_bn: 'exports_usd_bn + imports_usd_bn' }, at);
    expect(diagnostics).toEqual([
      { severity: 'error', message: 'derived column "total_usd_bn" has the name of a column of trade', at, hint: 'choose a new name, e.g. total_usd_bn_derived' },
    ]);
  });

  it('does not repeat an error through a column that failed', () => {
    const { diagnostics } = deriveColumns(sample(), { balance: 'exports - imports_usd_bn', pct: 'balance / total_usd_bn' }, at);
    expect(diagnostics.map((d) => d.message)).toEqual(['derived column "balance": unknown column "exports" (character 1 of "exports - imports_usd_bn")']);
  });

  it('rejects arithmetic on text', () => {
    const { diagnostics } = deriveColumns(sample(), { x: 'status + 1' }, at);
    expect(diagnostics.map((d) => d.message)).toEqual(['derived column "x": column "status" holds text, not numbers (character 1 of "status + 1")']);
  });

  it('warns when yoy compares rows that are not in year order', () => {
    const r = parseDataSet('t', { file: 'data/t.csv', at }, 'year,v\n2017,3\n2016,2\n2015,1\n');
    const { dataset, diagnostics } = deriveColumns(r.dataset!, { g: 'yoy(v)', d: 'v * 2' }, at);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        message: 'derived column "g" compares each row with the row above it, but the rows of t are not in ascending "year" order',
        at,
        hint: 'sort data/t.csv by "year", oldest first',
      },
    ]);
    expect(values(dataset, 'g')).toEqual([null, -33.3333333333, -50]);
  });

  it('propagates empty cells and makes division by zero empty', () => {
    const r = parseDataSet('t', { file: 'data/t.csv', at }, 'year,a,b\n2015,1,0\n2016,,2\n2017,3,3\n');
    const { dataset } = deriveColumns(r.dataset!, { q: 'a / b', s: 'a + b', g: 'yoy(a)' }, at);
    expect(values(dataset, 'q')).toEqual([null, null, 1]);
    expect(values(dataset, 's')).toEqual([1, null, 6]);
    expect(values(dataset, 'g')).toEqual([null, null, null]);
  });
});
