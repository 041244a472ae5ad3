/**
 * What both renderers draw is decided once, in layout: the area opacity, where data labels go and
 * their colour, the bullet indent. The deck and the preview must show the same.
 */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ChartSpec } from '../src/deck/types.js';
import { formatNumber } from '../src/data/number-format.js';
import { chartBlockToSpec } from '../src/layout/chart.js';
import { AREA_OPACITY, dataLabelColor, labelsInside } from '../src/layout/chart-colors.js';
import { BULLET_INDENT_IN } from '../src/layout/measure.js';
import { chartSpecToChartJs } from '../src/render/chartjs.js';
import { categoriesOnTicks } from '../src/layout/chart-axes.js';
import { addChartToSlide } from '../src/render/pptx/chart.js';
import { markChart } from '../src/render/pptx/fixup/chart-marks.js';
import { PptxGenJS } from '../src/render/pptx/pptxgen.js';
import { deckToPptxGen } from '../src/render/pptx/render.js';
import { THEME, datasets } from './chart-helpers.js';

function spec(yaml: string): ChartSpec {
  const r = chartBlockToSpec(yaml, { file: 't.md', line: 1 }, datasets(), { ...THEME, palette: ['1F1F1F', '2B2B2B'] });
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return r.spec;
}

/** The chart part as the deck gets it: pptxgenjs's, with what the fix-up writes from the spec. */
async function chartXml(s: ChartSpec): Promise<string> {
  const pptx = new PptxGenJS();
  addChartToSlide(pptx, pptx.addSlide(), s, { x: 0.5, y: 0.5, w: 9, h: 5 });
  const zip = unzipSync((await pptx.write({ outputType: 'uint8array' })) as Uint8Array);
  return markChart(new TextDecoder().decode(zip[Object.keys(zip).find((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))!]!), s);
}

