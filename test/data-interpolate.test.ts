import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.js';
import { interpolate, mayHoldPlaceholders, protectReferences, restoreReferences } from '../src/data/interpolate.js';
import { parseDataSet } from '../src/data/load.js';
import type { DataSet, DataSets } from '../src/data/types.js';
import { sampleCsvPath } from './helpers/tools.js';

const SAMPLE = readFileSync(sampleCsvPath, 'utf8');

function load(name: string, file: string, text: string, extra: { source?: string; units?: string; derive?: Record<string, string> } = {}): DataSet {
  const r = parseDataSet(name, { file, at: { file: 'deck.yaml', line: 3 }, ...extra }, text);
  expect(r.diagnostics).toEqual([]);
  return r.dataset!;
}

const datasets: DataSets = new Map([
  [
    'trade',
    load('trade', 'data/korea-china-trade.csv', SAMPLE, {
      source: 'MOTIE; KITA',
      units: 'US$ bn',
      derive: { balance: 'exports_usd_bn - imports_usd_bn', growth: 'yoy(total_usd_bn)' },
    }),
  ],
  ['world', load('world', 'data/world.csv', 'country,exports,Exports (US$ bn),note\nKorea,"1,234,567",1.5,\nChina,2000,2.25,big\n"Viet Nam",3,3,\n')],
  ['gaps', load('gaps', 'data/gaps.csv', 'year,v\n2015,0\n2016,\n2017,-4\n')],
]);

const at = { file: 'content/02-trade.md', line: 20, column: 5 };
const run = (text: string) => interpolate(text, datasets, at);
const value = (text: string) => {
  const r = run(text);
  expect(r.diagnostics).toEqual([]);
  return r.text;
};
const problem = (text: string) => {
  const r = run(text);
  expect(r.diagnostics).toHaveLength(1);
  expect(r.text).toBe(text);
  return { message: r.diagnostics[0]!.message, hint: r.diagnostics[0]!.hint };
};

describe('values', () => {
  it('fills in cells with a default format that follows the column', () => {
    expect(value('Trade reached US$ {{ trade.total_usd_bn[2024] }} bn in {{ trade.year[latest] }}.')).toBe('Trade reached US$ 272.9 bn in 2024.');
    expect(value('{{ trade.imports_usd_bn[2016] }}')).toBe('87.0');
    expect(value('{{ trade.balance[2023] }}')).toBe('\u221218.0');
    expect(value('{{ trade.growth[2016] }}')).toBe('\u22127.0361');
    expect(value('{{ world.exports[Korea] }} / {{ world.exports["Viet Nam"] }}')).toBe('1,234,567 / 3');
    expect(value("{{ world.`Exports (US$ bn)`['China'] }}")).toBe('2.25');
    expect(value('{{trade.total_usd_bn[2015]}}')).toBe('227.4');
  });

  it('picks rows with first / latest / earliest / last', () => {
    expect(value('{{ trade.total_usd_bn[first] }} {{ trade.total_usd_bn[earliest] }} {{ trade.total_usd_bn[latest] }} {{ trade.total_usd_bn[last] }}')).toBe('227.4 227.4 272.9 272.9');
    expect(value('{{ world.country[first] }}–{{ world.country[latest] }}')).toBe('Korea–Viet Nam');
  });

  it('inserts text cells and the dataset units and source as they are', () => {
    expect(value('{{ trade.status[2020] }}')).toBe('exports confirmed; imports unverified');
    expect(value('in {{ trade.units }} (source: {{ trade.source }})')).toBe('in US$ bn (source: MOTIE; KITA)');
  });

  it('formats with an Excel number format', () => {
    expect(value('{{ trade.total_usd_bn[2024] | format "#,##0" }}')).toBe('273');
    expect(value(`{{ trade.total_usd_bn[2024] | format '"$"#,##0.0"bn"' }}`)).toBe('$272.9bn');
    expect(value('{{ trade.balance[2023] | format "#,##0.0;(#,##0.0)" }}')).toBe('(18.0)');
    expect(value('{{ trade.balance[2023] | abs }}')).toBe('18.0');
    expect(value('{{ trade.balance[2023] | abs | format "0" }}')).toBe('18');
  });

  it('computes change, CAGR and difference between two rows', () => {
    expect(value('{{ trade.total_usd_bn | change 2015 2024 }}')).toBe('+20.0%');
    expect(value('{{ trade.total_usd_bn | change }}')).toBe('+20.0%');
    expect(value('{{ trade.total_usd_bn | change first latest }}')).toBe('+20.0%');
    expect(value('{{ trade.total_usd_bn | change 2022 2023 }}')).toBe('\u221213.8%');
    expect(value('{{ trade.total_usd_bn | cagr 2015 2024 }}')).toBe('+2.0%');
    expect(value('{{ trade.total_usd_bn | cagr 2015 2024 | format "0.00%" }}')).toBe('2.05%');
    expect(value('{{ trade.total_usd_bn | change 2015 2024 | format "0.0" }}')).toBe('20.0');
    expect(value('{{ trade.total_usd_bn | change 2022 2023 | abs }}')).toBe('13.8%');
    expect(value('{{ trade.total_usd_bn | diff 2015 2024 }}')).toBe('+45.5');
    expect(value('{{ trade.total_usd_bn | diff 2024 2015 }}')).toBe('\u221245.5');
    expect(value('{{ trade.total_usd_bn | diff 2015 2024 | format "#,##0" }}')).toBe('46');
    expect(value('{{ gaps.v | change 2017 2015 }}')).toBe('+100.0%');
  });

  it('keeps escaped braces and text around references', () => {
    expect(value('write \\{{ trade.total_usd_bn[2024] }} for {{ trade.total_usd_bn[2024] }}')).toBe('write {{ trade.total_usd_bn[2024] }} for 272.9');
    expect(value('no references } here {')).toBe('no references } here {');
    expect(value('')).toBe('');
  });
});

