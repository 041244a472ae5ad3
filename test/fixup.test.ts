/**
 * The fix-up pass on real pptxgenjs 4.0.1 output: every test first shows the raw output has the
 * defect (so it fails the day pptxgenjs or the pass changes) and then that the fixed output has not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import PptxGenJS from 'pptxgenjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type FixupReport, fixupPptx } from '../src/render/pptx/fixup/index.js';
import {
  childNames,
  elementsNamed,
  part,
  readEntries,
  readXmlParts,
  slideParts,
  writeStoredZip,
  zipEntries,
} from './helpers/pptx-zip.js';
import { missingTools, validatorPath } from './helpers/tools.js';

type Pptx = InstanceType<typeof PptxGenJS>;

const PNG_1X1 = 'image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const LABELS = ['2021', '2022', '2023', '2024'];
const SERIES = [
  { name: 'Exports', labels: LABELS, values: [162.9, 155.8, 124.8, 133.0] },
  { name: 'Imports', labels: LABELS, values: [138.6, 154.6, 142.9, 139.3] },
];

async function build(fill: (pptx: Pptx) => void): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  fill(pptx);
  return (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
}

function fixup(zip: Uint8Array): { zip: Uint8Array; parts: Map<string, string>; repairs: string[] } {
  const report: FixupReport = { repairs: [] };
  const fixed = fixupPptx(zip, report);
  return { zip: fixed, parts: readXmlParts(fixed), repairs: report.repairs };
}

function defineMaster(pptx: Pptx): void {
  pptx.defineSlideMaster({
    title: 'BRIEF',
    background: { color: 'FFFFFF' },
    slideNumber: { x: 12.5, y: 7, fontSize: 10, color: '666666' },
    objects: [
      { rect: { x: 0, y: 0, w: '100%', h: 0.4, fill: { color: '003366' } } },
      { line: { x: 0.5, y: 1.5, w: 12.3, h: 0, line: { color: '003366', width: 1 } } },
      { placeholder: { options: { name: 'title', type: 'title', x: 0.5, y: 0.5, w: 12, h: 0.9 }, text: '' } },
    ],
  });
}

function bulletRuns() {
  return [
    { text: 'Level 0 with ', options: { bullet: true, indentLevel: 0 } },
    { text: 'bold', options: { bold: true } },
    { text: ' and ', options: {} },
    { text: 'italic', options: { italic: true } },
    { text: ' and a ', options: {} },
    { text: 'link', options: { hyperlink: { url: 'https://example.com/?a=1&b=2' }, breakLine: true } },
    { text: 'Level 1', options: { bullet: true, indentLevel: 1, breakLine: true } },
    { text: 'Level 2 ', options: { bullet: true, indentLevel: 2 } },
    { text: 'bold tail', options: { bold: true, breakLine: true } },
    { text: '한국 무역 中国贸易', options: { bullet: true, fontFace: 'Malgun Gothic', lang: 'ko-KR' } },
  ];
}

/** Everything DESIGN.md's decks use: the brief's "typical deck". */
function typicalDeck(pptx: Pptx): void {
  defineMaster(pptx);
  const text = pptx.addSlide({ masterName: 'BRIEF' });
  text.addText('Korea–China trade', { placeholder: 'title' });
  text.addText(bulletRuns(), { x: 0.5, y: 1.7, w: 7, h: 4.5 });
  text.addText('中文标题 日本語', { x: 8, y: 1.7, w: 4.5, h: 0.8, fontFace: 'Noto Sans CJK SC', lang: 'zh-CN', bold: true });
  text.addShape(pptx.ShapeType.rect, { x: 8, y: 3, w: 2, h: 1, fill: { color: 'CC3300' } });
  text.addShape(pptx.ShapeType.roundRect, { x: 10.5, y: 3, w: 2, h: 1, fill: { color: '336699' }, rectRadius: 0.2 });
  text.addShape(pptx.ShapeType.line, { x: 8, y: 4.5, w: 4.5, h: 0, line: { color: '000000', width: 1.5 } });
  text.addImage({ data: PNG_1X1, x: 8, y: 5, w: 1, h: 1 });
  text.addNotes('Speaker notes: say the numbers slowly.');

  const table = pptx.addSlide({ masterName: 'BRIEF' });
  table.background = { color: 'F4F4F4' };
  table.addText('Table', { placeholder: 'title' });
  table.addTable(
    [
      [{ text: 'Year', options: { bold: true, fill: { color: '003366' }, color: 'FFFFFF', colspan: 2 } }, { text: 'Note', options: { bold: true } }],
      ['2023', { text: [{ text: '124.8', options: { bold: true } }, { text: ' (est.)', options: { italic: true } }] }, { text: 'see', options: { rowspan: 2, hyperlink: { url: 'https://example.com' } } }],
      ['2024', '133.0'],
    ],
    { x: 0.5, y: 1.7, w: 8, border: { type: 'solid', pt: 1, color: '999999' }, margin: 0.05 },
  );
  table.addText([{ text: 'First', options: { bullet: { type: 'number' }, breakLine: true } }, { text: 'Second ', options: { bullet: { type: 'number' } } }, { text: 'bold', options: { bold: true } }], {
    x: 9,
    y: 1.7,
    w: 4,
    h: 2,
    fit: 'shrink',
    shadow: { type: 'outer', blur: 3, offset: 2, angle: 45, color: '000000', opacity: 0.4 },
  });
  table.addImage({ data: PNG_1X1, x: 9, y: 4, w: 1, h: 1, hyperlink: { url: 'https://example.com/img' }, altText: 'a & b' });

  const chartOptions = { x: 0.5, y: 1.7, w: 12, h: 5, showLegend: true, legendPos: 'b' as const, showTitle: true, title: 'US$ bn' };
  const charts: Array<[string, Record<string, unknown>]> = [
    ['BAR', {}],
    ['BAR', { barGrouping: 'stacked' }],
    ['BAR', { barDir: 'bar', barGrouping: 'percentStacked', showValue: true }],
    ['LINE', {}],
    ['LINE', { lineDataSymbol: 'none', lineSmooth: true, showCatAxisTitle: true, catAxisTitle: 'Year', valAxisMinVal: 0 }],
    ['AREA', {}],
    ['PIE', {}],
    ['DOUGHNUT', {}],
  ];
  for (const [type, extra] of charts) {
    const slide = pptx.addSlide({ masterName: 'BRIEF' });
    slide.addText(`${type} chart`, { placeholder: 'title' });
    const data = type === 'PIE' || type === 'DOUGHNUT' ? [SERIES[0]!] : SERIES;
    slide.addChart(pptx.charts[type as 'BAR'], data, { ...chartOptions, ...extra });
  }
  const scatter = pptx.addSlide({ masterName: 'BRIEF' });
  scatter.addChart(pptx.charts.SCATTER, [{ name: 'X', values: [1, 2, 3, 4] }, { name: 'Y', values: [3, 1, 4, 2] }], chartOptions);
  comboSlide(pptx);
}

