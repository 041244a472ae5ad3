import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ChartSpec } from '../src/deck/types.js';
import { chartBlockToSpec } from '../src/layout/chart.js';
import { addChartToSlide } from '../src/render/pptx/chart.js';
import { fixupPptx } from '../src/render/pptx/fixup/index.js';
import { PptxGenJS } from '../src/render/pptx/pptxgen.js';
import { THEME, csvColumns, datasets } from './chart-helpers.js';
import { missingTools, validatorPath } from './helpers/tools.js';

const BOX = { x: 0.5, y: 1.2, w: 9, h: 5 };
const validateSkip = missingTools('xmllint', 'python3', 'shared');

function spec(yaml: string): ChartSpec {
  const r = chartBlockToSpec(yaml, { file: 't.md', line: 1 }, datasets(), THEME);
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return r.spec;
}

async function deck(specs: ChartSpec[]): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_16x9';
  for (const s of specs) addChartToSlide(pptx, pptx.addSlide(), s, BOX);
  return (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
}

interface Rendered {
  /** The chart part (pptxgenjs numbers charts per process, so the name varies). */
  xml: string;
  frame: string;
  sheet: string[][];
}

async function render(s: ChartSpec): Promise<Rendered> {
  const zip = unzipSync(await deck([s]));
  const charts = Object.keys(zip).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n));
  const books = Object.keys(zip).filter((n) => /^ppt\/embeddings\/.*\.xlsx$/.test(n));
  expect(charts).toHaveLength(1);
  expect(books).toHaveLength(1);
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  const wb = unzipSync(zip[books[0]!]!);
  return { xml: text(zip[charts[0]!]!), frame: text(zip['ppt/slides/slide1.xml']!), sheet: worksheet(text(wb['xl/worksheets/sheet1.xml']!), text(wb['xl/sharedStrings.xml']!)) };
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The embedded sheet as a grid of cell texts (shared strings resolved). */
function worksheet(sheet: string, sst: string): string[][] {
  const strings = [...sst.matchAll(/<si><t[^>]*>([^<]*)<\/t><\/si>/g)].map((m) => unescape(m[1]!));
  const grid: string[][] = [];
  for (const m of sheet.matchAll(/<c r="([A-Z]+)(\d+)"( t="s")?><v>([^<]*)<\/v><\/c>/g)) {
    const col = m[1]!.charCodeAt(0) - 65;
    const row = Number(m[2]) - 1;
    (grid[row] ??= [])[col] = m[3] ? strings[Number(m[4])]! : m[4]!;
  }
  return grid;
}

interface Ser {
  name: string;
  cats: string[];
  vals: string[];
  xml: string;
}

function series(xml: string): Ser[] {
  return [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => {
    const ser = m[1]!;
    const pts = (tag: string) => {
      const block = new RegExp(`<c:${tag}>([\\s\\S]*?)</c:${tag}>`).exec(ser)?.[1] ?? '';
      return [...block.matchAll(/<c:pt idx="\d+">\s*<c:v>([^<]*)<\/c:v>/g)].map((p) => unescape(p[1]!));
    };
    return { name: pts('tx')[0]!, cats: pts('cat'), vals: pts('val'), xml: ser };
  });
}

const count = (xml: string, re: RegExp) => (xml.match(re) ?? []).length;
const fills = (xml: string) => [...xml.matchAll(/<a:srgbClr val="([0-9A-F]{6})"/g)].map((m) => m[1]!);

