import { describe, expect, it } from 'vitest';
import type { ChartSpec } from '../src/deck/types.js';
import { chartBlockToSpec } from '../src/layout/chart.js';
import { chartSpecToChartJs } from '../src/render/chartjs.js';
import { THEME, csvColumns, datasets } from './chart-helpers.js';

function spec(yaml: string): ChartSpec {
  const r = chartBlockToSpec(yaml, { file: 't.md', line: 1 }, datasets(), THEME);
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return r.spec;
}

describe('chartSpecToChartJs', () => {
  it('column: labels, data, colours, axis and format hints, all plain JSON', () => {
    const s = spec('type: column\ny: [exports_usd_bn, imports_usd_bn]\nlabels: true\ntitle: Trade\nyTitle: US$ bn\nxTitle: Year');
    const c = chartSpecToChartJs(s);
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    expect(c.type).toBe('bar');
    expect(c.data.labels).toEqual(csvColumns().year);
    expect(c.data.datasets.map((d) => d.label)).toEqual(['exports_usd_bn', 'imports_usd_bn']);
    expect(c.data.datasets[0]!.data).toEqual(csvColumns().exports_usd_bn!.map(Number));
    expect(c.data.datasets.map((d) => d.backgroundColor)).toEqual(['#1F4E79', '#C55A11']);
    expect(c.data.datasets.every((d) => d.briefFormat === '#,##0.0;"−"#,##0.0')).toBe(true);
    expect(c.options.indexAxis).toBeUndefined();
    expect(c.options.scales!.y).toMatchObject({ type: 'linear', beginAtZero: true, title: { display: true, text: 'US$ bn' }, grid: { color: '#D9D9D9' } });
    expect(c.options.scales!.x).toMatchObject({ type: 'category', title: { text: 'Year' } });
    expect(c.options.plugins.title).toMatchObject({ display: true, text: 'Trade', color: '#222222' });
    expect(c.options.plugins.legend).toMatchObject({ display: true, position: 'bottom' });
    expect(c.options.plugins.brief).toMatchObject({ formats: { y: '#,##0.0;"−"#,##0.0' }, dataLabels: true, labelPosition: 'outside' });
  });

  it('combo: a bar chart with line datasets on the y2 axis drawn on top', () => {
    const s = spec(`type: column
series:
  - { column: exports_usd_bn, label: Exports }
  - { column: imports_usd_bn, label: Imports }
  - { column: balance, label: Balance, type: line, axis: secondary }
derive: { balance: exports_usd_bn - imports_usd_bn }
secondaryFormat: '0.0'
y2Title: Balance`);
    const c = chartSpecToChartJs(s);
    expect(c.type).toBe('bar');
    const [ex, im, bal] = c.data.datasets;
    expect(ex).toMatchObject({ type: 'bar', order: 2 });
    expect(ex!.yAxisID).toBeUndefined();
    expect(im!.type).toBe('bar');
    expect(bal).toMatchObject({ type: 'line', yAxisID: 'y2', order: 1, borderColor: '#7F7F7F', fill: false, briefFormat: '0.0;"−"0.0' });
    expect((bal!.data as number[])[8]).toBe(-18);
    expect(c.options.scales!.y2).toMatchObject({ type: 'linear', position: 'right', grid: { drawOnChartArea: false }, title: { text: 'Balance' } });
    expect(c.options.plugins.brief.formats).toEqual({ y: '#,##0.0;"−"#,##0.0', y2: '0.0;"−"0.0' });
  });

  it('per-point colours become backgroundColor arrays', () => {
    const s = spec('y: balance\nderive: { balance: exports_usd_bn - imports_usd_bn }\nhighlight: 2015');
    const d = chartSpecToChartJs(s).data.datasets[0]!;
    expect(d.backgroundColor).toEqual(['#FFB000', ...Array(7).fill('#1F4E79'), '#C00000', '#C00000']);
  });

  it('horizontal and stacked bars', () => {
    const bar = chartSpecToChartJs(spec('type: bar\ny: exports_usd_bn\nformat: "#,##0"'));
    expect(bar.options.indexAxis).toBe('y');
    expect(bar.options.scales!.y!.type).toBe('category');
    expect(bar.options.scales!.x!.type).toBe('linear');
    expect(bar.options.plugins.brief.formats).toEqual({ x: '#,##0;"−"#,##0' });
    const stacked = chartSpecToChartJs(spec('type: stacked-column\ny: [exports_usd_bn, imports_usd_bn]\nlabels: true'));
    expect(stacked.options.scales!.x!.stacked).toBe(true);
    expect(stacked.options.scales!.y!.stacked).toBe(true);
    expect(stacked.options.plugins.brief.labelPosition).toBe('inside');
    expect(stacked.options.plugins.brief.labelColor).toBe('#FFFFFF');
  });

  it('line and area', () => {
    const line = chartSpecToChartJs(spec('type: line\ny: total_usd_bn\nmin: 200\nbeginAtZero: false'));
    expect(line.type).toBe('line');
    expect(line.data.datasets[0]).toMatchObject({ fill: false, borderColor: '#1F4E79', spanGaps: false });
    expect(line.options.scales!.y).toMatchObject({ min: 200, beginAtZero: false });
    expect(line.options.plugins.legend.display).toBe(false);
    const area = chartSpecToChartJs(spec('type: area\ny: total_usd_bn'));
    expect(area.data.datasets[0]).toMatchObject({ fill: 'origin', backgroundColor: '#1F4E79BF', borderWidth: 0 });
  });

  it('pie and doughnut: one dataset, slice colours, no scales', () => {
    const pie = chartSpecToChartJs(spec('type: pie\ny: total_usd_bn'));
    expect(pie.type).toBe('pie');
    expect(pie.options.scales).toBeUndefined();
    expect(pie.data.datasets).toHaveLength(1);
    const colors = pie.data.datasets[0]!.backgroundColor as string[];
    expect(colors).toHaveLength(10);
    expect(colors.slice(0, 3)).toEqual(['#1F4E79', '#C55A11', '#7F7F7F']);
    expect(pie.options.plugins.legend.position).toBe('right');
    expect(pie.options.plugins.brief.formats).toEqual({ value: '#,##0.0;"−"#,##0.0' });
    expect(chartSpecToChartJs(spec('type: doughnut\ny: total_usd_bn')).type).toBe('doughnut');
  });

  it('scatter: {x, y} points on linear axes', () => {
    const c = chartSpecToChartJs(spec('type: scatter\nx: exports_usd_bn\ny: imports_usd_bn'));
    expect(c.type).toBe('scatter');
    expect(c.data.datasets[0]!.data[0]).toEqual({ x: 137.1, y: 90.3 });
    expect(c.options.scales!.x!.type).toBe('linear');
    expect(c.data.datasets[0]!.showLine).toBe(false);
  });

  it('keeps nulls', () => {
    const s = spec('y: exports_usd_bn');
    s.series[0]!.values[4] = null;
    expect(chartSpecToChartJs(s).data.datasets[0]!.data[4]).toBeNull();
  });
});

