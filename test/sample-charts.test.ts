import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { repoRoot } from './helpers/tools.js';

/** The sample's trade CSV, read independently of brief's own loader. */
const csv = readFileSync(path.join(repoRoot, 'content/data/korea-china-trade.csv'), 'utf8').trim().split(/\r?\n/);
const header = csv[0]!.split(',');
const rows = csv.slice(1).map((l) => l.split(','));
const column = (name: string) => rows.map((r) => Number(r[header.indexOf(name)]));
const years = rows.map((r) => r[0]!);

interface ChartPart {
  name: string;
  xml: string;
  workbook: Record<string, string>;
}

let charts: ChartPart[] = [];
/** Slide XML by slide number (1-based), and the slide layouts. */
let slides: string[] = [];
let layouts: string[] = [];

beforeAll(async () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'brief-charts-')), 'sample.pptx');
  const result = await build({ dir: path.join(repoRoot, 'content'), output: out, cwd: repoRoot });
  expect(result.ok).toBe(true);
  const parts = unzipSync(new Uint8Array(readFileSync(out)));
  const text = (n: string) => strFromU8(parts[n]!);
  const numbered = (re: RegExp) =>
    Object.keys(parts)
      .filter((n) => re.test(n))
      .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]))
      .map(text);
  slides = numbered(/^ppt\/slides\/slide\d+\.xml$/);
  layouts = numbered(/^ppt\/slideLayouts\/slideLayout\d+\.xml$/);
  charts = Object.keys(parts)
    .filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))
    .sort()
    .map((name) => {
      const rels = text(name.replace('charts/', 'charts/_rels/') + '.rels');
      const target = /Target="\.\.\/embeddings\/([^"]+\.xlsx)"/.exec(rels)![1]!;
      const wb = unzipSync(parts[`ppt/embeddings/${target}`]!);
      return { name, xml: text(name), workbook: Object.fromEntries(Object.entries(wb).map(([k, v]) => [k, strFromU8(v)])) };
    });
});

/** Series of a chart part: name, categories, values, in document order. */
function series(xml: string) {
  return [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => {
    const s = m[1]!;
    const name = /<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/.exec(s)![1]!;
    const cat = /<c:cat>([\s\S]*?)<\/c:cat>/.exec(s)![1]!;
    const val = /<c:val>([\s\S]*?)<\/c:val>/.exec(s)![1]!;
    const pts = (block: string) => [...block.matchAll(/<c:pt idx="(\d+)">\s*<c:v>([^<]*)<\/c:v>/g)].map((p) => p[2]!);
    return { name, categories: pts(cat), values: pts(val).map(Number), format: /<c:formatCode>([^<]*)<\/c:formatCode>/.exec(val)?.[1] };
  });
}

/** Numbers of a worksheet, by cell reference. */
function cells(sheet: string): Record<string, number> {
  return Object.fromEntries([...sheet.matchAll(/<c r="([A-Z]+\d+)"[^>]*><v>([^<]+)<\/v><\/c>/g)].filter((m) => !/t="s"/.test(m[0])).map((m) => [m[1]!, Number(m[2])]));
}

