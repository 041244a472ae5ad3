/**
 * Emphasis, waterfalls and aligned axes, down to the chart XML the deck carries: the spec from
 * layout, drawn by pptxgenjs, with what it cannot write added from the spec (deck-marks.ts), then
 * the fix-up pass; the result validates against ECMA-376.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { DataSet } from '../src/data/types.js';
import type { ChartSpec } from '../src/deck/types.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { chartBlockToSpec } from '../src/layout/chart.js';
import { shade } from '../src/layout/chart-colors.js';
import { chartSpecToChartJs } from '../src/render/chartjs.js';
import { addChartToSlide } from '../src/render/pptx/chart.js';
import { markChart } from '../src/render/pptx/fixup/chart-marks.js';
import { fixupPptx } from '../src/render/pptx/fixup/index.js';
import { PptxGenJS } from '../src/render/pptx/pptxgen.js';
import { THEME, datasets } from './chart-helpers.js';
import { missingTools, validatorPath } from './helpers/tools.js';

const BOX = { x: 0.5, y: 1.2, w: 9, h: 5 };
const validateSkip = missingTools('xmllint', 'python3', 'shared');

/**
 * Synthetic data for tests only (not the sample's facts): a bridge from a balance of 12.0 to one
 * of −2.0, whose running total crosses zero on the second decrease (4.0 → −5.0).
 */
function bridgeData(): DataSet {
  const cats = ['2022', 'Chips', 'Chemicals', 'Cars', '2024'];
  return {
    name: 'bridge',
    file: 'data/bridge.csv',
    units: 'US$ bn',
    source: 'synthetic',
    columns: [
      { name: 'step', type: 'text', values: cats },
      { name: 'change', type: 'number', values: [12, -8, -9, 3, -2] },
    ],
    rowLines: [2, 3, 4, 5, 6],
    categoryColumn: 'step',
  };
}

function build(yaml: string, lang?: string) {
  const sets = datasets();
  sets.set('bridge', bridgeData());
  return chartBlockToSpec(yaml, { file: 't.md', line: 1 }, sets, { ...THEME, lang });
}

function spec(yaml: string): ChartSpec {
  const r = build(yaml.includes('data:') ? yaml : `data: trade\n${yaml}`);
  if (!r.spec) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.spec;
}

/** One chart on one slide → the zip, with the chart part marked from its spec, before the fix-up. */
async function pptxOf(specs: ChartSpec[]): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_16x9';
  const parts = new Map<string, ChartSpec>();
  for (const s of specs) {
    const part = addChartToSlide(pptx, pptx.addSlide(), s, BOX);
    parts.set(part!, s);
  }
  const zip = unzipSync((await pptx.write({ outputType: 'uint8array' })) as Uint8Array);
  for (const [name, s] of parts) zip[name] = strToU8(markChart(strFromU8(zip[name]!), s));
  return zipSync(zip);
}

async function chartXml(s: ChartSpec): Promise<string> {
  const zip = unzipSync(fixupPptx(await pptxOf([s])));
  const name = Object.keys(zip).find((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))!;
  return strFromU8(zip[name]!);
}

const sers = (xml: string) => [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => m[1]!);
const vals = (ser: string) => {
  const block = /<c:val>([\s\S]*?)<\/c:val>/.exec(ser)![1]!;
  return [...block.matchAll(/<c:pt idx="(\d+)">\s*<c:v>([^<]*)<\/c:v>/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
};
const dPts = (ser: string) => [...ser.matchAll(/<c:dPt><c:idx val="(\d+)"\/>([\s\S]*?)<\/c:dPt>/g)].map((m) => ({ idx: Number(m[1]), xml: m[2]! }));
/** The colour of a series' line (its own c:spPr, before any marker or point). */
const lineColor = (ser: string) => /<c:tx>[\s\S]*?<\/c:tx>\s*<c:spPr>[\s\S]*?<a:ln[^>]*><a:solidFill><a:srgbClr val="([0-9A-F]{6})"/.exec(ser)?.[1];
const axisBounds = (xml: string) =>
  [...xml.matchAll(/<c:valAx>([\s\S]*?)<\/c:valAx>/g)].map((m) => ({
    min: Number(/<c:min val="([^"]+)"\/>/.exec(m[1]!)?.[1]),
    max: Number(/<c:max val="([^"]+)"\/>/.exec(m[1]!)?.[1]),
    major: Number(/<c:majorUnit val="([^"]+)"\/>/.exec(m[1]!)?.[1]),
  }));

