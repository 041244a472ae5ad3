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

beforeAll(async () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'brief-charts-')), 'sample.pptx');
  const result = await build({ dir: path.join(repoRoot, 'content'), output: out, cwd: repoRoot });
  expect(result.ok).toBe(true);
  const parts = unzipSync(new Uint8Array(readFileSync(out)));
  const text = (n: string) => strFromU8(parts[n]!);
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
    expect(charts[0]!.xml).toContain('formatCode="#,##0.0"');
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
