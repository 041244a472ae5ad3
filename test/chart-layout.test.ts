import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { chartBlockToSpec } from '../src/layout/chart.js';
import type { DataSet } from '../src/data/types.js';
import { niceScale } from '../src/layout/chart-axes.js';
import { humanizeColumn } from '../src/layout/column-names.js';
import { paletteColor, shade } from '../src/layout/chart-colors.js';
import { THEME, csvColumns, datasets, tradeDataSet } from './chart-helpers.js';

const AT = { file: 'briefing/02-trade.md', line: 10 };
const YEARS = ['2015', '2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024'];

function build(yaml: string, sets: ReadonlyMap<string, DataSet> = datasets()) {
  return chartBlockToSpec(yaml, AT, sets, THEME);
}

function errors(d: Diagnostic[]) {
  return d.filter((x) => x.severity === 'error');
}

/** The one error of a failed build, printed like the CLI prints it. */
function oneError(yaml: string): string {
  const r = build(yaml);
  expect(r.spec).toBeUndefined();
  const errs = errors(r.diagnostics);
  expect(errs, JSON.stringify(r.diagnostics)).toHaveLength(1);
  return formatDiagnostic(errs[0]!);
}

const DESIGN_EXAMPLE = `type: column
data: trade
x: year
series:
  - { column: exports_usd_bn, label: Exports to China }
  - { column: imports_usd_bn, label: Imports from China }
  - { column: balance, label: Balance, type: line, axis: secondary }
derive: { balance: exports_usd_bn - imports_usd_bn }
format: '#,##0.0'
labels: true
title: Korea–China merchandise trade, US$ bn
`;