describe('emphasis in the chart XML', () => {
  it('highlight on a two-series line chart: a c:dPt with a highlight-coloured marker on the point, in each series', async () => {
    const xml = await chartXml(spec('type: line\ny: [exports_usd_bn, imports_usd_bn]\nhighlight: [2021]\n'));
    const [a, b] = sers(xml);
    for (const ser of [a!, b!]) {
      const points = dPts(ser);
      expect(points.map((p) => p.idx)).toEqual([6]);
      expect(points[0]!.xml).toMatch(/<c:marker><c:symbol val="circle"\/><c:size val="8"\/><c:spPr><a:solidFill><a:srgbClr val="FFB000"\/>/);
    }
    // the lines themselves keep their colours
    expect(lineColor(a!)).toBe('1F4E79');
    expect(lineColor(b!)).toBe('C55A11');
  });

  it('highlight on two bar series: the other categories lighter, point by point', async () => {
    const xml = await chartXml(spec('type: column\ny: [exports_usd_bn, imports_usd_bn]\nhighlight: [2015, 2024]\n'));
    const [a] = sers(xml);
    const points = dPts(a!);
    expect(points.map((p) => p.idx)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const p of points) expect(p.xml).toContain(`<a:srgbClr val="${shade('1F4E79', 0.6)}"/>`);
  });

  it('series emphasis: the others in the muted colour', async () => {
    const xml = await chartXml(spec('type: line\nseries:\n  - { column: exports_usd_bn, label: Exports }\n  - { column: imports_usd_bn, label: Imports }\nhighlight: { series: Imports }\n'));
    const [a, b] = sers(xml);
    expect(lineColor(a!)).toBe('7F7F7F');
    expect(lineColor(b!)).toBe('C55A11');
  });
});

describe('emphasis on an area chart', () => {
  const yaml = 'type: area\ny: [exports_usd_bn, imports_usd_bn]\nhighlight: [2016, 2021]\nlabels: true\n';

  it('layout: one marker-only series per area, with the area values at the highlighted categories only', () => {
    const r = build(`data: trade\n${yaml}`);
    expect(r.diagnostics).toEqual([]);
    const s = r.spec!;
    const overlays = s.series.filter((x) => x.markersOnly);
    expect(overlays.map((x) => x.color)).toEqual(['FFB000', 'FFB000']);
    const areas = s.series.filter((x) => !x.markersOnly);
    expect(areas.map((x) => x.type)).toEqual(['area', 'area']);
    for (const [k, o] of overlays.entries()) {
      expect(o.type).toBe('line');
      expect(o.values).toEqual(areas[k]!.values.map((v, i) => (i === 1 || i === 6 ? v : null)));
    }
    // the alt text speaks of the two areas only
    expect(s.alt).not.toMatch(/highlighted/);
  });

  it('with series emphasis, only the emphasised area gets markers', () => {
    const s = spec('type: area\nseries:\n  - { column: exports_usd_bn, label: Exports }\n  - { column: imports_usd_bn, label: Imports }\nhighlight: { series: Imports, categories: [2024] }\n');
    expect(s.series.map((x) => [x.name, x.color, x.markersOnly ?? false])).toEqual([
      ['Exports', '7F7F7F', false],
      ['Imports', 'C55A11', false],
      ['Imports (highlighted)', 'FFB000', true],
    ]);
  });

  it('PPTX: a line series over the areas, markers in the highlight colour at the highlighted points only, no line, no labels, no legend entry', async () => {
    const s = spec(yaml);
    const xml = await chartXml(s);
    const area = /<c:areaChart>([\s\S]*?)<\/c:areaChart>/.exec(xml)![1]!;
    const lines = [...xml.matchAll(/<c:lineChart>([\s\S]*?)<\/c:lineChart>/g)].map((m) => m[1]!);
    expect(sers(area)).toHaveLength(2);
    expect(lines).toHaveLength(2);
    for (const [k, group] of lines.entries()) {
      const [ser] = sers(group);
      // the cache holds values at the highlighted categories (2016 = idx 1, 2021 = idx 6) and nothing at the others
      expect(vals(ser!).map(([i]) => i)).toEqual([1, 6]);
      expect(vals(ser!).map(([, v]) => v)).toEqual([1, 6].map((i) => s.series[k]!.values[i]));
      expect(ser).toMatch(/<c:marker>\s*<c:symbol val="circle"\/>\s*<c:size val="9"\/>\s*<c:spPr>\s*<a:solidFill><a:srgbClr val="FFB000"\/>/);
      expect(ser).toMatch(/<c:tx>[\s\S]*?<\/c:tx>\s*<c:spPr><a:solidFill><a:srgbClr val="FFB000"\/><\/a:solidFill><a:ln><a:noFill\/><\/a:ln>/);
      expect(ser).toContain('<c:dLbls><c:delete val="1"/></c:dLbls>');
    }
    // the areas keep their colours and carry no highlight colour
    for (const ser of sers(area)) expect(ser).not.toContain('FFB000');
    // legend: the overlay series (idx 2, 3) are deleted, the areas listed
    const legend = /<c:legend>([\s\S]*?)<\/c:legend>/.exec(xml)?.[1] ?? '';
    const deleted = [...legend.matchAll(/<c:legendEntry><c:idx val="(\d+)"\/><c:delete val="1"\/><\/c:legendEntry>/g)].map((m) => Number(m[1]));
    const overlayIdx = lines.map((g) => Number(/<c:idx val="(\d+)"\/>/.exec(sers(g)[0]!)![1]));
    expect(deleted.sort()).toEqual(overlayIdx.sort());
    expect(overlayIdx).toHaveLength(2);
  });

  it('chart.js: the same markers, drawn on top, out of the legend and the labels', () => {
    const config = chartSpecToChartJs(spec(yaml));
    const ds = config.data.datasets;
    expect(ds).toHaveLength(4);
    expect(ds.slice(0, 2).map((d) => d.fill)).toEqual(['origin', 'origin']);
    for (const d of ds.slice(2)) {
      expect(d).toMatchObject({ briefHidden: true, type: 'line', showLine: false, pointBackgroundColor: '#FFB000', order: -1 });
      expect((d.data as (number | null)[]).map((v, i) => (v === null ? null : i)).filter((i) => i !== null)).toEqual([1, 6]);
    }
  });
});

