import { copyFileSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { ImageShape, TextShape } from '../src/deck/types.js';
import { makeBriefing } from './helpers/briefing.js';
import { repoRoot } from './helpers/tools.js';
import { deckOf, shapesOf, textsOf } from './fixtures/layout/deck-of.js';

const IMAGES = path.join(repoRoot, 'test/fixtures/layout/showcase/images');

/** A briefing folder with the fixture pictures in images/ and the given section files. */
function briefing(files: Record<string, string>): string {
  const dir = makeBriefing({ 'deck.yaml': 'title: Pictures\n', ...files });
  for (const name of ['chart.png', 'portrait.jpg', 'diagram.svg']) {
    copyFileSync(path.join(IMAGES, name), path.join(dir, 'images', name));
  }
  return dir;
}

async function laid(dir: string) {
  return build({ dir, write: false, cwd: dir });
}

describe('pictures', () => {
  it('places a lone picture as large as the region allows at its aspect ratio, with its alt text and caption', async () => {
    const dir = briefing({ 'images/.keep': '', '01.md': '## Exports\n\n![Bars rising](images/chart.png "Exports by year")\n' });
    const { deck, diagnostics } = await laid(dir);
    expect(diagnostics).toEqual([]);
    const slide = deck!.slides[1]!;
    expect(slide.kind).toBe('picture');
    const pic = shapesOf(slide, 'picture')[0] as ImageShape;
    expect(pic.path).toBe(path.join(dir, 'images/chart.png'));
    expect(pic.alt).toBe('Bars rising');
    expect(pic.box.w / pic.box.h).toBeCloseTo(800 / 450, 2);
    expect(textsOf(slide, 'caption')).toEqual(['Exports by year']);
  });

  it('resolves a path relative to the Markdown file that names it', async () => {
    const dir = briefing({ 'images/.keep': '', 'deck.yaml': 'title: P\nsections: [parts/01.md]\n', 'parts/01.md': '## Diagram\n\n![Two boxes](../images/diagram.svg)\n' });
    const { deck, diagnostics } = await laid(dir);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const pic = shapesOf(deck!.slides[1]!, 'picture')[0] as ImageShape;
    expect(pic.path).toBe(path.join(dir, 'images/diagram.svg'));
    expect(pic.box.w / pic.box.h).toBeCloseTo(2, 2);
  });

  it('stacks a picture under the text of a bullets slide', async () => {
    const dir = briefing({ 'images/.keep': '', '01.md': '## Mixed\n\n- one\n- two\n\n![Portrait](images/portrait.jpg)\n' });
    const slide = (await laid(dir)).deck!.slides[1]!;
    expect(slide.kind).toBe('bullets');
    const body = shapesOf(slide, 'body')[0] as TextShape;
    const pic = shapesOf(slide, 'picture')[0] as ImageShape;
    expect(body.box.y + body.box.h).toBeLessThanOrEqual(pic.box.y);
    expect(pic.box.w / pic.box.h).toBeCloseTo(300 / 400, 2);
  });

  it('names a missing picture at its line', async () => {
    const dir = briefing({ 'images/.keep': '', '01.md': '## A\n\ntext\n\n![Nothing](images/missing.png)\n' });
    const { ok, diagnostics } = await laid(dir);
    expect(ok).toBe(false);
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', message: 'picture "images/missing.png" not found', at: expect.objectContaining({ file: '01.md', line: 5 }) }));
  });

  it('does not fetch remote pictures, and says so', async () => {
    const dir = briefing({ 'images/.keep': '', '01.md': '## A\n\n![Logo](https://example.org/logo.png)\n' });
    const { diagnostics } = await laid(dir);
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', message: 'picture "https://example.org/logo.png" is a remote URL: remote images are not fetched', at: expect.objectContaining({ line: 3 }) }));
  });

  it('refuses a picture outside the briefing folder, by path or through a symlink', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'brief-outside-'));
    copyFileSync(path.join(IMAGES, 'chart.png'), path.join(outside, 'secret.png'));
    const dir = briefing({ 'images/.keep': '', '01.md': `## A\n\n![Up](../${path.basename(outside)}/secret.png)\n\n## B\n\n![Link](images/link.png)\n` });
    symlinkSync(path.join(outside, 'secret.png'), path.join(dir, 'images/link.png'));
    const { diagnostics } = await laid(dir);
    const outsideErrors = diagnostics.filter((d) => d.severity === 'error' && d.message.endsWith('is outside the briefing folder'));
    expect(outsideErrors.map((d) => d.at?.line)).toEqual([3, 7]);
  });

  it('refuses formats other than PNG, JPEG and SVG', async () => {
    const dir = briefing({ 'images/.keep': '', 'images/anim.gif': 'GIF89a\x01\x00\x01\x00\x00\x00\x00;', '01.md': '## A\n\n![Anim](images/anim.gif)\n' });
    const { diagnostics } = await laid(dir);
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', message: expect.stringContaining('brief places PNG, JPEG and SVG'), at: expect.objectContaining({ line: 3 }) }));
  });

  it('asks for a description when a picture has none', () => {
    const { diagnostics } = deckOf('## A\n\n![](x.png)\n', { images: () => ({ image: { path: '/x.png', width: 10, height: 10, type: 'png' } }) });
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', message: 'picture "x.png" has no description' }));
  });
});

describe('columns', () => {
  const md = `## Strengths and risks

::: columns
::: column
- Applied technology
:::
::: column
- Manufacturing lock-in
- Politics
:::
:::
`;

  it('sets the columns side by side, at one size, without overlap', () => {
    const slide = deckOf(md).deck.slides[1]!;
    expect(slide.kind).toBe('columns');
    const [left, right] = [shapesOf(slide, 'column-1')[0] as TextShape, shapesOf(slide, 'column-2')[0] as TextShape];
    expect(left.box.x + left.box.w).toBeLessThan(right.box.x);
    expect(left.box.y).toBe(right.box.y);
    expect(left.style.fontSize).toBe(right.style.fontSize);
    expect(textsOf(slide, 'column-2')).toEqual(['Manufacturing lock-in\nPolitics']);
  });

  it('leads in with the text above the columns, across both', () => {
    const slide = deckOf(md.replace('::: columns', 'Where Korea stands.\n\n::: columns')).deck.slides[1]!;
    const lead = shapesOf(slide, 'lead')[0] as TextShape;
    const left = shapesOf(slide, 'column-1')[0] as TextShape;
    expect(lead.box.y + lead.box.h).toBeLessThanOrEqual(left.box.y);
    expect(lead.box.w).toBeGreaterThan(left.box.w * 2);
  });

  it('continues a column too long for the slide on the next, titled (cont.)', () => {
    const many = Array.from({ length: 30 }, (_, i) => `- Point ${i + 1} about the economy`).join('\n');
    const { deck, diagnostics } = deckOf(md.replace('- Applied technology', many));
    const titles = deck.slides.slice(1).map((s) => s.title);
    expect(titles[0]).toBe('Strengths and risks');
    expect(titles.slice(1).every((t) => t === 'Strengths and risks (cont.)')).toBe(true);
    expect(textsOf(deck.slides[1]!, 'column-2')).toEqual(['Manufacturing lock-in\nPolitics']);
    expect(diagnostics).toContainEqual(expect.objectContaining({ message: expect.stringContaining('is too long for one slide'), at: expect.objectContaining({ line: 1 }) }));
  });
});
