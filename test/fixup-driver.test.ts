/**
 * The fix-up driver (src/render/pptx/fixup/index.ts): the order it calls the repairs in, one
 * decoding per part, and that every repair it lists is needed on real pptxgenjs 4.0.1 output.
 * What each repair does to its defect is tested in fixup.test.ts and fixup-workbooks.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import PptxGenJS from 'pptxgenjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { REPAIRS, type Repair, type RepairFactory, fixupParts, fixupPptx } from '../src/render/pptx/fixup/index.js';
import { contentTypesRepair } from '../src/render/pptx/fixup/content-types.js';
import { readEntries } from './helpers/pptx-zip.js';
import { repoRoot } from './helpers/tools.js';

const FIXUP_DIR = path.join(repoRoot, 'src/render/pptx/fixup');
/** The driver and what the repairs are made with; every other module is a repair family. */
const INFRASTRUCTURE = new Set(['index.ts', 'repair.ts', 'package.ts', 'xml.ts']);
const THEME = { dk1: '000000', lt1: 'FFFFFF', dk2: '1F2A44', lt2: 'EEEEEE', accent1: '0B5394', accent2: 'C00000', accent3: '38761D', accent4: 'BF9000', accent5: '674EA7', accent6: '45818E', hlink: '0B5394', folHlink: '674EA7' };

/** One deck with at least one instance of every defect the pass knows. */
async function defectiveDeck(): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.company = 'Smith & <Sons>';
  pptx.defineSlideMaster({
    title: 'M',
    background: { color: 'FFFFFF' },
    objects: [{ placeholder: { options: { name: 'title', type: 'title', x: 0.5, y: 0.5, w: 12, h: 0.9 }, text: '' } }],
  });
  const slide = pptx.addSlide({ masterName: 'M' });
  slide.background = { color: 'F4F4F4' };
  slide.addText('Title\u0001', { placeholder: 'title' });
  slide.addText([{ text: 'bullet ', options: { bullet: true } }, { text: 'bold', options: { bold: true } }], { x: 0.5, y: 1.5, w: 6, h: 1 });
  slide.addShape('oval' as never, { x: 7, y: 1.5, w: 1, h: 1, fill: { color: '00B0B9' } });
  slide.addNotes('notes');
  const labels = ['2022', '2023', '2024'];
  slide.addChart(pptx.charts.LINE, [{ name: 'A', labels, values: [0, 2, 3] }], { x: 0.5, y: 3, w: 6, h: 4 });
  slide.addChart(pptx.charts.SCATTER, [{ name: 'X', values: [1, 2, 3] }, { name: 'Y', values: [3, 1, 2] }], { x: 7, y: 3, w: 6, h: 4 });
  return (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
}

/** Every part as text, workbooks opened: what a reader of the deck gets. */
function contents(zip: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, data] of readEntries(zip)) {
    if (name.endsWith('.xlsx')) for (const [inner, bytes] of Object.entries(unzipSync(data))) out.set(`${name}/${inner}`, strFromU8(bytes));
    else out.set(name, /\.(xml|rels)$/.test(name) ? strFromU8(data) : String(data.length));
  }
  return out;
}

let raw: Uint8Array;
beforeAll(async () => {
  raw = await defectiveDeck();
});