describe('waterfall', () => {
  const yaml = 'type: waterfall\ndata: bridge\ny: change\nformat: "0.0"\n';

  it('lays out an invisible base and visible parts that are the changes, across zero', () => {
    const r = build(yaml);
    expect(r.diagnostics).toEqual([]);
    const s = r.spec!;
    expect(s.type).toBe('waterfall');
    expect(s.dataLabels).toBe(true);
    expect(s.legend).toBe('none');
    const [base, above, below] = s.series;
    expect(base!.hidden).toBe(true);
    // 12 (total) → 4 → −5 (crosses zero) → −2 → −2 (total)
    expect(base!.values).toEqual([null, 4, null, -2, null]);
    expect(above!.values).toEqual([12, 8, 4, null, null]);
    expect(below!.values).toEqual([null, null, -5, -3, -2]);
    // what is seen of each bar is the change (or the total)
    const seen = s.categories.map((_, i) => (above!.values[i] ?? 0) - (below!.values[i] ?? 0));
    expect(seen).toEqual([12, 8, 9, 3, 2]);
    expect(above!.pointColors).toEqual(['1F4E79', 'C00000', 'C00000', '2E7D32', '1F4E79']);
    expect(below!.pointColors).toEqual(above!.pointColors);
    // one label per bar, on its larger part: signed changes, and the totals as they are
    expect(s.categories.map((_, i) => above!.labels![i] ?? below!.labels![i])).toEqual(['12.0', '−8.0', '−9.0', '+3.0', '−2.0']);
    expect(below!.labels![2]).toBe('−9.0');
    expect(above!.labels![2]).toBeNull();
    // the axis shows the whole stack: −5 below zero, 12 above
    expect(s.valueAxis.min).toBeLessThanOrEqual(-5);
    expect(s.valueAxis.max).toBeGreaterThanOrEqual(12);
  });

  it('warns when the last total is not where the changes lead', () => {
    const r = build('type: waterfall\ndata: bridge\ny: change\ntotals: [2022, 2024]\nformat: "0.0"\n'.replace('2024]', '2024]'));
    expect(r.diagnostics).toEqual([]);
    const sets = datasets();
    const bad = bridgeData();
    bad.columns[1]!.values = [12, -8, -9, 3, -1];
    sets.set('bridge', bad);
    const w = chartBlockToSpec(yaml, { file: 't.md', line: 1 }, sets, THEME);
    expect(w.diagnostics.map(formatDiagnostic)).toEqual([
      't.md:3:4: warning: the total for `2024` (−1.0) is not the running total before it (−2.0)\n  hint: check the changes add up, or add the missing change as a category (e.g. `Other`)',
    ]);
  });

  it('draws native stacked columns: the base has no fill, no labels; the labels are the changes', async () => {
    const xml = await chartXml(spec(yaml));
    expect(xml).toContain('<c:grouping val="stacked"/>');
    const [base, above, below] = sers(xml);
    expect(base!).toContain('<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>');
    expect(base!).toContain('<c:dLbls><c:delete val="1"/></c:dLbls>');
    expect(vals(above!)).toEqual([
      [0, 12],
      [1, 8],
      [2, 4],
    ]);
    expect(vals(below!)).toEqual([
      [2, -5],
      [3, -3],
      [4, -2],
    ]);
    const labels = (ser: string) => [...ser.matchAll(/<c:dLbl><c:idx val="(\d+)"\/><c:tx>[\s\S]*?<a:t>([^<]*)<\/a:t>/g)].map((m) => [Number(m[1]), m[2]]);
    expect(labels(above!)).toEqual([
      [0, '12.0'],
      [1, '−8.0'],
    ]);
    expect(labels(below!)).toEqual([
      [2, '−9.0'],
      [3, '+3.0'],
      [4, '−2.0'],
    ]);
    // increases and decreases in the template's colours, point by point
    expect(dPts(below!).find((p) => p.idx === 3)!.xml).toContain('<a:srgbClr val="2E7D32"/>');
    expect(dPts(below!).find((p) => p.idx === 2)!.xml).toContain('<a:srgbClr val="C00000"/>');
  });
});