describe('chartBlockToSpec: data', () => {
  it('takes categories and values from the CSV', () => {
    const r = build('type: column\ndata: trade\ny: [exports_usd_bn, imports_usd_bn]\n');
    expect(r.diagnostics).toEqual([]);
    const spec = r.spec!;
    const csv = csvColumns();
    expect(spec.type).toBe('column');
    expect(spec.categories).toEqual(YEARS);
    expect(spec.categories).toEqual(csv.year);
    expect(spec.series.map((s) => s.name)).toEqual(['exports_usd_bn', 'imports_usd_bn']);
    expect(spec.series[0]!.values).toEqual(csv.exports_usd_bn!.map(Number));
    expect(spec.series[1]!.values).toEqual(csv.imports_usd_bn!.map(Number));
    expect(spec.numberFormat).toBe('#,##0.0;"−"#,##0.0');
    expect(spec.legend).toBe('bottom');
    // round bounds decided in layout: the round step (25) that leaves least room above 162.9
    expect(spec.valueAxis).toEqual({ beginAtZero: true, min: 0, max: 175, majorUnit: 25 });
    expect(spec.series.map((s) => s.color)).toEqual(['1F4E79', 'C55A11']);
    expect(spec.series.every((s) => s.pointColors === undefined)).toBe(true);
    expect(r.source).toBe('MOTIE; KITA');
    expect(spec.fontFace).toBe('Calibri');
    expect(spec.textColor).toBe('222222');
    expect(spec.gridColor).toBe('D9D9D9');
  });

  it('defaults: data = the only dataset, x = category column, y = every numeric column, legend none for one series', () => {
    const r = build('y: total_usd_bn');
    expect(r.diagnostics).toEqual([]);
    expect(r.spec!.categories).toEqual(YEARS);
    expect(r.spec!.legend).toBe('none');
    const all = build('type: line');
    expect(all.spec!.series.map((s) => s.name)).toEqual(['exports_usd_bn', 'imports_usd_bn', 'total_usd_bn']);
  });

  it('derives columns (balance 2023 = -18.0) and keeps nulls', () => {
    const r = build('data: trade\ny: balance\nderive: { balance: exports_usd_bn - imports_usd_bn }\n');
    expect(r.diagnostics).toEqual([]);
    const v = r.spec!.series[0]!.values;
    expect(v[8]).toBe(-18);
    expect(v[0]).toBe(46.8);
    expect(v[9]).toBe(-6.9);
    const ds = tradeDataSet();
    const col = ds.columns.find((c) => c.name === 'imports_usd_bn')!;
    col.values[3] = null;
    const withNull = build('y: imports_usd_bn', new Map([['trade', ds]]));
    expect(withNull.spec!.series[0]!.values[3]).toBeNull();
    expect(withNull.spec!.series[0]!.values).toHaveLength(10);
  });

  it('builds the DESIGN.md combo: bars + a derived line on the secondary axis', () => {
    const r = build(DESIGN_EXAMPLE);
    expect(errors(r.diagnostics)).toEqual([]);
    const spec = r.spec!;
    expect(spec.type).toBe('combo');
    expect(spec.series.map((s) => [s.name, s.type, s.axis])).toEqual([
      ['Exports to China', 'column', 'primary'],
      ['Imports from China', 'column', 'primary'],
      ['Balance', 'line', 'secondary'],
    ]);
    expect(spec.series[2]!.values[8]).toBe(-18);
    // the balance (−18.0 … 55.6) on its own would be −20…60 by 20; bars 0…200 by 50: both get one
    // step below zero and four above, so the zeros and the gridlines coincide
    expect(spec.valueAxis).toMatchObject({ min: -50, max: 200, majorUnit: 50 });
    expect(spec.secondaryValueAxis).toEqual({ beginAtZero: true, min: -20, max: 80, majorUnit: 20 });
    expect(spec.secondaryNumberFormat).toBe('#,##0.0;"−"#,##0.0');
    expect(spec.dataLabels).toBe(true);
    expect(spec.title).toBe('Korea–China merchandise trade, US$ bn');
    expect(spec.legend).toBe('bottom');
  });

  it('makes a combo from type: line with a secondary axis, and formats each axis from its data', () => {
    const r = build('type: line\nseries:\n  - total_usd_bn\n  - { column: share, axis: secondary }\nderive: { share: exports_usd_bn / total_usd_bn }\nsecondaryFormat: 0.0%\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.spec!.type).toBe('combo');
    expect(r.spec!.series.map((s) => s.type)).toEqual(['line', 'line']);
    expect(r.spec!.numberFormat).toBe('#,##0.0;"−"#,##0.0');
    expect(r.spec!.secondaryNumberFormat).toBe('0.0%;"−"0.0%');
  });

  it('reads every option', () => {
    const r = build(`type: bar
data: trade
y: exports_usd_bn
format: '#,##0'
labels: true
legend: top
min: 100
max: 200
beginAtZero: false
xTitle: Year
yTitle: US$ bn
title: Exports
source: Korea Customs Service
`);
    expect(r.diagnostics).toEqual([]);
    const s = r.spec!;
    expect(s.type).toBe('bar');
    expect(s.numberFormat).toBe('#,##0;"−"#,##0');
    expect(s.legend).toBe('top');
    expect(s.valueAxis).toEqual({ beginAtZero: false, min: 100, max: 200, majorUnit: 20, title: 'US$ bn' });
    expect(s.categoryAxis).toEqual({ title: 'Year' });
    expect(r.source).toBe('Korea Customs Service');
    expect(build('y: exports_usd_bn\nsource: false').source).toBeUndefined();
  });

  it('room for data labels is proportionate: the balance chart (−18 … +55.6) runs −30 … 60 in steps of 10, not to −40', () => {
    const r = build('type: column\nseries: [{ column: balance, label: Balance }]\nderive: { balance: exports_usd_bn - imports_usd_bn }\nlabels: true\n');
    expect(r.diagnostics).toEqual([]);
    const axis = r.spec!.valueAxis;
    expect(axis).toMatchObject({ min: -30, max: 60, majorUnit: 10 });
    // zero is a gridline, and each end leaves a twentieth of the data's range for its label
    expect(Number.isInteger(axis.min! / axis.majorUnit!)).toBe(true);
    const values = r.spec!.series[0]!.values.filter((v): v is number => v !== null);
    const room = (Math.max(...values) - Math.min(...values)) / 20;
    expect(Math.min(...values) - axis.min!).toBeGreaterThanOrEqual(room);
    expect(axis.max! - Math.max(...values)).toBeGreaterThanOrEqual(room);
    // the room is never more than a step beyond what the labels need
    expect(Math.min(...values) - room - axis.min!).toBeLessThan(axis.majorUnit!);
    // without labels there is no room to leave
    expect(niceScale(-18, 55.6)).toEqual({ min: -20, max: 60, step: 20 });
  });

  it('padded scales never add a whole step where a smaller one leaves the room', () => {
    for (const [lo, hi] of [
      [-18, 55.6],
      [-3.2, 41],
      [-97, 12],
      [0, 310.4],
      [-0.4, 2.3],
    ] as const) {
      const s = niceScale(lo, hi, { top: true, bottom: true });
      const room = (hi - lo) / 20;
      expect(s.min, `${lo}…${hi}`).toBeLessThanOrEqual(lo < 0 ? lo - room + 1e-9 : lo);
      expect(s.max, `${lo}…${hi}`).toBeGreaterThanOrEqual(hi > 0 ? hi + room - 1e-9 : hi);
      expect(Math.round(s.min / s.step) * s.step).toBeCloseTo(s.min, 9);
      const lines = Math.round((s.max - s.min) / s.step);
      expect(lines).toBeGreaterThanOrEqual(4);
      expect(lines).toBeLessThanOrEqual(10);
      // neither end is a whole step past the room its labels need
      if (lo < 0) expect(lo - room - s.min, `${lo}…${hi} bottom`).toBeLessThan(s.step);
      expect(s.max - (hi + room), `${lo}…${hi} top`).toBeLessThan(s.step);
    }
  });

  it('alt text says unlabelled series in words, not as column names', () => {
    const two = build('type: line\ny: [exports_usd_bn, imports_usd_bn]\n').spec!;
    expect(two.alt).toBe(
      'Line chart of exports, imports, US$ bn, 2015–2024: exports: lowest 124.4 in 2016, highest 162.9 in 2021, 133.0 in 2024, down 3% over the period; imports: lowest 87.0 in 2016, highest 154.6 in 2022, 139.9 in 2024, up 55% over the period',
    );
    expect(two.alt).not.toMatch(/_usd_bn/);
    // the legend keeps what the chart data sheet names
    expect(two.series.map((s) => s.name)).toEqual(['exports_usd_bn', 'imports_usd_bn']);
    // one series: its words measure the chart; a label wins over them
    expect(build('y: total_usd_bn\n').spec!.alt).toMatch(/^Column chart of total, US\$ bn, 2015–2024: lowest 211\.4 in 2016/);
    expect(build('series: [{ column: total_usd_bn, label: Total trade }]\n').spec!.alt).toMatch(/^Column chart of Total trade, US\$ bn/);
    // mixed: a labelled series keeps its label, an unlabelled one is said in words
    expect(build('series: [{ column: exports_usd_bn, label: Exports to China }, imports_usd_bn]\n').spec!.alt).toMatch(/^Column chart of Exports to China, imports, US\$ bn, 2015–2024: Exports to China: .*; imports: lowest/);
  });

  it('alt text takes units from the column names when the dataset declares none', () => {
    const sets = datasets();
    const ds = { ...sets.get('trade')! };
    delete ds.units;
    sets.set('trade', ds);
    expect(build('y: [exports_usd_bn, imports_usd_bn]\n', sets).spec!.alt).toMatch(/^Column chart of exports, imports, US\$ bn, 2015–2024: exports: /);
  });

  it('humanizeColumn reads unit tokens as units', () => {
    expect(humanizeColumn('exports_usd_bn')).toEqual({ name: 'exports', units: 'US$ bn' });
    expect(humanizeColumn('shareOfTradePct')).toEqual({ name: 'share of trade', units: '%' });
    expect(humanizeColumn('chip-exports KRW-mn')).toEqual({ name: 'chip exports', units: 'KRW m' });
    expect(humanizeColumn('balance')).toEqual({ name: 'balance' });
    expect(humanizeColumn('GDP_growth')).toEqual({ name: 'GDP growth' });
    expect(humanizeColumn('m_exports')).toEqual({ name: 'm exports' });
    expect(humanizeColumn('usd_bn')).toEqual({ name: 'US$ bn' });
  });

  it('scatter: numeric x values', () => {
    const r = build('type: scatter\nx: exports_usd_bn\ny: imports_usd_bn\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.spec!.xValues).toEqual(csvColumns().exports_usd_bn!.map(Number));
    expect(r.spec!.series[0]!.values).toEqual(csvColumns().imports_usd_bn!.map(Number));
  });
});

describe('chartBlockToSpec: colours', () => {
  it('paints highlighted categories in the highlight colour, the rest in the series colour', () => {
    const r = build('type: column\ny: exports_usd_bn\nhighlight: [2015, 2024]\n');
    expect(r.diagnostics).toEqual([]);
    const s = r.spec!.series[0]!;
    expect(s.color).toBe('1F4E79');
    expect(s.pointColors).toEqual(YEARS.map((_, i) => (i === 0 || i === 9 ? 'FFB000' : '1F4E79')));
  });

  it('paints negative values of a single bar series in the negative colour, highlight first', () => {
    const r = build('y: balance\nderive: { balance: exports_usd_bn - imports_usd_bn }\nhighlight: 2024\n');
    const s = r.spec!.series[0]!;
    // 2023 (-18.0) negative, 2024 (-6.9) highlighted, the rest positive
    expect(s.pointColors).toEqual([...Array(8).fill('1F4E79'), 'C00000', 'FFB000']);
    const signed = build('y: balance\nderive: { balance: exports_usd_bn - imports_usd_bn }\nnegative: true\n');
    expect(signed.spec!.series[0]!.pointColors).toEqual([...Array(8).fill('2E7D32'), 'C00000', 'C00000']);
    const off = build('y: balance\nderive: { balance: exports_usd_bn - imports_usd_bn }\nnegative: false\n');
    expect(off.spec!.series[0]!.pointColors).toBeUndefined();
  });

  it('highlights categories on a combo: the lone bar series in the highlight colour, line markers too', () => {
    const combo = build('type: combo\nseries:\n  - exports_usd_bn\n  - { column: total_usd_bn, type: line, axis: secondary }\nhighlight: [2015]\n');
    expect(combo.spec!.series[0]!.pointColors![0]).toBe('FFB000');
    expect(combo.spec!.series[0]!.pointColors![1]).toBe('1F4E79');
    expect(combo.spec!.series[1]!.pointColors).toEqual(YEARS.map((y) => (y === '2015' ? 'FFB000' : 'C55A11')));
  });

  it('highlights categories on several bar series by drawing the other categories lighter', () => {
    const design = build(`${DESIGN_EXAMPLE}highlight: [2015, 2024]\n`);
    expect(design.diagnostics).toEqual([]);
    const [exports, imports, balance] = design.spec!.series;
    const keep = (i: number) => i === 0 || i === 9;
    expect(exports!.pointColors).toEqual(YEARS.map((_, i) => (keep(i) ? '1F4E79' : shade('1F4E79', 0.6))));
    expect(imports!.pointColors).toEqual(YEARS.map((_, i) => (keep(i) ? 'C55A11' : shade('C55A11', 0.6))));
    expect(balance!.pointColors).toEqual(YEARS.map((_, i) => (keep(i) ? 'FFB000' : '7F7F7F')));
  });

  it('emphasises a series: the others take the muted colour', () => {
    const r = build(`${DESIGN_EXAMPLE}highlight: { series: Imports from China }\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.spec!.series.map((s) => s.color)).toEqual(['7F7F7F', 'C55A11', '7F7F7F']);
    const byColumn = build(`${DESIGN_EXAMPLE}highlight: { series: [exports_usd_bn] }\n`);
    expect(byColumn.spec!.series.map((s) => s.color)).toEqual(['1F4E79', '7F7F7F', '7F7F7F']);
    expect(build(`${DESIGN_EXAMPLE}highlight: { series: Balanse }\n`).diagnostics.map(formatDiagnostic)).toEqual([
      'briefing/02-trade.md:21:22: error: highlight: `Balanse` is not a series of the chart\n  hint: did you mean `Balance`?',
    ]);
  });

  it('gives pie slices palette colours and the series colour explicit hex', () => {
    const r = build('type: pie\ny: total_usd_bn\nhighlight: 2024\n');
    const s = r.spec!.series[0]!;
    expect(s.pointColors).toHaveLength(10);
    expect(s.pointColors![0]).toBe('1F4E79');
    expect(s.pointColors![1]).toBe('C55A11');
    expect(s.pointColors![9]).toBe('FFB000');
    expect(r.spec!.legend).toBe('right');
  });

  it('cycles the palette with shade variation, never undefined', () => {
    const colors = Array.from({ length: 12 }, (_, i) => paletteColor(['1F4E79', 'C55A11'], i, '000000'));
    expect(colors.every((c) => /^[0-9A-F]{6}$/.test(c))).toBe(true);
    expect(new Set(colors).size).toBe(12);
    expect(colors[2]).not.toBe(colors[0]);
    expect(paletteColor([], 0, '#222222')).toBe('222222');
    expect(paletteColor([], 1, '#222222')).toMatch(/^[0-9A-F]{6}$/);
  });

  it('accepts series colours with or without #', () => {
    const r = build("series:\n  - { column: exports_usd_bn, color: '#aa3300' }\n  - { column: imports_usd_bn, color: 0055AA }\n");
    expect(r.spec!.series.map((s) => s.color)).toEqual(['AA3300', '0055AA']);
  });
});

describe('chartBlockToSpec: annotate', () => {
  it('computes CAGR, change and difference exactly', () => {
    const cagr = build('y: total_usd_bn\nannotate: { cagr: total_usd_bn, from: 2015, to: 2024 }\n');
    expect(cagr.diagnostics).toEqual([]);
    // (272.9 / 227.4) ^ (1/9) − 1 = 2.047…%
    expect(cagr.annotation).toBe('+2.0% a year, 2015–2024');
    expect(build('y: exports_usd_bn\nannotate: cagr\n').annotation).toBe('\u22120.3% a year, 2015–2024');
    expect(build('y: exports_usd_bn\nannotate: { change: exports_usd_bn }\n').annotation).toBe('\u22123.0%, 2015–2024');
    expect(build('y: imports_usd_bn\nannotate: { cagr: imports_usd_bn, from: 2015, to: 2020 }\n').annotation).toBe('+3.8% a year, 2015–2020');
    expect(build('y: balance\nderive: { balance: exports_usd_bn - imports_usd_bn }\nannotate: difference\n').annotation).toBe('\u221253.7, 2015–2024');
  });
});

describe('chartBlockToSpec: errors point at the line and column', () => {
  it('unknown chart type', () => {
    expect(oneError('type: colum\ndata: trade\n')).toBe(
      'briefing/02-trade.md:10:7: error: unsupported chart type `colum`\n  hint: did you mean `column`? (column | bar | line | area | combo | stacked-column | stacked-bar | pie | doughnut | scatter | waterfall)',
    );
  });

  it('unknown dataset', () => {
    expect(oneError('type: column\ndata: trad\n')).toBe('briefing/02-trade.md:11:7: error: unknown dataset `trad`\n  hint: did you mean `trade`?');
  });

  it('unknown column, with did-you-mean', () => {
    expect(oneError('type: column\ndata: trade\ny: [exports_usd_bn, imprts_usd_bn]\n')).toBe(
      'briefing/02-trade.md:12:21: error: unknown column `imprts_usd_bn` in dataset `trade`\n  hint: did you mean `imports_usd_bn`?',
    );
    expect(oneError('data: trade\nseries:\n  - { column: exports_usd_bn }\n  - column: totl_usd_bn\n')).toBe(
      'briefing/02-trade.md:13:13: error: unknown column `totl_usd_bn` in dataset `trade`\n  hint: did you mean `total_usd_bn`?',
    );
    expect(oneError('data: trade\nx: yaer\n')).toBe('briefing/02-trade.md:11:4: error: unknown column `yaer` in dataset `trade`\n  hint: did you mean `year`?');
  });

  it('a text column cannot be charted', () => {
    expect(oneError('data: trade\ny: status\n')).toBe(
      'briefing/02-trade.md:11:4: error: column `status` of dataset `trade` holds text, which cannot be charted as values\n' +
        '  hint: chart a numeric column: year, exports_usd_bn, imports_usd_bn, total_usd_bn',
    );
  });

  it('bad colour', () => {
    expect(oneError("series:\n  - { column: exports_usd_bn, color: '#12345' }\n")).toBe(
      "briefing/02-trade.md:11:38: error: `color: #12345` is not a hex colour\n  hint: write it as six hex digits, quoted when it starts with '#': `color: '#1F4E79'` or `color: 1F4E79`",
    );
  });

  it('unknown keys, top level and in a series', () => {
    expect(oneError('data: trade\ny: exports_usd_bn\nlables: true\n')).toBe('briefing/02-trade.md:12:1: error: unknown chart option `lables`\n  hint: did you mean `labels`?');
    expect(oneError('series:\n  - { column: exports_usd_bn, lable: Exports }\n')).toBe(
      'briefing/02-trade.md:11:31: error: unknown series option `lable`\n  hint: did you mean `label`?',
    );
  });

  it('malformed YAML', () => {
    const msg = oneError('type: column\ndata: [trade\nx: year\n');
    expect(msg).toMatch(/^briefing\/02-trade\.md:12:1: error: malformed chart YAML: /);
    const tab = oneError('type: column\ndata: trade\ndata: trade\n');
    expect(tab).toMatch(/^briefing\/02-trade\.md:12:1: error: malformed chart YAML: Map keys must be unique/);
  });

  it('empty block and a block that is not a map', () => {
    expect(oneError('')).toMatch(/^briefing\/02-trade\.md:10: error: empty chart block/);
    expect(oneError('- column\n- trade\n')).toMatch(/^briefing\/02-trade\.md:10:1: error: a chart block holds YAML options/);
  });

  it('highlight of a category that does not exist', () => {
    expect(oneError('y: exports_usd_bn\nhighlight: [2015, 2052]\n')).toBe(
      'briefing/02-trade.md:11:19: error: highlight: `2052` is not a category of the chart\n  hint: did you mean `2022`?',
    );
  });

  it('combining scatter with lines is refused with the reason', () => {
    expect(oneError('type: scatter\nx: exports_usd_bn\nseries:\n  - { column: imports_usd_bn, type: line }\n')).toBe(
      'briefing/02-trade.md:13:37: error: a scatter chart cannot be combined with other series types or a secondary axis\n' +
        '  hint: pptxgenjs cannot combine scatter with bars, lines or areas: draw them as separate charts, or use type: line',
    );
  });

  it('pie with two series, bad derive, unknown annotation column', () => {
    expect(oneError('type: pie\ny: [exports_usd_bn, imports_usd_bn]\n')).toMatch(/^briefing\/02-trade\.md:11:4: error: a pie chart draws one series, not 2/);
    const derive = oneError('y: balance\nderive:\n  balance: exports_usd_bn - imprts\n');
    expect(derive).toMatch(/^briefing\/02-trade\.md:12:12: error: /);
    expect(derive).toContain('imprts');
    expect(oneError('y: exports_usd_bn\nannotate: { cagr: totl_usd_bn }\n')).toBe(
      'briefing/02-trade.md:11:19: error: unknown column `totl_usd_bn` in dataset `trade`\n  hint: did you mean `total_usd_bn`?',
    );
  });

  it('offsets columns when the block is indented', () => {
    const r = chartBlockToSpec('type: colum\n', { file: 'a.md', line: 4, column: 3 }, datasets(), THEME);
    expect(formatDiagnostic(errors(r.diagnostics)[0]!)).toMatch(/^a\.md:4:9: error: unsupported chart type/);
  });
});
