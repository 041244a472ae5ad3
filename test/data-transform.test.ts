/**
 * transform: steps on generated long-format data (synthetic, seeded: see helpers/long-data.ts),
 * each step alone and chained, every result checked against a computation done here without brief.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseDataSet } from '../src/data/load.js';
import { applyTransforms, readTransformSteps } from '../src/data/transform.js';
import type { DataSet, TransformStep } from '../src/data/types.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { PRODUCTS, longCsv, longTradeRows, sumBy } from './helpers/long-data.js';

const ROWS = longTradeRows(2400, 7);
const AT = { file: 'deck.yaml', line: 9, column: 9 };

function long(csv = longCsv(ROWS)): DataSet {
  const r = parseDataSet('products', { file: 'data/long.csv', at: { file: 'deck.yaml', line: 3, column: 3 } }, csv, { long: true });
  if (!r.dataset) throw new Error(JSON.stringify(r.diagnostics));
  return r.dataset;
}

/** Steps as deck.yaml would give them, each at its own line (line 10, 11, …). */
function steps(yaml: string): TransformStep[] {
  const doc = parseDocument(yaml, { keepSourceTokens: false });
  const lineOf = (offset: number) => yaml.slice(0, offset).split('\n').length;
  const d: Diagnostic[] = [];
  const out = readTransformSteps(doc.contents, (n) => ({ file: 'deck.yaml', line: 9 + lineOf((n as { range?: number[] }).range?.[0] ?? 0), column: 7 }), d);
  expect(d).toEqual([]);
  return out!;
}

function run(yaml: string, ds = long()): { dataset?: DataSet; diagnostics: Diagnostic[] } {
  return applyTransforms(ds, steps(yaml));
}