function comboSlide(pptx: Pptx): void {
  const slide = pptx.addSlide();
  slide.addChart(
    [
      { type: pptx.charts.BAR, data: [SERIES[0]!], options: {} },
      { type: pptx.charts.LINE, data: [SERIES[1]!], options: { secondaryValAxis: true, secondaryCatAxis: true } },
    ],
    {
      x: 0.5,
      y: 0.5,
      w: 12,
      h: 6,
      valAxes: [
        { showValAxisTitle: true, valAxisTitle: 'Exports' },
        { showValAxisTitle: true, valAxisTitle: 'Imports', valGridLine: { style: 'none' } },
      ],
      catAxes: [{ catAxisTitle: 'Year' }, { catAxisHidden: true }],
    },
  );
}

// Locally a missing tool skips (with the reason in the test name); in CI it must fail instead.
const missingTool = missingTools('xmllint', 'python3', 'shared');
const skipValidation = missingTool !== undefined;
const validator = validatorPath;

let typicalRaw: Uint8Array;
let typical: ReturnType<typeof fixup>;

beforeAll(async () => {
  typicalRaw = await build(typicalDeck);
  typical = fixup(typicalRaw);
});

describe('defect 1: characters XML 1.0 forbids', () => {
  test('are stripped from slides, charts and embedded workbooks', async () => {
    const raw = await build((pptx) => {
      const slide = pptx.addSlide();
      slide.addText('Title\u0001 with\u000b control', { x: 1, y: 1, w: 8, h: 1 });
      slide.addChart(pptx.charts.BAR, [{ name: 'S\u0002', labels: ['a\u0003', 'b'], values: [1, 2] }], { x: 1, y: 2, w: 6, h: 4 });
    });
    const invalid = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
    const rawParts = readXmlParts(raw);
    expect(part(rawParts, 'ppt/slides/slide1.xml')).toMatch(invalid);
    // pptxgenjs numbers charts across every deck built in the process, so find it by folder.
    const chart = [...rawParts.keys()].find((name) => /^ppt\/charts\/chart\d+\.xml$/.test(name))!;
    expect(part(rawParts, chart)).toMatch(invalid);

    const { zip, parts, repairs } = fixup(raw);
    for (const [name, xml] of parts) expect(xml, name).not.toMatch(invalid);
    expect(part(parts, 'ppt/slides/slide1.xml')).toContain('<a:t>Title with control</a:t>');
    for (const [name, data] of readEntries(zip)) {
      if (!name.endsWith('.xlsx')) continue;
      for (const [inner, bytes] of Object.entries(unzipSync(data))) expect(new TextDecoder().decode(bytes), `${name}/${inner}`).not.toMatch(invalid);
    }
    expect(repairs.join('\n')).toMatch(/XML 1\.0 forbids/);
  });

  test('invalid character references and stray ampersands are made well-formed', async () => {
    const raw = await build((pptx) => pptx.addSlide().addText('x', { x: 1, y: 1, w: 2, h: 1 }));
    const entries = readEntries(raw);
    const slide = new TextDecoder().decode(entries.get('ppt/slides/slide1.xml')!).replace('<a:t>x</a:t>', '<a:t>a&#1;b &#x1F600; c & d &amp; e</a:t>');
    entries.set('ppt/slides/slide1.xml', new TextEncoder().encode(slide));
    const { parts } = fixup(writeStoredZip(entries));
    expect(part(parts, 'ppt/slides/slide1.xml')).toContain('<a:t>ab &#x1F600; c &amp; d &amp; e</a:t>');
  });

  test('the company name is escaped (pptxgenjs #1427)', async () => {
    const raw = await build((pptx) => {
      pptx.company = 'Smith & <Sons>';
      pptx.addSlide();
    });
    expect(part(readXmlParts(raw), 'docProps/app.xml')).toContain('<Company>Smith & <Sons></Company>');
    expect(part(fixup(raw).parts, 'docProps/app.xml')).toContain('<Company>Smith &amp; &lt;Sons&gt;</Company>');
  });
});