describe('the fix-up driver', () => {
  test('calls every before, then each part through the repairs that want it, then every after', () => {
    const log: string[] = [];
    const tagger = (tag: string, parts: RegExp): RepairFactory => () => ({
      name: tag,
      before: ({ pkg }) => {
        log.push(`${tag}.before`);
        if (tag === 'a') pkg.setText('ppt/slides/slide9.xml', '<p:sld/>');
      },
      parts,
      part: (xml, name) => {
        log.push(`${tag}.part ${name} ${xml}`);
        return `${xml}<!--${tag}-->`;
      },
      after: ({ pkg }) => log.push(`${tag}.after ${pkg.text('ppt/slides/slide9.xml')}`),
    });
    const entries: [string, Uint8Array][] = [
      ['[Content_Types].xml', new TextEncoder().encode('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')],
      ['ppt/slides/slide1.xml', new TextEncoder().encode('<p:sld/>')],
      ['ppt/media/image1.png', new Uint8Array([1, 2, 3])],
    ];
    fixupParts(entries, {}, [tagger('a', /^ppt\/slides\//), tagger('b', /slide1/), contentTypesRepair]);
    expect(log).toEqual([
      'a.before',
      'b.before',
      'a.part ppt/slides/slide1.xml <p:sld/>',
      'b.part ppt/slides/slide1.xml <p:sld/><!--a-->',
      // a part added before the pass goes through it like the others
      'a.part ppt/slides/slide9.xml <p:sld/>',
      'a.after <p:sld/><!--a-->',
      'b.after <p:sld/><!--a-->',
    ]);
  });

  test('decodes each part once, however many repairs want it', () => {
    const decoded = new Map<string, number>();
    const repairs: RepairFactory[] = [0, 1, 2].map((i) => (): Repair => ({ name: `r${i}`, parts: /\.xml$/, part: (xml) => xml }));
    const entries: [string, Uint8Array][] = [...readEntries(raw)].map(([name, data]) => [name, data]);
    const original = TextDecoder.prototype.decode;
    TextDecoder.prototype.decode = function (this: TextDecoder, input?: AllowSharedBufferSource, options?: TextDecodeOptions) {
      const name = entries.find(([, data]) => data === input)?.[0];
      if (name) decoded.set(name, (decoded.get(name) ?? 0) + 1);
      return original.call(this, input, options);
    };
    try {
      fixupParts(entries, {}, [...repairs, contentTypesRepair]);
    } finally {
      TextDecoder.prototype.decode = original;
    }
    expect(decoded.size).toBeGreaterThan(10);
    expect([...decoded].filter(([, count]) => count !== 1)).toEqual([]);
  });

  test('every repair it lists changes real pptxgenjs output (none is dead)', () => {
    const options = { eastAsianFont: 'Noto Sans CJK KR', themeColors: THEME };
    const all = contents(fixupParts([...readEntries(raw)], { ...options }));
    for (const factory of REPAIRS) {
      // Off for a deck that does not need it (the template-file graft: test/template-base.test.ts).
      if (!factory({ ...options })) continue;
      const without = contents(fixupParts([...readEntries(raw)], { ...options }, REPAIRS.filter((f) => f !== factory)));
      const changed = [...all.keys()].filter((name) => all.get(name) !== without.get(name)).concat([...without.keys()].filter((name) => !all.has(name)));
      expect(changed.length, `${factory.name} changed nothing`).toBeGreaterThan(0);
    }
  });

  test('fixupPptx on a zip is fixupParts on its entries', () => {
    const report = { repairs: [] as string[] };
    const fixed = contents(fixupPptx(raw, report));
    expect(fixed).toEqual(contents(fixupParts([...readEntries(raw)])));
    expect(report.repairs.length).toBeGreaterThan(10);
  });
});

describe('the fix-up folder', () => {
  const modules = readdirSync(FIXUP_DIR).filter((file) => file.endsWith('.ts') && !INFRASTRUCTURE.has(file));

  test('each repair module names the pptxgenjs 4.0.1 defect in its opening comment', () => {
    expect(modules.length).toBeGreaterThanOrEqual(9);
    for (const file of modules) {
      const opening = /^\/\*\*([\s\S]*?)\*\//.exec(readFileSync(path.join(FIXUP_DIR, file), 'utf8'))?.[1] ?? '';
      expect(opening, file).toMatch(/pptxgenjs 4\.0\.1/);
    }
  });

  test('every repair a module exports is in the driver\'s list', async () => {
    const listed = new Set<unknown>(REPAIRS);
    for (const file of modules) {
      const exported = Object.entries(await import(path.join(FIXUP_DIR, file))).filter(([name, value]) => typeof value === 'function' && name.endsWith('Repair'));
      for (const [name, value] of exported) expect(listed.has(value), `${file}: ${name}`).toBe(true);
    }
  });
});