describe('aligned value axes', () => {
  it('a combo: fixed bounds on both value axes, zero at the same height, gridlines shared', async () => {
    const s = spec(`type: column
series:
  - { column: exports_usd_bn, label: Exports to China }
  - { column: imports_usd_bn, label: Imports from China }
  - { column: balance, label: Balance, type: line, axis: secondary }
derive: { balance: exports_usd_bn - imports_usd_bn }`);
    const xml = await chartXml(s);
    const [p, q] = axisBounds(xml);
    expect(p).toEqual({ min: -50, max: 200, major: 50 });
    expect(q).toEqual({ min: -20, max: 80, major: 20 });
    const zero = (a: { min: number; max: number }) => -a.min / (a.max - a.min);
    expect(zero(p!)).toBeCloseTo(zero(q!), 10);
    expect((p!.max - p!.min) / p!.major).toBe((q!.max - q!.min) / q!.major);
  });

  it('keeps each axis to itself when one of them does not include zero', () => {
    const s = spec('type: combo\nseries:\n  - exports_usd_bn\n  - { column: total_usd_bn, type: line, axis: secondary }\ny2Min: 200\n');
    expect(s.valueAxis).toMatchObject({ min: 0, max: 175, majorUnit: 25 });
    expect(s.secondaryValueAxis).toMatchObject({ min: 200 });
  });
});

describe('the deck validates', () => {
  it.skipIf(validateSkip !== undefined)(`with emphasis, a waterfall and aligned axes${validateSkip ? ` (skipped: ${validateSkip})` : ''}`, async () => {
    const specs = [
      spec('type: line\ny: [exports_usd_bn, imports_usd_bn]\nhighlight: [2021]\nlabels: true\n'),
      spec('type: column\ny: [exports_usd_bn, imports_usd_bn]\nhighlight: [2015, 2024]\nlabels: true\n'),
      spec('type: waterfall\ndata: bridge\ny: change\nformat: "0.0"\nlegend: bottom\n'),
      spec('type: area\ny: [exports_usd_bn, imports_usd_bn]\nhighlight: [2016, 2021]\nlabels: true\nlegend: bottom\n'),
      spec('type: combo\nseries:\n  - exports_usd_bn\n  - { column: total_usd_bn, type: line, axis: secondary }\nhighlight: [2016]\n'),
    ];
    const dir = mkdtempSync(path.join(tmpdir(), 'brief-emphasis-'));
    try {
      const file = path.join(dir, 'charts.pptx');
      writeFileSync(file, fixupPptx(await pptxOf(specs)));
      let out = '';
      try {
        out = execFileSync(validatorPath, [file], { encoding: 'utf8' });
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string };
        throw new Error(`validate-pptx failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
      }
      expect(out).toMatch(/valid/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