function contentTypes(parts: Map<string, string>): { defaults: Map<string, string>; overrides: Map<string, string> } {
  const xml = part(parts, '[Content_Types].xml');
  const defaults = new Map([...xml.matchAll(/<Default Extension="([^"]+)" ContentType="([^"]+)"\/>/g)].map((m) => [m[1]!, m[2]!]));
  const overrides = new Map([...xml.matchAll(/<Override PartName="\/([^"]+)" ContentType="([^"]+)"\/>/g)].map((m) => [m[1]!, m[2]!]));
  return { defaults, overrides };
}

function entryNames(zip: Uint8Array): string[] {
  return zipEntries(zip).map((entry) => entry.name);
}

describe('defect 2: [Content_Types].xml', () => {
  test('overrides name only parts that exist, and every part has a content type', () => {
    const rawNames = new Set(entryNames(typicalRaw));
    const rawOverrides = [...contentTypes(readXmlParts(typicalRaw)).overrides.keys()];
    expect(rawOverrides.filter((name) => !rawNames.has(name))).toContain('ppt/slideMasters/slideMaster2.xml');

    const names = entryNames(typical.zip);
    const { defaults, overrides } = contentTypes(typical.parts);
    expect([...overrides.keys()].filter((name) => !names.includes(name))).toEqual([]);
    for (const name of names) {
      if (name === '[Content_Types].xml') continue;
      const extension = name.slice(name.lastIndexOf('.') + 1);
      expect(overrides.has(name) || defaults.has(extension), name).toBe(true);
    }
    expect(overrides.get('ppt/slides/slide1.xml')).toBe('application/vnd.openxmlformats-officedocument.presentationml.slide+xml');
  });

  test('defaults for media the deck does not contain are dropped and image/jpg is corrected', async () => {
    const raw = await build((pptx) => pptx.addSlide().addImage({ data: PNG_1X1, x: 1, y: 1, w: 1, h: 1 }));
    const rawDefaults = contentTypes(readXmlParts(raw)).defaults;
    expect(rawDefaults.get('jpg')).toBe('image/jpg');
    expect(rawDefaults.has('mp4')).toBe(true);

    const withJpeg = readEntries(raw);
    withJpeg.set('ppt/media/photo.jpg', withJpeg.get('ppt/media/image-1-1.png')!);
    const { defaults } = contentTypes(fixup(writeStoredZip(withJpeg)).parts);
    expect(defaults.get('jpg')).toBe('image/jpeg');
    expect(defaults.get('png')).toBe('image/png');
    expect([...defaults.keys()].sort()).toEqual(['jpg', 'png', 'rels', 'xml']);
  });
});