describe('errors', () => {
  it('point at the {{ on its line and column in a multi-line text', () => {
    const text =
      'Trade reached {{ trad.total_usd_bn[2024] }} bn.\n' +
      'Growth: {{ trade.total_usd_bn | change 2015 2024 }}, {{ trade.total_usd_b[2024] }}\n' +
      '  and {{ trade.total_usd_bn[2030] }}\r\n' +
      'fine: {{ trade.total_usd_bn[2024] }}';
    const r = run(text);
    expect(r.text).toBe(
      'Trade reached {{ trad.total_usd_bn[2024] }} bn.\n' +
        'Growth: +20.0%, {{ trade.total_usd_b[2024] }}\n' +
        '  and {{ trade.total_usd_bn[2030] }}\r\n' +
        'fine: 272.9',
    );
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'content/02-trade.md:20:19: error: {{ trad.total_usd_bn[2024] }}: unknown dataset "trad"\n  hint: did you mean "trade"? datasets in deck.yaml: trade, world, gaps',
      'content/02-trade.md:21:54: error: {{ trade.total_usd_b[2024] }}: trade has no column "total_usd_b"\n' +
        '  hint: did you mean "total_usd_bn"? the columns of trade are "year", "exports_usd_bn", "imports_usd_bn", "total_usd_bn", "status", "balance", "growth"',
      'content/02-trade.md:22:7: error: {{ trade.total_usd_bn[2030] }}: trade has no row "2030" in "year"\n  hint: "year" runs from 2015 to 2024; first and latest pick the ends',
    ]);
  });

  it('count columns from 1 when the text starts a line', () => {
    const r = interpolate('x\n{{ nope.a[1] }}', datasets, { file: 'a.md', line: 1 });
    expect(r.diagnostics[0]!.at).toEqual({ file: 'a.md', line: 2, column: 1 });
    const r2 = interpolate('ab {{ nope.a[1] }}', datasets, { file: 'a.md', line: 7 });
    expect(r2.diagnostics[0]!.at).toEqual({ file: 'a.md', line: 7, column: 4 });
  });

  it('explain each mistake', () => {
    const cases: [string, string, string | undefined][] = [
      ['{{ trade.totl[2024] }}', 'trade has no column "totl"', 'the columns of trade are "year", "exports_usd_bn", "imports_usd_bn", "total_usd_bn", "status", "balance", "growth"'],
      ['{{ trade.unit }}', 'trade has no column "unit"', 'did you mean "units"? the columns of trade are "year", "exports_usd_bn", "imports_usd_bn", "total_usd_bn", "status", "balance", "growth"'],
      ['{{ world.exports[Korae] }}', 'world has no row "Korae" in "country"', 'did you mean "Korea"? the rows of "country" are "Korea", "China", "Viet Nam"'],
      ['{{ trade.total_usd_bn | chnage 2015 2024 }}', 'unknown helper "chnage"', 'did you mean "change"? helpers: format, change, cagr, diff, abs'],
      ['{{ trade.total_usd_bn | constructor }}', 'unknown helper "constructor"', 'helpers: format, change, cagr, diff, abs'],
      ['{{ trade.constructor[2024] }}', 'trade has no column "constructor"', 'the columns of trade are "year", "exports_usd_bn", "imports_usd_bn", "total_usd_bn", "status", "balance", "growth"'],
      ['{{ constructor.x[1] }}', 'unknown dataset "constructor"', 'datasets in deck.yaml: trade, world, gaps'],
      ['{{ trade.total_usd_bn }}', 'trade.total_usd_bn is a whole column', 'pick a row, e.g. {{ trade.total_usd_bn[2024] }} or {{ trade.total_usd_bn[latest] }}, or compare rows: {{ trade.total_usd_bn | change first latest }}'],
      ['{{ trade }}', '"trade" needs a column', 'write trade.<column>[<row>], e.g. trade.exports_usd_bn[latest], or trade.units / trade.source'],
      ['{{ }}', 'empty reference', 'write a reference such as {{ trade.total_usd_bn[2024] }}'],
      ['{{ trade.total_usd_bn[2024] | change 2015 2024 }}', '"change" compares two rows of a column, not one value', 'drop the row selector: {{ trade.total_usd_bn | change 2015 2024 }}'],
      ['{{ trade.total_usd_bn | change 2015 }}', '"change" takes two rows (from and to), not 1', 'for example: | change 2015 2024, or | change first latest'],
      ['{{ trade.total_usd_bn | cagr 2024 2015 }}', '"cagr" needs a later second row: 2015 is not after 2024', undefined],
      ['{{ trade.status | change 2015 2024 }}', 'column "status" holds text, not numbers, so "change" cannot use it', undefined],
      ['{{ trade.status[2015] | format "0" }}', '"format" needs a number, but the value is text ("confirmed")', undefined],
      ['{{ trade.total_usd_bn | format "0" }}', '"format" needs one value, but trade.total_usd_bn is a whole column', 'pick a row first: {{ trade.total_usd_bn[latest] | format … }}'],
      ['{{ trade.total_usd_bn[2024] | format "0" | abs }}', '"abs" after "format"', '"format" turns the number into text, so it comes last'],
      ['{{ trade.total_usd_bn[2024] | format \'"$0\' }}', `the quoted text in number format '"$0' is not closed with "`, undefined],
      ['{{ trade.total_usd_bn[2024] | format }}', '"format" takes one number format, not 0', `for example: | format "#,##0.0"  (quote codes with spaces or quotes: '"$"#,##0')`],
      ['{{ world.units }}', 'dataset "world" has no units', 'add units: to its entry in deck.yaml, e.g. world: { file: data/world.csv, units: US$ bn }'],
      ['{{ world.note[Korea] }}', 'world.note[Korea] is empty', 'the cell at line 2 of data/world.csv has no value'],
      ['{{ gaps.v | change 2016 2017 }}', 'gaps.v[2016] is empty', 'the cell at line 3 of data/gaps.csv has no value'],
      ['{{ gaps.v | change 2015 2017 }}', 'no percentage change from gaps.v[2015], which is 0', undefined],
      ['{{ gaps.v | cagr 2015 2017 }}', 'no compound growth from 0 to -4: both values must be above zero', undefined],
      ['{{ trade.total_usd_bn[] }}', 'empty row selector []', 'write a category such as [2024], or [first] / [latest]'],
      ['{{ trade.total_usd_bn[2024 }}', 'the [ of the row selector is not closed with ]', undefined],
      ['{{ trade.total_usd_bn[2024] junk }}', 'unexpected "junk"', 'a reference looks like {{ dataset.column[row] | helper arguments }}'],
      ['{{ trade.total_usd_bn + 1 }}', 'unexpected "+ 1"', 'a reference looks like {{ dataset.column[row] | helper arguments }}'],
      ['{{ process.exit(1) }}', 'unexpected "(1)"', 'a reference looks like {{ dataset.column[row] | helper arguments }}'],
    ];
    for (const [text, message, hint] of cases) {
      const shown = text.replace(/^\{\{\s*/, '{{ ').replace(/\s*\}\}$/, ' }}').replace('{{  }}', '{{ }}');
      expect([text, problem(text)]).toEqual([text, { message: `${shown}: ${message}`, hint }]);
    }
  });

  it('report an unclosed {{ and go on with the next reference', () => {
    const r = run('a {{ trade.total_usd_bn[2024] b\nc {{ trade.total_usd_bn[2015] }} d {{ trade.units');
    expect(r.text).toBe('a {{ trade.total_usd_bn[2024] b\nc 227.4 d {{ trade.units');
    expect(r.diagnostics.map((d) => [d.message, d.at])).toEqual([
      ['this {{ is not closed with }}', { file: 'content/02-trade.md', line: 20, column: 7 }],
      ['this {{ is not closed with }}', { file: 'content/02-trade.md', line: 21, column: 36 }],
    ]);
  });

  it('reports an unknown dataset when none are declared', () => {
    const r = interpolate('{{ trade.total_usd_bn[2024] }}', new Map(), { file: 'a.md', line: 1, column: 1 });
    expect(r.diagnostics[0]!.hint).toBe('deck.yaml declares no datasets (add them under "data:")');
  });
});

