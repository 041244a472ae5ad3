import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fixupPptx } from '../src/render/pptx/fixup/index.js';
import { PptxGenJS } from '../src/render/pptx/pptxgen.js';

async function chartDeck(): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  const slide = pptx.addSlide();
  const data = [{ name: 'Balance', labels: ['2021', '2022', '2023', '2024'], values: [0, null as unknown as number, -18, 5.5] }];
  slide.addChart(pptx.charts.BAR, data, { x: 1, y: 1, w: 6, h: 4, barDir: 'col' });
  return (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
}

function parts(zip: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(zip);
}

function workbookOf(zip: Uint8Array): Record<string, string> {
  const p = parts(zip);
  const name = Object.keys(p).find((n) => /^ppt\/embeddings\/.*\.xlsx$/.test(n))!;
  return Object.fromEntries(Object.entries(unzipSync(p[name]!)).map(([k, v]) => [k, strFromU8(v)]));
}

function chartXml(zip: Uint8Array): string {
  const p = parts(zip);
  return strFromU8(p[Object.keys(p).find((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))!]!);
}

describe('chart workbooks', () => {
  it('pptxgenjs loses zeros, writes empty cells and a broken table range (the defect)', async () => {
    const raw = await chartDeck();
    const wb = workbookOf(raw);
    expect(wb['xl/worksheets/sheet1.xml']).toContain('<c r="B2"><v></v></c>');
    expect(wb['xl/tables/table1.xml']).toMatch(/ref="A1:B5'"/);
    expect(chartXml(raw)).toMatch(/<c:pt idx="1"><c:v><\/c:v><\/c:pt>/);
  });

  it('the fix-up restores zeros from the chart cache, drops missing cells and mends the range', async () => {
    const fixed = fixupPptx(await chartDeck());
    const wb = workbookOf(fixed);
    const sheet = wb['xl/worksheets/sheet1.xml']!;
    expect(sheet).toContain('<c r="B2"><v>0</v></c>');
    expect(sheet).not.toContain('<c r="B3"');
    expect(sheet).toContain('<c r="B4"><v>-18</v></c>');
    expect(sheet).toContain('<c r="B5"><v>5.5</v></c>');
    expect(sheet).not.toContain('<v></v>');
    expect(wb['xl/tables/table1.xml']).toMatch(/ref="A1:B5"/);
    const chart = chartXml(fixed);
    expect(chart).not.toMatch(/<c:v><\/c:v>/);
    expect(chart).toMatch(/<c:pt idx="0"><c:v>0<\/c:v><\/c:pt>/);
  });

  it('is idempotent', async () => {
    const once = fixupPptx(await chartDeck());
    const report = { repairs: [] as string[] };
    fixupPptx(once, report);
    expect(report.repairs).toEqual([]);
  });
});