describe('the preview takes the deck’s axis bounds', () => {
  it('a percentage on the secondary axis ends where the PPTX axis ends, with the same steps', () => {
    const s = spec('type: combo\nseries:\n  - exports_usd_bn\n  - { column: share, type: line, axis: secondary }\nderive: { share: exports_usd_bn / total_usd_bn }\nsecondaryFormat: 0%\n');
    const c = chartSpecToChartJs(s);
    // exports are 54–62% of the total: the axis is 0…70% by 10 points, and the bars' axis has as many steps
    expect(s.secondaryValueAxis).toMatchObject({ min: 0, max: 0.7, majorUnit: 0.1 });
    expect(c.options.scales!.y2).toMatchObject({ min: s.secondaryValueAxis!.min, max: s.secondaryValueAxis!.max, ticks: { stepSize: s.secondaryValueAxis!.majorUnit } });
    expect(c.options.scales!.y).toMatchObject({ min: s.valueAxis.min, max: s.valueAxis.max, ticks: { stepSize: s.valueAxis.majorUnit } });
    expect((s.valueAxis.max! - s.valueAxis.min!) / s.valueAxis.majorUnit!).toBeCloseTo((0.7 - 0) / 0.1, 9);
  });

  it('a waterfall: stacked bars, the base transparent, out of the legend and tooltips, labels the changes', () => {
    const sets = datasets();
    sets.set('bridge', {
      // synthetic, for tests only
      name: 'bridge',
      file: 'data/bridge.csv',
      columns: [
        { name: 'step', type: 'text', values: ['2022', 'A', 'B', '2024'] },
        { name: 'change', type: 'number', values: [5, -8, 1, -2] },
      ],
      rowLines: [2, 3, 4, 5],
      categoryColumn: 'step',
    });
    const r = chartBlockToSpec('type: waterfall\ndata: bridge\ny: change\nformat: "0"\n', { file: 't.md', line: 1 }, sets, THEME);
    expect(r.diagnostics).toEqual([]);
    const c = chartSpecToChartJs(r.spec!);
    expect(c.type).toBe('bar');
    expect(c.options.scales!.y).toMatchObject({ stacked: true, min: r.spec!.valueAxis.min, max: r.spec!.valueAxis.max });
    const [base, above, below] = c.data.datasets;
    expect(base).toMatchObject({ briefHidden: true, backgroundColor: 'rgba(0,0,0,0)', data: [null, null, -2, null] });
    // 5 → −3 crosses zero: 5 above, 3 below, labelled −8 once, on the larger part
    expect(above).toMatchObject({ data: [5, 5, null, null], briefLabels: ['5', '−8', null, null] });
    expect(below).toMatchObject({ data: [null, -3, -1, -2], briefLabels: [null, null, '+1', '−2'] });
  });
});
