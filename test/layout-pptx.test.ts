import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { Deck } from '../src/deck/types.js';
import { readPptxParts, slideNames, texts } from './helpers/unzip.js';
import { missingTools, repoRoot, sharedDir } from './helpers/tools.js';

/** Structural checks on the written PPTX: what PowerPoint gets is native and editable. */
const FIXTURES = path.join(repoRoot, 'test/fixtures/layout');

async function written(name: string, dir = path.join(FIXTURES, name)): Promise<{ deck: Deck; parts: Map<string, string>; output: string }> {
  const output = path.join(mkdtempSync(path.join(tmpdir(), `brief-${name}-`)), `${name}.pptx`);
  const result = await build({ dir, output, cwd: repoRoot });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { deck: result.deck!, parts: readPptxParts(output), output };
}

/** Every `<p:sp>` / `<p:pic>` of a slide part with its name, descr and text. */
function objects(xml: string, tag: 'p:sp' | 'p:pic' | 'p:graphicFrame') {
  return [...xml.matchAll(new RegExp(`<${tag}>[\\s\\S]*?</${tag}>`, 'g'))].map((m) => {
    const nv = /<p:cNvPr [^>]*?name="([^"]*)"(?: descr="([^"]*)")?/.exec(m[0]);
    return { name: nv?.[1] ?? '', descr: nv?.[2], xml: m[0], text: texts(m[0]).join('') };
  });
}

function slideOf(deck: Deck, parts: Map<string, string>, title: string): string {
  const i = deck.slides.findIndex((s) => s.title === title);
  expect(i, `slide "${title}"`).toBeGreaterThanOrEqual(0);
  return parts.get(slideNames(parts)[i]!)!;
}

/** The media part a slide's relationship `embed` points at. */
function mediaOf(parts: Map<string, string>, slidePart: string, embed: string): string {
  const rels = parts.get(slidePart.replace('slides/', 'slides/_rels/').replace('.xml', '.xml.rels'))!;
  return `ppt/media/${new RegExp(`Id="${embed}"[^>]*Target="\\.\\./media/([^"]+)"`).exec(rels)?.[1]}`;
}