describe('the sample deck charts (native, data embedded)', () => {
  it('has the three trade charts', () => {
    expect(charts).toHaveLength(3);
  });

  it('total trade: categories and values equal the CSV, number format applied', () => {
    const [total] = series(charts[0]!.xml);
    expect(total!.categories).toEqual(years);
    expect(total!.values).toEqual(column('total_usd_bn'));
    expect(charts[0]!.xml).toContain('formatCode="#,##0.0;&quot;−&quot;#,##0.0"');
  });

  it('exports vs imports with the derived balance as a line on a secondary axis', () => {
    const xml = charts[1]!.xml;
    const all = series(xml);
    expect(all.map((s) => s.name)).toEqual(['Exports to China', 'Imports from China', 'Balance (right axis)']);
    expect(all[0]!.values).toEqual(column('exports_usd_bn'));
    expect(all[1]!.values).toEqual(column('imports_usd_bn'));
    const balance = column('exports_usd_bn').map((e, i) => Math.round((e - column('imports_usd_bn')[i]!) * 10) / 10);
    expect(all[2]!.values).toEqual(balance);
    expect(balance[years.indexOf('2023')]).toBe(-18);
    expect((xml.match(/<c:valAx>/g) ?? []).length).toBe(2);
    expect(xml).toMatch(/<c:barChart>[\s\S]*<c:lineChart>/);
  });

  it('the balance chart colours negative bars with the template negative colour', () => {
    const xml = charts[2]!.xml;
    const negatives = years.filter((_, i) => column('exports_usd_bn')[i]! - column('imports_usd_bn')[i]! < 0).map((y) => years.indexOf(y));
    expect(negatives.length).toBeGreaterThan(0);
    for (const idx of negatives) expect(xml).toMatch(new RegExp(`<c:dPt>\\s*<c:idx val="${idx}"/>((?!</c:dPt>)[\\s\\S])*<a:srgbClr val="C0392B"/>`));
    expect(xml).toMatch(/<c:dPt>\s*<c:idx val="0"\/>((?!<\/c:dPt>)[\s\S])*<a:srgbClr val="143D6B"\/>/);
  });

  it('each embedded workbook holds the same numbers as its chart', () => {
    for (const chart of charts) {
      const sheet = cells(chart.workbook['xl/worksheets/sheet1.xml']!);
      series(chart.xml).forEach((s, k) => {
        const col = String.fromCharCode('B'.charCodeAt(0) + k);
        s.values.forEach((v, i) => expect(sheet[`${col}${i + 2}`], `${chart.name} ${col}${i + 2}`).toBe(v));
      });
    }
  });
});

/** Every `<p:sp>`, `<p:pic>` and `<p:graphicFrame>` of a slide with its cNvPr, in drawing order. */
function shapes(xml: string) {
  return [...xml.matchAll(/<p:(sp|pic|graphicFrame)>([\s\S]*?)<\/p:\1>/g)].map((m) => {
    const cNvPr = /<p:cNvPr\b[^>]*?(?:\/>|>[\s\S]*?<\/p:cNvPr>)/.exec(m[2]!)![0];
    return { kind: m[1]!, name: /name="([^"]*)"/.exec(cNvPr)![1]!, descr: /descr="([^"]*)"/.exec(cNvPr)?.[1], cNvPr, xml: m[2]! };
  });
}

const DECORATIVE = '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>';