describe('a long table (several rows per category)', () => {
  // Synthetic test data (not real trade figures): one row per year × flow × product.
  const LONG = 'year,flow,product,value_usd_m\n2023,export,Chips,10\n2023,import,Chips,4\n2024,export,Chips,12\n2024,import,Chips,5\n2024,export,Steel,3\n2025,export,Chips,7\n';
  const long = parseDataSet('products', { file: 'data/long.csv', at: { file: 'deck.yaml', line: 3 } }, LONG, { long: true }).dataset!;
  const sets: DataSets = new Map([['products', long]]);
  const where = { file: 'content/01.md', line: 4, column: 1 };

  it('is an error at the {{ }} naming the dataset, the number of rows and a shaping example from its columns', () => {
    const r = interpolate('Exports reached {{ products.value_usd_m[2024] }} m.', sets, where);
    expect(r.diagnostics).toEqual([
      {
        severity: 'error',
        message: '{{ products.value_usd_m[2024] }}: products has 3 rows with year 2024 (data/long.csv lines 4, 5, 6), and a reference needs exactly one',
        hint: 'shape it into one row per year with filter, group or pivot, e.g. in deck.yaml\n  data:\n    products_by_year:\n      from: products\n      transform:\n        - filter: flow == "export"\n        - group: { by: [year], sum: [value_usd_m] }\nthen write {{ products_by_year.value_usd_m[2024] }}',
        at: { file: 'content/01.md', line: 4, column: 17 },
      },
    ]);
    expect(r.text).toBe('Exports reached {{ products.value_usd_m[2024] }} m.');
  });

  it('also for [latest] and for the rows a helper compares; a category with one row is fine', () => {
    expect(interpolate('{{ products.value_usd_m[latest] }}', sets, where).diagnostics).toEqual([]);
    expect(interpolate('{{ products.value_usd_m[latest] }}', sets, where).text).toBe('7');
    const change = interpolate('{{ products.value_usd_m | change 2023 2025 }}', sets, where).diagnostics;
    expect(change.map((d) => d.message)).toEqual(['{{ products.value_usd_m | change 2023 2025 }}: products has 2 rows with year 2023 (data/long.csv lines 2, 3), and a reference needs exactly one']);
  });
});

describe('putting references back', () => {
  it('is skipped only for text that cannot hold a placeholder', () => {
    expect(mayHoldPlaceholders('## Slide\n\n- plain text & more')).toBe(false);
    // a placeholder-like run typed into the text, or a character reference that could decode to one
    expect(mayHoldPlaceholders('x \uE000\uE100 y')).toBe(true);
    expect(mayHoldPlaceholders('[a](&#xE000;)')).toBe(true);
    const references: Parameters<typeof protectReferences>[3] = [];
    const hidden = protectReferences('Total {{ t.v[2024] }} here', new Map() as DataSets, { file: 'a.md', line: 1, column: 1 }, references);
    expect(mayHoldPlaceholders(hidden.text)).toBe(true);
    expect(restoreReferences({ runs: [{ text: hidden.text }] }, references).content).toEqual({ runs: [{ text: 'Total {{ t.v[2024] }} here' }] });
  });
});