describe('the showcase deck as PPTX', () => {
  let deck: Deck;
  let parts: Map<string, string>;
  let output: string;
  beforeAll(async () => ({ deck, parts, output } = await written('showcase')));

  it('draws cards as native shapes with their text, and icons as PNG pictures', () => {
    const xml = slideOf(deck, parts, 'Four priorities');
    const shapes = objects(xml, 'p:sp');
    expect(shapes.filter((s) => s.name === 'card')).toHaveLength(4);
    expect(shapes.filter((s) => s.name === 'card-accent')).toHaveLength(4);
    expect(shapes.filter((s) => s.name === 'card-title').map((s) => s.text)).toEqual(['Trade', 'Technology', 'Energy', 'Health']);
    expect(shapes.find((s) => s.name === 'card-body' && s.text.includes('Chips and displays'))).toBeDefined();
    const icons = objects(xml, 'p:pic').filter((p) => p.name === 'card-icon');
    // icons are decorative: marked as PowerPoint marks them, with no description for a screen reader to read
    expect(icons).toHaveLength(4);
    for (const icon of icons) {
      expect(icon.descr).toBeUndefined();
      expect(icon.xml).toContain('<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative');
    }
    const slide = deck.slides.find((s) => s.title === 'Four priorities')!;
    expect(slide.shapes.filter((s) => s.kind === 'image' && s.role === 'card-icon').map((s) => s.kind === 'image' && s.alt)).toEqual(['ship icon', 'cpu icon', 'leaf icon', 'heart pulse icon']);
    const part = slideNames(parts)[deck.slides.findIndex((s) => s.title === 'Four priorities')]!;
    for (const icon of icons) {
      const media = mediaOf(parts, part, /r:embed="([^"]+)"/.exec(icon.xml)![1]!);
      expect(media).toMatch(/\.png$/);
      expect(parts.get(media)!.slice(1, 4)).toBe('PNG');
    }
  });

  it('writes a table as a:tbl, header first, numbers right-aligned', () => {
    const xml = slideOf(deck, parts, 'A table after a lead paragraph');
    const frame = objects(xml, 'p:graphicFrame').find((f) => f.xml.includes('<a:tbl>'))!;
    expect(frame).toBeDefined();
    expect(frame.xml.match(/<a:gridCol /g)).toHaveLength(5);
    const rows = [...frame.xml.matchAll(/<a:tr [\s\S]*?<\/a:tr>/g)].map((m) => texts(m[0]));
    expect(rows).toEqual([
      ['Year', 'Exports', 'Imports', 'Balance', 'Note'],
      ['2022', '155.8', '154.6', '1.2', 'confirmed'],
      ['2023', '124.8', '142.8', '−18.0', 'preliminary'],
      ['2024', '133.0', '139.9', '−6.9', 'imports derived'],
    ]);
    const secondRow = frame.xml.split('<a:tr ')[2]!;
    expect(secondRow.match(/<a:pPr algn="(\w+)"/g)!.map((a) => /algn="(\w+)"/.exec(a)![1])).toEqual(['l', 'r', 'r', 'r', 'l']);
  });

  it('writes pictures with their alt text, SVGs drawn to PNG', () => {
    const chart = objects(slideOf(deck, parts, 'A chart as a picture'), 'p:pic').find((p) => p.name === 'picture')!;
    expect(chart.descr).toBe('Bars rising from left to right');
    const svg = objects(slideOf(deck, parts, 'A picture beside bullets'), 'p:pic').find((p) => p.name === 'picture')!;
    expect(svg.descr).toBe('Two boxes joined by an arrow');
    expect([...parts.keys()].filter((n) => n.startsWith('ppt/media/') && n.endsWith('.svg'))).toEqual([]);
    expect([...parts.keys()].some((n) => n.startsWith('ppt/media/') && n.endsWith('.jpeg'))).toBe(true);
  });

  it('writes every text size explicitly and never asks PowerPoint to autofit', () => {
    for (const name of slideNames(parts)) {
      const xml = parts.get(name)!;
      expect(xml).not.toContain('normAutofit');
      expect(xml).not.toContain('spAutoFit');
      for (const run of xml.match(/<a:rPr [^>]*>/g) ?? []) expect(run).toMatch(/ sz="\d+"/);
    }
  });

  const skip = missingTools('xmllint', 'python3', 'shared');
  it.skipIf(!!skip)(`passes validate-pptx, as does the long deck ${skip ?? ''}`, async () => {
    const long = await written('long');
    const out = execFileSync(path.join(sharedDir, 'tools/validate-pptx'), [output, long.output], { encoding: 'utf8' });
    expect(out.match(/: valid \(\d+ parts\)/g)).toHaveLength(2);
  });
});

describe('the sample deck as PPTX', () => {
  let deck: Deck;
  let parts: Map<string, string>;
  beforeAll(async () => ({ deck, parts } = await written('sample', path.join(repoRoot, 'content'))));

  it('has its three priority cards as native shapes with text, each with a tinted icon', () => {
    const xml = slideOf(deck, parts, 'Three priority areas for Korean firms');
    expect(objects(xml, 'p:sp').filter((s) => s.name === 'card-title').map((s) => s.text)).toEqual(['Silver economy', 'Green industries', 'Digital transformation']);
    const icons = objects(xml, 'p:pic').filter((p) => p.name === 'card-icon');
    expect(icons.map((p) => [p.descr, p.xml.includes('adec:decorative')])).toEqual([
      [undefined, true],
      [undefined, true],
      [undefined, true],
    ]);
    const slide = deck.slides.find((s) => s.title === 'Three priority areas for Korean firms')!;
    expect(slide.shapes.flatMap((s) => (s.kind === 'image' && s.role === 'card-icon' ? [s.tint] : []))).toHaveLength(3);
  });

  it('has its 2022–2024 trade table as a:tbl with the numbers of the CSV', () => {
    const xml = slideOf(deck, parts, 'The last three years: exports fell, imports held');
    const table = objects(xml, 'p:graphicFrame').find((f) => f.xml.includes('<a:tbl>'))!;
    const rows = [...table.xml.matchAll(/<a:tr [\s\S]*?<\/a:tr>/g)].map((m) => texts(m[0]));
    const csv = readFileSync(path.join(repoRoot, 'content/data/korea-china-trade.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    for (const year of ['2022', '2023', '2024']) {
      const [, exports, imports, total] = csv.find((r) => r[0] === year)!;
      const balance = (Number(exports) - Number(imports)).toFixed(1).replace('-', '−');
      expect(rows.find((r) => r[0] === year)).toEqual([year, exports, imports, total, balance]);
    }
  });
});