describe('defect 3: presentation.xml child order', () => {
  test('notesMasterIdLst comes before sldIdLst', () => {
    const order = (parts: Map<string, string>) => childNames(part(parts, 'ppt/presentation.xml'), 'p:presentation');
    const raw = order(readXmlParts(typicalRaw));
    expect(raw.indexOf('p:notesMasterIdLst')).toBeGreaterThan(raw.indexOf('p:sldIdLst'));
    expect(order(typical.parts)).toEqual(['p:sldMasterIdLst', 'p:notesMasterIdLst', 'p:sldIdLst', 'p:sldSz', 'p:notesSz', 'p:defaultTextStyle']);
  });
});

function paragraphs(parts: Map<string, string>, name: string): string[] {
  return elementsNamed(part(parts, name), 'a:p');
}

describe('defect 4: one a:pPr per paragraph', () => {
  test('a bullet paragraph with bold/italic runs keeps its bullet in a single leading a:pPr', () => {
    const raw = paragraphs(readXmlParts(typicalRaw), 'ppt/slides/slide1.xml');
    const first = raw.find((p) => p.includes('Level 0 with'))!;
    expect(elementsNamed(first, 'a:pPr').length).toBeGreaterThan(1);
    expect(first).toContain('<a:buNone/>');

    for (const name of slideParts(typical.parts)) {
      for (const p of paragraphs(typical.parts, name)) {
        const pprs = elementsNamed(p, 'a:pPr');
        expect(pprs.length, p).toBeLessThanOrEqual(1);
        if (pprs.length === 1) expect(p.startsWith(`<a:p>${pprs[0]}`), p).toBe(true);
      }
    }
    const fixed = paragraphs(typical.parts, 'ppt/slides/slide1.xml');
    const merged = fixed.find((p) => p.includes('Level 0 with'))!;
    expect(merged).toMatch(/^<a:p><a:pPr marL="\d+" indent="-\d+"><a:buSzPct val="100000"\/><a:buChar char="&#x2022;"\/><\/a:pPr>/);
    expect(merged).toContain('b="1"');
    expect(merged).toContain('i="1"');
    expect(fixed.find((p) => p.includes('Level 2'))).toMatch(/^<a:p><a:pPr lvl="2"[^>]*><a:buSzPct val="100000"\/><a:buChar/);
  });
});

describe('defect 5: compression', () => {
  test('output is DEFLATE-compressed, [Content_Types].xml first, other entries in their order', () => {
    const raw = zipEntries(typicalRaw);
    expect(raw.some((entry) => entry.method === 0 && entry.size > 0)).toBe(true);

    const fixed = zipEntries(typical.zip);
    expect(fixed.every((entry) => entry.method === 8)).toBe(true);
    expect(fixed[0]!.name).toBe('[Content_Types].xml');
    const rawOrder = raw.map((entry) => entry.name).filter((name) => name !== '[Content_Types].xml' && !name.endsWith('/'));
    const fixedOrder = fixed.map((entry) => entry.name).slice(1);
    expect(fixedOrder.filter((name) => rawOrder.includes(name))).toEqual(rawOrder);
    expect(typical.zip.length).toBeLessThan(typicalRaw.length / 2);
  });

  test('folder entries are dropped: an OPC package holds parts only (#1449)', () => {
    expect(entryNames(typicalRaw).filter((name) => name.endsWith('/'))).toContain('ppt/slides/');
    expect(entryNames(typical.zip).filter((name) => name.endsWith('/'))).toEqual([]);
  });
});