describe('the deck and the preview agree', () => {
  it('area fills: one opacity in both', async () => {
    const s = spec('type: area\ndata: trade\ny: [exports_usd_bn, imports_usd_bn]\n');
    expect(await chartXml(s)).toContain(`<a:alpha val="${Math.round(AREA_OPACITY * 100_000)}"/>`);
    const area = chartSpecToChartJs(s).data.datasets[0] as { backgroundColor: string };
    expect(parseInt(area.backgroundColor.slice(7, 9), 16)).toBe(Math.round(AREA_OPACITY * 255));
  });

  it('labels inside dark stacked bars: the same colour and place in both', async () => {
    const s = spec('type: stacked-column\ndata: trade\ny: [exports_usd_bn, imports_usd_bn]\nlabels: true\n');
    expect(labelsInside(s)).toBe(true);
    expect(dataLabelColor(s)).toBe('FFFFFF');
    const xml = await chartXml(s);
    expect(xml).toMatch(/<c:dLblPos val="ctr"\/>/);
    expect(xml).toMatch(/<c:dLbls>[\s\S]*?<a:solidFill><a:srgbClr val="FFFFFF"\/>/);
    const brief = (chartSpecToChartJs(s).options.plugins as unknown as { brief: { labelPosition: string; labelColor: string } }).brief;
    expect(brief).toMatchObject({ labelPosition: 'inside', labelColor: '#FFFFFF' });
  });

  it('labels outside plain columns take the text colour in both', () => {
    const s = spec('type: column\ndata: trade\ny: [exports_usd_bn]\nlabels: true\n');
    expect(labelsInside(s)).toBe(false);
    const brief = (chartSpecToChartJs(s).options.plugins as unknown as { brief: { labelPosition: string; labelColor: string } }).brief;
    expect(brief).toMatchObject({ labelPosition: 'outside', labelColor: `#${THEME.text}` });
  });

  describe('categories between the ticks, or on them with areas edge to edge: the same in both', () => {
    const cases: [string, string, boolean][] = [
      ['an area chart', 'type: area\ndata: trade\ny: [exports_usd_bn, imports_usd_bn]\n', true],
      ['an area chart with highlighted categories (drawn with a marker series)', 'type: area\ndata: trade\ny: [exports_usd_bn]\nhighlight: [2018]\n', true],
      ['areas and a line', 'type: area\ndata: trade\nseries:\n  - exports_usd_bn\n  - { column: imports_usd_bn, type: line }\n', true],
      ['areas and columns', 'type: column\ndata: trade\nseries:\n  - { column: exports_usd_bn, type: area }\n  - imports_usd_bn\n', false],
      ['a line chart', 'type: line\ndata: trade\ny: [exports_usd_bn]\n', false],
      ['a column chart', 'type: column\ndata: trade\ny: [exports_usd_bn]\n', false],
    ];
    for (const [name, yaml, onTicks] of cases) {
      it(name, async () => {
        const s = spec(yaml);
        expect(categoriesOnTicks(s)).toBe(onTicks);
        const xml = await chartXml(s);
        const placements = [...xml.matchAll(/<c:crossBetween val="([a-zA-Z]+)"\/>/g)].map((m) => m[1]);
        expect(placements.length).toBeGreaterThan(0);
        expect(new Set(placements)).toEqual(new Set([onTicks ? 'midCat' : 'between']));
        const x = chartSpecToChartJs(s).options.scales!['x']!;
        expect(x.type).toBe('category');
        expect(x.offset).toBe(!onTicks);
      });
    }
  });

  it('negative values print with the true minus (U+2212) in the deck’s labels and axes and in the preview', async () => {
    const s = spec(
      'type: column\ndata: trade\nderive: { balance: exports_usd_bn - imports_usd_bn }\nlabels: true\nformat: "#,##0"\nseries:\n  - exports_usd_bn\n  - { column: balance, type: line, axis: secondary }\n',
    );
    const xml = await chartXml(s);
    const codes = [...xml.matchAll(/<c:numFmt formatCode="([^"]*)"/g)].map((m) => m[1]!.replace(/&quot;/g, '"'));
    // both value axes and every series' labels
    expect(codes.filter((c) => c !== 'General').length).toBeGreaterThanOrEqual(4);
    for (const c of codes.filter((c) => c !== 'General')) {
      expect(c).toBe('#,##0;"−"#,##0');
      expect(formatNumber(-18, c)).toBe('\u221218');
    }
    const config = chartSpecToChartJs(s);
    const formats = (config.options.plugins as unknown as { brief: { formats: Record<string, string> } }).brief.formats;
    expect(formats).toEqual({ y: '#,##0;"−"#,##0', y2: '#,##0;"−"#,##0' });
    const balance = config.data.datasets.find((d) => d.yAxisID === 'y2')!;
    expect(formatNumber((balance.data as number[])[8]!, balance.briefFormat)).toBe('\u221218');
  });

  it('the bullet indent the text was measured with is the one the deck writes', async () => {
    const style = { fontFace: 'Calibri', eastAsianFontFace: 'Malgun Gothic', monoFontFace: 'Consolas', fontSize: 18, color: '000000', align: 'left' as const, valign: 'top' as const, lineSpacing: 1, paraSpaceAfter: 0, inset: 0.05, linkColor: '0000FF' };
    const pptx = deckToPptxGen({
      title: 't',
      lang: 'en',
      width: 13.333,
      height: 7.5,
      template: 'default',
      slides: [{ kind: 'bullets', layout: 'bullets', background: 'FFFFFF', shapes: [{ kind: 'text', role: 'body', box: { x: 1, y: 1, w: 8, h: 3 }, style, paragraphs: [{ runs: [{ text: 'a' }], bullet: true, level: 1 }] }] }],
    } as never);
    const zip = unzipSync((await pptx.write({ outputType: 'uint8array' })) as Uint8Array);
    const slide = new TextDecoder().decode(zip['ppt/slides/slide1.xml']!);
    const marL = Number(/<a:pPr[^>]*marL="(\d+)"/.exec(slide)?.[1]);
    expect(marL / 914_400).toBeCloseTo(BULLET_INDENT_IN * 2, 3);
  });
});