function col(ds: DataSet | undefined, name: string): unknown[] {
  const c = ds?.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name} in ${ds?.columns.map((x) => x.name).join(',')}`);
  return c.values;
}

const round = (x: number) => Number(x.toPrecision(12));

describe('each step alone', () => {
  it('filter: == and, in [..], not, <, string and number literals', () => {
    const r = run('- filter: flow == "export" and year == 2024');
    expect(r.diagnostics).toEqual([]);
    const want = ROWS.filter((x) => x[1] === 'export' && x[0] === 2024);
    expect(col(r.dataset, 'value_usd_m')).toEqual(want.map((x) => x[5]));
    expect(r.dataset!.rowLines).toEqual(ROWS.flatMap((x, i) => (x[1] === 'export' && x[0] === 2024 ? [i + 2] : [])));

    const inList = run('- filter: product in ["Semiconductors", "Displays"] and not partner == "China"');
    expect(col(inList.dataset, 'value_usd_m')).toEqual(ROWS.filter((x) => (x[3] === 'Semiconductors' || x[3] === 'Displays') && x[4] !== 'China').map((x) => x[5]));

    const cmp = run("- filter: year < 2017 or value_usd_m >= 4990.5 or hs != '8542' and year <= 2015");
    expect(col(cmp.dataset, 'value_usd_m')).toEqual(ROWS.filter((x) => x[0] < 2017 || x[5] >= 4990.5 || (x[2] !== '8542' && x[0] <= 2015)).map((x) => x[5]));

    const notIn = run('- filter: partner not in ["China", "Japan"]');
    expect(col(notIn.dataset, 'partner')).toEqual(ROWS.filter((x) => x[4] !== 'China' && x[4] !== 'Japan').map((x) => x[4]));
  });

  it('group: sum mean min max count first last, groups in order of first appearance', () => {
    const r = run('- group: { by: [product], sum: [value_usd_m], count: rows, first: [year], last: [partner] }');
    expect(r.diagnostics).toEqual([]);
    const sums = sumBy(ROWS, () => true, (x) => x[3]);
    expect(col(r.dataset, 'product')).toEqual([...sums.keys()]);
    expect(col(r.dataset, 'value_usd_m')).toEqual([...sums.values()].map(round));
    expect(col(r.dataset, 'rows')).toEqual([...sums.keys()].map((p) => ROWS.filter((x) => x[3] === p).length));
    expect(col(r.dataset, 'year')).toEqual([...sums.keys()].map((p) => ROWS.find((x) => x[3] === p)![0]));
    expect(col(r.dataset, 'partner')).toEqual([...sums.keys()].map((p) => ROWS.filter((x) => x[3] === p).at(-1)![4]));

    const stats = run('- group: { by: [year, flow], mean: [value_usd_m], min: [partner] }');
    expect(stats.diagnostics[0]?.message).toMatch(/cannot take the min of "partner": it holds text; data\/long\.csv line 2 has "China"/);
    const m = run('- group: { by: [year, flow], mean: value_usd_m, max: [value_usd_m] }');
    const key = (x: (typeof ROWS)[number]) => `${x[0]}|${x[1]}`;
    const keys = [...new Set(ROWS.map(key))];
    expect(col(m.dataset, 'value_usd_m')).toEqual(keys.map((k) => {
      const xs = ROWS.filter((x) => key(x) === k).map((x) => x[5]);
      return round(xs.reduce((a, b) => a + b, 0) / xs.length);
    }));
    expect(col(m.dataset, 'value_usd_m_max')).toEqual(keys.map((k) => Math.max(...ROWS.filter((x) => key(x) === k).map((x) => x[5]))));
  });

  it('sort (asc, desc, several keys; ties keep their order) and top with and without others', () => {
    const g = '- group: { by: [product], sum: [value_usd_m] }\n';
    const sorted = run(`${g}- sort: { by: value_usd_m, order: desc }`);
    const sums = [...sumBy(ROWS, () => true, (x) => x[3])].sort((a, b) => b[1] - a[1]);
    expect(col(sorted.dataset, 'product')).toEqual(sums.map((s) => s[0]));
    const asc = run('- sort: { by: [partner, year] }');
    expect(col(asc.dataset, 'partner').slice(0, 3)).toEqual(['China', 'China', 'China']);
    expect((col(asc.dataset, 'year') as number[]).slice(0, 3)).toEqual([2015, 2015, 2015]);

    const top = run(`${g}- sort: { by: value_usd_m, order: desc }\n- top: { n: 3, others: Other products }`);
    expect(col(top.dataset, 'product')).toEqual([...sums.slice(0, 3).map((s) => s[0]), 'Other products']);
    const rest = sums.slice(3).reduce((a, s) => a + s[1], 0);
    expect(col(top.dataset, 'value_usd_m')).toEqual([...sums.slice(0, 3).map((s) => round(s[1])), round(rest)]);
    // the total is kept: top 3 + others = all
    expect(round((col(top.dataset, 'value_usd_m') as number[]).reduce((a, b) => a + b, 0))).toBe(round(ROWS.reduce((a, x) => a + x[5], 0)));

    const plain = run(`${g}- top: { n: 2, by: value_usd_m }`);
    expect(col(plain.dataset, 'product')).toEqual(sums.slice(0, 2).map((s) => s[0]));
  });

  it('pivot: one column per key in order of first appearance; unpivot gives the long table back', () => {
    const r = run('- group: { by: [year, flow], sum: [value_usd_m] }\n- pivot: { index: year, columns: flow, values: value_usd_m }');
    expect(r.diagnostics).toEqual([]);
    expect(r.dataset!.columns.map((c) => c.name)).toEqual(['year', 'export', 'import']);
    expect(r.dataset!.categoryColumn).toBe('year');
    const exp = sumBy(ROWS, (x) => x[1] === 'export', (x) => x[0]);
    expect(col(r.dataset, 'year')).toEqual([...exp.keys()]);
    expect(col(r.dataset, 'export')).toEqual([...exp.values()].map(round));

    const byProduct = run('- filter: year == 2020 and flow == "import"\n- group: { by: [partner, product], sum: [value_usd_m] }\n- pivot: { index: partner, columns: product, values: value_usd_m }');
    // series order = the order products first appear in the file
    expect(byProduct.dataset!.columns.slice(1).map((c) => c.name)).toEqual(PRODUCTS.map((p) => p[1]));

    const back = run('- unpivot: { columns: [export, import], key: flow, value: total }', r.dataset!);
    expect(back.dataset!.columns.map((c) => c.name)).toEqual(['year', 'flow', 'total']);
    expect(col(back.dataset, 'flow').slice(0, 4)).toEqual(['export', 'import', 'export', 'import']);
    expect(col(back.dataset, 'total')[0]).toBe(col(r.dataset, 'export')[0]);
  });

  it('select, rename, derive', () => {
    const r = run('- select: [year, product, value_usd_m]\n- rename: { value_usd_m: usd_m }\n- derive: { usd_bn: usd_m / 1000 }');
    expect(r.diagnostics).toEqual([]);
    expect(r.dataset!.columns.map((c) => c.name)).toEqual(['year', 'product', 'usd_m', 'usd_bn']);
    expect(col(r.dataset, 'usd_bn')[5]).toBe(round(ROWS[5]![5] / 1000));
  });
});

describe('chained', () => {
  it('filter → group → sort → top (others) equals the same done by hand', () => {
    const r = run('- filter: flow == "export" and year >= 2020\n- group: { by: [product], sum: [value_usd_m] }\n- sort: { by: value_usd_m, order: desc }\n- top: { n: 5, others: Others }');
    const sums = [...sumBy(ROWS, (x) => x[1] === 'export' && x[0] >= 2020, (x) => x[3])].sort((a, b) => b[1] - a[1]);
    expect(col(r.dataset, 'product')).toEqual([...sums.slice(0, 5).map((s) => s[0]), 'Others']);
    expect(col(r.dataset, 'value_usd_m')).toEqual([...sums.slice(0, 5).map((s) => round(s[1])), round(sums.slice(5).reduce((a, s) => a + s[1], 0))]);
    expect(r.dataset!.long).toBe(false);
  });
});

describe('errors: at the line of the step, with the column and a hint', () => {
  it('an unknown column suggests the right one', () => {
    const r = run('- filter: flow == "export"\n- group: { by: [prodct], sum: [value_usd_m] }');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', message: 'group step: unknown column "prodct"', at: { file: 'deck.yaml', line: 11, column: 7 } }),
    ]);
    expect(r.diagnostics[0]!.hint).toMatch(/^did you mean "product"\?/);
    const f = run('- filter: flw == "export"');
    expect(f.diagnostics[0]!.message).toBe('filter step: unknown column "flw" (character 1 of "flw == "export"")');
    expect(f.diagnostics[0]!.hint).toMatch(/did you mean "flow"/);
  });

  it('a text value where a step sums: the file, the row and the value', () => {
    const csv = longCsv(ROWS.slice(0, 30)).replace(/\n(2017,export,8542,Semiconductors,China,)[\d.]+\n/, '\n$1n/a\n');
    const rows = csv.split('\n');
    const bad = rows.findIndex((l) => l.endsWith(',n/a'));
    // n/a is "no value" in a number column: a word that is not makes the column text
    const text = csv.replace(',n/a\n', ',about 40\n').replace(/,(\d+\.\d)\n/g, ',x$1\n');
    const ds = long(text);
    expect(ds.columns.find((c) => c.name === 'value_usd_m')!.type).toBe('text');
    const r = run('- group: { by: [year], sum: [value_usd_m] }', ds);
    expect(r.diagnostics[0]!.message).toMatch(/^group step: cannot sum "value_usd_m": it holds text; data\/long\.csv line 2 has "x/);
    expect(r.diagnostics[0]!.at).toEqual({ file: 'data/long.csv', line: 2 });
    expect(bad).toBeGreaterThan(0);
  });

  it('pivot keys that collide name both rows', () => {
    const r = run('- pivot: { index: year, columns: flow, values: value_usd_m }');
    // rows 1 and 11 of the data (lines 2 and 12) are both 2015 × export
    expect(r.diagnostics[0]!.message).toBe('pivot step: two rows have year = 2015 and flow = "export": data/long.csv line 2 and data/long.csv line 12');
    expect(r.diagnostics[0]!.at).toEqual({ file: 'data/long.csv', line: 12 });
    expect(r.diagnostics[0]!.hint).toMatch(/add them up first with - group: \{ by: \[year, flow\], sum: \[value_usd_m\] \}/);
  });

  it('bad conditions: one =, a text column compared with a number, an unknown step, an empty result', () => {
    expect(run('- filter: flow = "export"').diagnostics[0]!.hint).toMatch(/compare with ==/);
    expect(run('- filter: flow == 2024').diagnostics[0]!.message).toMatch(/column "flow" holds text; put the value in quotes: "2024"/);
    expect(run('- filter: year == "next"').diagnostics[0]!.message).toMatch(/column "year" holds numbers, not text like "next"/);
    const none = run('- filter: flow == "Export"');
    expect(none.diagnostics[0]).toMatchObject({ message: 'no rows are left after this filter step', at: { line: 10 } });
    const d: Diagnostic[] = [];
    readTransformSteps(parseDocument('- fliter: year == 2024').contents, () => AT, d);
    expect(d[0]).toMatchObject({ message: 'unknown transform step "fliter"', hint: expect.stringMatching(/did you mean "filter"/) });
  });
});