describe('defect 6: pptxgenjs issues #1441, #1442, #1443, #1449', () => {
  const shapes = (parts: Map<string, string>) => [...slideParts(parts), ...slideParts(parts, 'slideLayouts')].flatMap((name) => elementsNamed(part(parts, name), 'p:sp'));

  test('#1441: every shape has a p:txBody', () => {
    expect(shapes(readXmlParts(typicalRaw)).filter((sp) => !sp.includes('<p:txBody>')).length).toBeGreaterThan(0);
    expect(shapes(typical.parts).filter((sp) => !sp.includes('<p:txBody>'))).toEqual([]);
  });

  test('#1442: solid backgrounds carry a:effectLst', async () => {
    const raw = await build((pptx) => {
      defineMaster(pptx);
      pptx.addSlide({ masterName: 'BRIEF' }).background = { color: '202020' };
    });
    const backgrounds = (parts: Map<string, string>) => [...parts.values()].flatMap((xml) => elementsNamed(xml, 'p:bgPr'));
    const rawBackgrounds = backgrounds(readXmlParts(raw));
    expect(rawBackgrounds.length).toBe(2);
    expect(rawBackgrounds.every((bg) => !bg.includes('<a:effectLst/>'))).toBe(true);
    const fixed = backgrounds(fixup(raw).parts);
    expect(fixed).toHaveLength(2);
    for (const bg of fixed) expect(bg).toMatch(/<a:solidFill>.*<\/a:solidFill><a:effectLst\/><\/p:bgPr>$/);
  });

  test('#1443/#1449: the notes master gets its own theme and no placeholders; notes slides keep positions', () => {
    const themeTarget = (parts: Map<string, string>, rels: string) => /Type="[^"]*\/theme" Target="([^"]+)"/.exec(part(parts, rels))?.[1];
    const rawParts = readXmlParts(typicalRaw);
    const notesRels = 'ppt/notesMasters/_rels/notesMaster1.xml.rels';
    const masterRels = 'ppt/slideMasters/_rels/slideMaster1.xml.rels';
    expect(themeTarget(rawParts, notesRels)).toBe(themeTarget(rawParts, masterRels));
    expect(part(rawParts, 'ppt/notesMasters/notesMaster1.xml')).toContain('<p:ph type="body"');
    expect(part(rawParts, 'ppt/notesSlides/notesSlide1.xml')).toContain('<p:spPr/>');

    const parts = typical.parts;
    expect(themeTarget(parts, notesRels)).toBe('../theme/theme2.xml');
    expect(themeTarget(parts, masterRels)).toBe('../theme/theme1.xml');
    expect(part(parts, 'ppt/theme/theme2.xml')).toBe(part(parts, 'ppt/theme/theme1.xml'));
    expect(contentTypes(parts).overrides.get('ppt/theme/theme2.xml')).toBe('application/vnd.openxmlformats-officedocument.theme+xml');
    expect(part(parts, 'ppt/notesMasters/notesMaster1.xml')).not.toContain('<p:ph');
    const notes = part(parts, 'ppt/notesSlides/notesSlide1.xml');
    expect(notes).not.toContain('<p:spPr/>');
    expect(notes).toContain('<p:spPr><a:xfrm><a:off x="685800" y="4400550"/><a:ext cx="5486400" cy="3600450"/></a:xfrm></p:spPr>');
    expect(notes).toContain('Speaker notes: say the numbers slowly.');
  });

  test('#1449: invalid preset names are mapped to ST_ShapeType values', async () => {
    const raw = await build((pptx) => pptx.addSlide().addShape('oval' as never, { x: 1, y: 1, w: 1, h: 1, fill: { color: '00B0B9' } }));
    expect(part(readXmlParts(raw), 'ppt/slides/slide1.xml')).toContain('prst="oval"');
    expect(part(fixup(raw).parts, 'ppt/slides/slide1.xml')).toContain('<a:prstGeom prst="ellipse">');
  });

  test('hyperlinks naming a missing relationship (pptxgenjs #1392: rIdundefined) are dropped', () => {
    const entries = readEntries(typicalRaw);
    const slide = new TextDecoder().decode(entries.get('ppt/slides/slide1.xml')!);
    expect(slide).toMatch(/<a:hlinkClick r:id="rId\d+"/);
    entries.set('ppt/slides/slide1.xml', new TextEncoder().encode(slide.replace(/<a:hlinkClick r:id="rId\d+"/, '<a:hlinkClick r:id="rIdundefined"')));
    const fixed = part(fixup(writeStoredZip(entries)).parts, 'ppt/slides/slide1.xml');
    expect(fixed).not.toContain('rIdundefined');
    expect(fixed).not.toContain('<a:hlinkClick');
    expect(fixed).toContain('<a:t>link</a:t>');
  });
});

describe('theme fonts', () => {
  test('the East Asian font fills the empty a:ea slots pptxgenjs writes in every theme', () => {
    const eastAsian = (xml: string) => [...xml.matchAll(/<a:(majorFont|minorFont)>[\s\S]*?<a:ea typeface="([^"]*)"/g)].map((m) => `${m[1]}=${m[2]}`);
    expect(eastAsian(part(readXmlParts(typicalRaw), 'ppt/theme/theme1.xml'))).toEqual(['majorFont=', 'minorFont=']);
    const report: FixupReport = { repairs: [] };
    const parts = readXmlParts(fixupPptx(typicalRaw, { ...report, eastAsianFont: 'Malgun Gothic' }));
    for (const theme of ['ppt/theme/theme1.xml', 'ppt/theme/theme2.xml']) expect(eastAsian(part(parts, theme)), theme).toEqual(['majorFont=Malgun Gothic', 'minorFont=Malgun Gothic']);
    expect(report.repairs.join('\n')).toMatch(/East Asian typefaces to "Malgun Gothic"/);
    // Without the option the theme is left alone.
    expect(eastAsian(part(typical.parts, 'ppt/theme/theme1.xml'))).toEqual(['majorFont=', 'minorFont=']);
  });
});

function chartParts(parts: Map<string, string>): string[] {
  return [...parts.keys()].filter((name) => /^ppt\/charts\/chart\d+\.xml$/.test(name));
}

function chartGroups(parts: Map<string, string>, group: string): string[] {
  return chartParts(parts).flatMap((name) => elementsNamed(part(parts, name), group));
}

describe('defect 7: charts', () => {
  const twoAxisGroups = ['c:barChart', 'c:lineChart', 'c:areaChart'];
  const axisIds = (group: string) => elementsNamed(group, 'c:axId').length;

  test('bar, line and area groups have exactly two c:axId', () => {
    const rawParts = readXmlParts(typicalRaw);
    for (const name of twoAxisGroups) expect(chartGroups(rawParts, name).some((g) => axisIds(g) === 3), name).toBe(true);
    for (const name of twoAxisGroups) {
      const groups = chartGroups(typical.parts, name);
      expect(groups.length, name).toBeGreaterThan(0);
      for (const group of groups) expect(axisIds(group), name).toBe(2);
    }
  });

  test('line groups start with c:grouping', () => {
    expect(chartGroups(readXmlParts(typicalRaw), 'c:lineChart').every((g) => !g.includes('<c:grouping'))).toBe(true);
    for (const group of chartGroups(typical.parts, 'c:lineChart')) expect(group.startsWith('<c:lineChart><c:grouping val="standard"/>')).toBe(true);
  });

  test('only bar series carry c:invertIfNegative; series children are in schema order', () => {
    const rawLines = chartGroups(readXmlParts(typicalRaw), 'c:lineChart');
    expect(rawLines.some((g) => g.includes('<c:invertIfNegative'))).toBe(true);
    expect(chartGroups(readXmlParts(typicalRaw), 'c:areaChart').some((g) => g.includes('<c:invertIfNegative'))).toBe(true);
    for (const name of ['c:lineChart', 'c:areaChart', 'c:scatterChart', 'c:pieChart', 'c:doughnutChart']) {
      for (const group of chartGroups(typical.parts, name)) expect(group, name).not.toContain('<c:invertIfNegative');
    }
    for (const group of chartGroups(typical.parts, 'c:lineChart')) {
      for (const ser of elementsNamed(group, 'c:ser')) {
        const children = childNames(ser, 'c:ser');
        expect(children.indexOf('c:marker')).toBeLessThan(children.indexOf('c:dLbls'));
      }
    }
  });

  test('the combo chart keeps its secondary axes', () => {
    const combo = chartParts(typical.parts).map((name) => part(typical.parts, name)).find((xml) => xml.includes('<c:barChart>') && xml.includes('<c:lineChart>'))!;
    expect(elementsNamed(combo, 'c:valAx')).toHaveLength(2);
    expect(elementsNamed(combo, 'c:catAx')).toHaveLength(2);
    const lineAxes = elementsNamed(elementsNamed(combo, 'c:lineChart')[0]!, 'c:axId').map((axis) => /val="(\d+)"/.exec(axis)![1]);
    const secondaryValue = elementsNamed(combo, 'c:valAx').map((axis) => /<c:axId val="(\d+)"/.exec(axis)![1])[1];
    expect(lineAxes).toContain(secondaryValue);
  });

  test('scatter value axes lose category-axis-only elements', () => {
    const scatter = (parts: Map<string, string>) => chartParts(parts).map((name) => part(parts, name)).find((xml) => xml.includes('<c:scatterChart>'))!;
    expect(elementsNamed(scatter(readXmlParts(typicalRaw)), 'c:valAx')[0]).toContain('<c:auto val="1"/>');
    for (const axis of elementsNamed(scatter(typical.parts), 'c:valAx')) expect(axis).not.toMatch(/<c:(auto|lblAlgn|noMultiLvlLbl)\b/);
  });
});

describe('defect 8: the whole package', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'brief-fixup-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.skipIf(skipValidation)(`validate-pptx passes the fixed typical deck and fails the raw one${skipValidation ? ` (skipped: ${missingTool})` : ''}`, () => {
    const rawPath = path.join(dir, 'raw.pptx');
    const fixedPath = path.join(dir, 'fixed.pptx');
    writeFileSync(rawPath, typicalRaw);
    writeFileSync(fixedPath, typical.zip);
    const run = spawnSync('python3', [validator, rawPath, fixedPath], { encoding: 'utf8' });
    expect(run.stdout).toContain(`${fixedPath}: valid`);
    expect(run.stdout).toMatch(new RegExp(`${rawPath.replace(/[.\\/]/g, '\\$&')}: \\d+ problem`));
    expect(run.status).toBe(1);
  }, 120_000);

  test('the report lists each repair once per kind', () => {
    const repairs = typical.repairs.join('\n');
    for (const expected of [/content-type override/, /schema order/, /a:pPr/, /#1441/, /#1442/, /#1443/, /#1449/, /c:axId/, /c:grouping/, /c:invertIfNegative/, /folder entr/]) expect(repairs).toMatch(expected);
  });

  test('fixing a fixed deck changes nothing', () => {
    const again = fixup(typical.zip);
    expect(again.repairs).toEqual([]);
    expect(again.parts).toEqual(typical.parts);
  });

  test('a 500-slide deck keeps every slide through the fix-up (speed is measured by npm run bench)', async () => {
    const raw = await build((pptx) => {
      defineMaster(pptx);
      for (let i = 0; i < 500; i++) {
        const slide = pptx.addSlide({ masterName: 'BRIEF' });
        slide.addText(`Slide ${i + 1}`, { placeholder: 'title' });
        slide.addText(bulletRuns(), { x: 0.5, y: 1.7, w: 7, h: 4.5 });
        slide.addShape(pptx.ShapeType.rect, { x: 8, y: 2, w: 2, h: 1, fill: { color: 'CC3300' } });
        if (i % 10 === 0) slide.addChart(pptx.charts.LINE, SERIES, { x: 8, y: 3.5, w: 5, h: 3 });
        slide.addNotes(`Notes ${i + 1}`);
      }
    });
    const fixed = fixupPptx(raw);
    expect(zipEntries(fixed).filter((entry) => /^ppt\/slides\/slide\d+\.xml$/.test(entry.name))).toHaveLength(500);
  }, 60_000);
});