describe('addChartToSlide → native chart XML', () => {
  it('column: series names, categories, values, format, colours, and the embedded workbook', async () => {
    const s = spec('type: column\ny: [exports_usd_bn, imports_usd_bn]\nlabels: true\nyTitle: US$ bn\ntitle: Trade');
    const { xml, sheet, frame } = await render(s);
    const csv = csvColumns();
    expect(xml).toContain('<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>');
    const sers = series(xml);
    expect(sers.map((x) => x.name)).toEqual(['exports_usd_bn', 'imports_usd_bn']);
    expect(sers[0]!.cats).toEqual(csv.year);
    expect(sers[0]!.vals).toEqual(csv.exports_usd_bn!.map((v) => String(Number(v))));
    expect(sers[1]!.vals).toEqual(csv.imports_usd_bn!.map((v) => String(Number(v))));
    expect(xml).toContain('<c:numFmt formatCode="#,##0.0;&quot;−&quot;#,##0.0" sourceLinked="0"/>');
    expect(count(xml, /<c:valAx>/g)).toBe(1);
    expect(xml).toContain('<c:showVal val="1"/>');
    expect(sers[0]!.xml).toContain('<a:srgbClr val="1F4E79"/>');
    expect(sers[1]!.xml).toContain('<a:srgbClr val="C55A11"/>');
    expect(xml).toContain('<a:t>Trade</a:t>');
    expect(xml).toContain('<a:t>US$ bn</a:t>');
    expect(xml).toContain('<a:latin typeface="Calibri"/>');
    expect(xml).toMatch(/<c:majorGridlines>\s*<c:spPr>\s*<a:ln[^>]*>\s*<a:solidFill><a:srgbClr val="D9D9D9"\/>/);
    expect(xml).toContain('<c:min val="0"/>');
    expect(xml).toContain('<c:legendPos val="b"/>');
    // the workbook holds the same table
    expect(sheet[0]!.slice(1)).toEqual(['exports_usd_bn', 'imports_usd_bn']);
    expect(sheet.slice(1).map((r) => r[0])).toEqual(csv.year);
    expect(sheet.slice(1).map((r) => Number(r[1]))).toEqual(csv.exports_usd_bn!.map(Number));
    expect(sheet.slice(1).map((r) => Number(r[2]))).toEqual(csv.imports_usd_bn!.map(Number));
    // position in inches → EMU
    expect(frame).toContain(`<a:off x="${0.5 * 914400}" y="${1.2 * 914400}"/>`);
    expect(frame).toContain(`<a:ext cx="${9 * 914400}" cy="${5 * 914400}"/>`);
  });

  it('combo: bar + line groups, a secondary value axis, derived values, per-axis formats', async () => {
    const s = spec(`type: column
series:
  - { column: exports_usd_bn, label: Exports to China }
  - { column: imports_usd_bn, label: Imports from China }
  - { column: balance, label: Balance, type: line, axis: secondary }
derive: { balance: exports_usd_bn - imports_usd_bn }
format: '#,##0.0'
secondaryFormat: '+#,##0.0;-#,##0.0'
labels: true
y2Title: Balance, US$ bn`);
    const { xml, sheet } = await render(s);
    expect(count(xml, /<c:valAx>/g)).toBe(2);
    expect(count(xml, /<c:barChart>/g)).toBe(1);
    expect(count(xml, /<c:lineChart>/g)).toBe(1);
    const sers = series(xml);
    expect(sers.map((x) => x.name)).toEqual(['Exports to China', 'Imports from China', 'Balance']);
    expect(sers[2]!.vals[8]).toBe('-18');
    expect(sers[2]!.vals).toEqual(['46.8', '37.4', '44.2', '55.6', '29', '23.7', '24.3', '1.2', '-18', '-6.9']);
    expect(xml).toContain('formatCode="+#,##0.0;&quot;−&quot;#,##0.0"');
    expect(xml).toContain('<c:numFmt formatCode="#,##0.0;&quot;−&quot;#,##0.0" sourceLinked="0"/>');
    // the line's series, marker and label colour come from the spec, never from pptxgenjs
    expect(new Set(fills(sers[2]!.xml.replace(/<c:dLbls>[\s\S]*?<\/c:dLbls>/, '')))).toEqual(new Set(['7F7F7F']));
    // the line sits on the secondary axes
    const lineGroup = /<c:lineChart>[\s\S]*<\/c:lineChart>/.exec(xml)![0];
    const barGroup = /<c:barChart>[\s\S]*<\/c:barChart>/.exec(xml)![0];
    const axIds = (g: string) => [...g.matchAll(/<c:axId val="(\d+)"\/>/g)].map((m) => m[1]);
    expect(axIds(lineGroup).slice(0, 2)).not.toEqual(axIds(barGroup).slice(0, 2));
    expect(sheet[0]!.slice(1)).toEqual(['Exports to China', 'Imports from China', 'Balance']);
    expect(sheet.slice(1).map((r) => Number(r[3]))).toEqual([46.8, 37.4, 44.2, 55.6, 29, 23.7, 24.3, 1.2, -18, -6.9]);
  });

  it('highlights and negatives become per-point fills of a single bar series', async () => {
    const s = spec('y: balance\nderive: { balance: exports_usd_bn - imports_usd_bn }\nhighlight: 2015');
    const { xml } = await render(s);
    const dpts = [...xml.matchAll(/<c:dPt>\s*<c:idx val="(\d+)"\/>[\s\S]*?<a:srgbClr val="([0-9A-F]{6})"\/>[\s\S]*?<\/c:dPt>/g)].map((m) => [Number(m[1]), m[2]]);
    expect(dpts).toEqual(s.series[0]!.pointColors!.map((c, i) => [i, c]));
    expect(dpts[0]).toEqual([0, 'FFB000']);
    expect(dpts[8]).toEqual([8, 'C00000']);
    expect(dpts[9]).toEqual([9, 'C00000']);
    expect(dpts[4]).toEqual([4, '1F4E79']);
  });

  it('every chart type maps to its native chart element, with only the spec’s colours', async () => {
    const cases: [string, RegExp][] = [
      ['type: bar\ny: [exports_usd_bn, imports_usd_bn]', /<c:barDir val="bar"\/><c:grouping val="clustered"\/>/],
      ['type: stacked-column\ny: [exports_usd_bn, imports_usd_bn]\nlabels: true', /<c:barDir val="col"\/><c:grouping val="stacked"\/>[\s\S]*<c:overlap val="100"\/>/],
      ['type: stacked-bar\ny: [exports_usd_bn, imports_usd_bn]', /<c:barDir val="bar"\/><c:grouping val="stacked"\/>/],
      ['type: line\ny: [exports_usd_bn, imports_usd_bn, total_usd_bn]', /<c:lineChart>/],
      ['type: area\ny: [total_usd_bn, exports_usd_bn]', /<c:areaChart>/],
      ['type: pie\ny: total_usd_bn\nlabels: true', /<c:pieChart>/],
      ['type: doughnut\ny: total_usd_bn', /<c:doughnutChart>[\s\S]*<c:holeSize val="55"\/>/],
      ['type: scatter\nx: exports_usd_bn\ny: imports_usd_bn', /<c:scatterChart>/],
    ];
    for (const [yaml, element] of cases) {
      const s = spec(yaml);
      const { xml } = await render(s);
      expect(xml, yaml).toMatch(element);
      const allowed = new Set([...s.series.flatMap((x) => [x.color, ...(x.pointColors ?? [])]), s.textColor, s.gridColor, 'FFFFFF']);
      // pptxgenjs's own constants: pie series outline F9F9F9, pie group label default 000000
      if (s.type === 'pie' || s.type === 'doughnut') allowed.add('F9F9F9').add('000000');
      const stray = fills(xml).filter((c) => !allowed.has(c));
      expect(stray, yaml).toEqual([]);
      if (s.type !== 'pie' && s.type !== 'doughnut') {
        // each series is painted with its own colour: fill, outline and marker
        series(xml).forEach((ser, i) => {
          const own = fills(ser.xml.replace(/<c:dLbls>[\s\S]*?<\/c:dLbls>/, ''));
          expect(new Set(own), `${yaml} series ${i}`).toEqual(new Set([s.series[i]!.color]));
        });
      }
      // the same spec renders to the same XML (no random colours)
      expect((await render(s)).xml, yaml).toBe(xml);
    }
  });

  it('scatter: x values in c:xVal, y values in c:yVal, workbook columns X and Y', async () => {
    const s = spec('type: scatter\nx: exports_usd_bn\ny: imports_usd_bn');
    const { xml, sheet } = await render(s);
    const csv = csvColumns();
    const xs = [.../<c:xVal>([\s\S]*?)<\/c:xVal>/.exec(xml)![1]!.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => Number(m[1]));
    const ys = [.../<c:yVal>([\s\S]*?)<\/c:yVal>/.exec(xml)![1]!.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => Number(m[1]));
    expect(xs).toEqual(csv.exports_usd_bn!.map(Number));
    expect(ys).toEqual(csv.imports_usd_bn!.map(Number));
    expect(sheet.slice(1).map((r) => [Number(r[0]), Number(r[1])])).toEqual(xs.map((x, i) => [x, ys[i]]));
    // the x axis shows plain numbers, the y axis the chart's format
    expect(xml).toContain('<c:numFmt formatCode="General" sourceLinked="1"/>');
    expect(xml).toContain('<c:numFmt formatCode="#,##0.0;&quot;−&quot;#,##0.0" sourceLinked="0"/>');
  });

  it('horizontal bars list the first category at the top', async () => {
    const { xml } = await render(spec('type: bar\ny: exports_usd_bn'));
    const catAx = /<c:catAx>[\s\S]*?<\/c:catAx>/.exec(xml)![0];
    const valAx = /<c:valAx>[\s\S]*?<\/c:valAx>/.exec(xml)![0];
    expect(catAx).toContain('<c:orientation val="maxMin"/>');
    expect(valAx).toContain('<c:crosses val="max"/>');
    expect(valAx).toContain('<c:tickLblPos val="nextTo"/>');
  });

  it('keeps nulls as gaps and empty category labels safe', async () => {
    const s = spec('y: exports_usd_bn');
    s.series[0]!.values[2] = null;
    s.categories[3] = '';
    const { xml, sheet } = await render(s);
    const ser = series(xml)[0]!;
    expect(ser.vals[2]).toBe('');
    expect(ser.cats[3]).toBe(' ');
    expect(sheet.slice(1).map((r) => r[0])).toEqual(['2015', '2016', '2017', ' ', '2019', '2020', '2021', '2022', '2023', '2024']);
    expect(xml).toContain('<c:dispBlanksAs val="gap"/>');
  });

  it.skipIf(validateSkip !== undefined)(`every chart type validates against ECMA-376 after the fix-up pass${validateSkip ? ` (skipped: ${validateSkip})` : ''}`, async () => {
    const yamls = [
      'type: column\ny: [exports_usd_bn, imports_usd_bn]\nlabels: true\ntitle: T\nxTitle: X\nyTitle: Y',
      'y: balance\nderive: { balance: exports_usd_bn - imports_usd_bn }\nhighlight: [2015]\nlabels: true',
      'type: bar\ny: [exports_usd_bn, imports_usd_bn]\nlabels: true',
      'type: stacked-column\ny: [exports_usd_bn, imports_usd_bn]\nlabels: true',
      'type: stacked-bar\ny: [exports_usd_bn, imports_usd_bn]',
      'type: line\ny: [exports_usd_bn, imports_usd_bn]\nlabels: true',
      'type: area\ny: [total_usd_bn, exports_usd_bn]\nlabels: true',
      'type: pie\ny: total_usd_bn\nlabels: true',
      'type: doughnut\ny: total_usd_bn\nlabels: true',
      'type: scatter\nx: exports_usd_bn\ny: imports_usd_bn\nlabels: true',
      'type: combo\nseries:\n  - total_usd_bn\n  - { column: exports_usd_bn, type: area }\n  - { column: imports_usd_bn, type: line, axis: secondary }\nlabels: true\ny2Title: Imports',
    ];
    const dir = mkdtempSync(path.join(tmpdir(), 'brief-chart-'));
    try {
      const file = path.join(dir, 'charts.pptx');
      writeFileSync(file, fixupPptx(await deck(yamls.map(spec))));
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