describe('the sample deck reads right (accessibility)', () => {
  it('the combo chart: fixed bounds on both value axes, and zero at the same height on both', () => {
    const axes = [...charts[1]!.xml.matchAll(/<c:valAx>([\s\S]*?)<\/c:valAx>/g)].map((m) => ({
      min: Number(/<c:min val="([^"]+)"\/>/.exec(m[1]!)![1]),
      max: Number(/<c:max val="([^"]+)"\/>/.exec(m[1]!)![1]),
      major: Number(/<c:majorUnit val="([^"]+)"\/>/.exec(m[1]!)![1]),
    }));
    expect(axes).toHaveLength(2);
    const balance = column('exports_usd_bn').map((e, i) => e - column('imports_usd_bn')[i]!);
    const [bars, line] = axes as [(typeof axes)[0], (typeof axes)[0]];
    // every value fits its axis
    expect(bars.max).toBeGreaterThanOrEqual(Math.max(...column('exports_usd_bn'), ...column('imports_usd_bn')));
    expect(line.min).toBeLessThanOrEqual(Math.min(...balance));
    expect(line.max).toBeGreaterThanOrEqual(Math.max(...balance));
    // zero at the same height: the same share of each axis lies below it
    const zeroAt = (a: { min: number; max: number }) => (0 - a.min) / (a.max - a.min);
    expect(zeroAt(line)).toBeGreaterThan(0);
    expect(zeroAt(bars)).toBeCloseTo(zeroAt(line), 12);
    // and the gridlines of one axis are the other's ticks
    expect((bars.max - bars.min) / bars.major).toBe((line.max - line.min) / line.major);
  });

  it('every chart frame has a description written from its data', () => {
    const frames = slides.flatMap((xml) => shapes(xml).filter((s) => s.kind === 'graphicFrame' && s.xml.includes('/chart"')));
    expect(frames).toHaveLength(3);
    const at = (name: string, pick: (a: number, b: number) => boolean) => {
      const values = column(name);
      let k = 0;
      values.forEach((v, i) => (pick(v, values[k]!) ? (k = i) : undefined));
      return { value: values[k]!, year: years[k]! };
    };
    // total trade: the wording of the issue, every figure from the CSV
    const t = column('total_usd_bn');
    const lo = at('total_usd_bn', (v, w) => v < w);
    const hi = at('total_usd_bn', (v, w) => v > w);
    const up = Math.round(((t[t.length - 1]! - t[0]!) / t[0]!) * 100);
    expect(frames[0]!.descr).toBe(
      `Column chart of Total trade with China, US$ bn, ${years[0]}–${years[years.length - 1]}: lowest ${lo.value.toFixed(1)} in ${lo.year}, highest ${hi.value.toFixed(1)} in ${hi.year}, ${t[t.length - 1]!.toFixed(1)} in ${years[years.length - 1]}, up ${up}% over the period`,
    );
    expect(frames[0]!.descr).toBe('Column chart of Total trade with China, US$ bn, 2015–2024: lowest 211.4 in 2016, highest 310.4 in 2022, 272.9 in 2024, up 20% over the period');
    // the combo names each series with its extremes
    const ex = at('exports_usd_bn', (v, w) => v > w);
    expect(frames[1]!.descr).toContain(`Exports to China: lowest ${Math.round(at('exports_usd_bn', (v, w) => v < w).value)} in 2016, highest ${Math.round(ex.value)} in ${ex.year}`);
    expect(frames[1]!.descr).toMatch(/^Column and line chart of Exports to China, Imports from China, Balance \(right axis\), US\$ bn, 2015–2024: /);
    // the balance: from a surplus to a deficit
    expect(frames[2]!.descr).toBe('Column chart of Balance, US$ bn, 2015–2024: lowest −18.0 in 2023, highest +55.6 in 2018, from +46.8 in 2015 to −6.9 in 2024');
  });

  it('marks rules, accent bars, cards, icons and the logo decorative, and nothing else', () => {
    const marked = new Set<string>();
    for (const xml of slides) {
      for (const s of shapes(xml)) {
        const decorative = s.cNvPr.includes(DECORATIVE);
        if (decorative) marked.add(s.name);
        if (['rule', 'card', 'card-accent', 'card-icon', 'tile', 'tile-accent', 'quote-mark'].includes(s.name)) expect(decorative, `${s.name} decorative`).toBe(true);
        if (['title', 'chart', 'card-body', 'card-title', 'body', 'source'].includes(s.name) || s.kind === 'graphicFrame') expect(decorative, `${s.name} not decorative`).toBe(false);
        // a decorative icon is not described ("leaf icon" is not read out)
        if (s.name === 'card-icon') expect(s.descr).toBeUndefined();
      }
    }
    expect([...marked].sort()).toEqual(['card', 'card-accent', 'card-icon', 'quote-mark', 'rule', 'tile', 'tile-accent']);
    const logos = layouts.flatMap((xml) => shapes(xml).filter((s) => s.name === 'logo'));
    expect(logos.length).toBeGreaterThan(0);
    for (const logo of logos) expect(logo.cNvPr).toContain(DECORATIVE);
  });

  it('numbers slides with a slide-number field, and puts the title first', () => {
    let numbered = 0;
    slides.forEach((xml, i) => {
      const fields = [...xml.matchAll(/<a:fld id="\{[0-9A-F-]+\}" type="slidenum">[\s\S]*?<a:t>(\d+)<\/a:t><\/a:fld>/g)];
      if (fields.length) {
        numbered++;
        expect(fields.map((f) => Number(f[1]))).toEqual([i + 1]);
      }
      // the title is the first shape a screen reader meets
      expect(shapes(xml)[0]!.xml, `slide ${i + 1}`).toMatch(/<p:ph\s[^>]*type="(title|ctrTitle)"/);
    });
    expect(numbered).toBeGreaterThan(10);
  });

  it('marks the header row of every table', () => {
    const tables = slides.flatMap((xml) => [...xml.matchAll(/<a:tblPr\b[^>]*>/g)].map((m) => m[0]));
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) expect(t).toContain('firstRow="1"');
  });
});
