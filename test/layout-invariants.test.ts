import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { imageSize } from 'image-size';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { Box, Deck, Shape, Slide } from '../src/deck/types.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { textShapeFits } from '../src/layout/measure.js';
import { tableShapeFits } from '../src/layout/table.js';
import { repoRoot } from './helpers/tools.js';

/**
 * What every deck must satisfy, whatever the content: shapes on the slide, content shapes (text,
 * tables, charts, pictures) never on top of each other, every text at its final size fitting its
 * box by the same measurer that chose the size, card contents inside their card, pictures at
 * their own aspect ratio. Decorations (the rects of cards, tiles, accent bars and rules) may sit
 * under content; that is what they are for.
 */
const EPS = 1e-3;

function inside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x - EPS && inner.y >= outer.y - EPS && inner.x + inner.w <= outer.x + outer.w + EPS && inner.y + inner.h <= outer.y + outer.h + EPS;
}

function overlap(a: Box, b: Box): boolean {
  return a.x + a.w > b.x + EPS && b.x + b.w > a.x + EPS && a.y + a.h > b.y + EPS && b.y + b.h > a.y + EPS;
}

const isContent = (s: Shape) => s.kind !== 'rect';

export function invariantProblems(deck: Deck): string[] {
  const problems: string[] = [];
  const slideBox = { x: 0, y: 0, w: deck.width, h: deck.height };
  deck.slides.forEach((slide: Slide, n) => {
    const where = (s: Shape) => `slide ${n + 1} "${slide.title ?? slide.kind}" ${s.kind}:${s.role}`;
    for (const s of slide.shapes) {
      if (!inside(s.box, slideBox)) problems.push(`${where(s)} lies outside the slide: ${JSON.stringify(s.box)}`);
      if (s.box.w <= 0 || s.box.h <= 0) problems.push(`${where(s)} has an empty box`);
      if (s.kind === 'text' && !textShapeFits(s)) problems.push(`${where(s)} does not fit its box at ${s.style.fontSize} pt`);
      if (s.kind === 'table') {
        if (!tableShapeFits(s)) problems.push(`${where(s)} has a cell taller than its row`);
        const w = s.columnWidths.reduce((a, b) => a + b, 0);
        const h = s.rowHeights.reduce((a, b) => a + b, 0);
        if (Math.abs(w - s.box.w) > 0.01 || Math.abs(h - s.box.h) > 0.01) problems.push(`${where(s)}: columns and rows do not add up to its box`);
      }
      if (s.kind === 'image' && s.role !== 'logo') {
        const size = imageSize(readFileSync(s.path));
        const ratio = size.width! / size.height!;
        if (Math.abs(s.box.w / s.box.h - ratio) / ratio > 0.01) problems.push(`${where(s)} is distorted: ${s.box.w}×${s.box.h} for a ${size.width}×${size.height} picture`);
      }
      if (s.role.startsWith('card-') && s.role !== 'card-accent' && !slide.shapes.some((c) => c.role === 'card' && inside(s.box, c.box))) {
        problems.push(`${where(s)} is not inside a card`);
      }
    }
    const content = slide.shapes.filter(isContent);
    for (let i = 0; i < content.length; i++) {
      for (let j = i + 1; j < content.length; j++) {
        if (overlap(content[i]!.box, content[j]!.box)) problems.push(`${where(content[i]!)} overlaps ${content[j]!.kind}:${content[j]!.role}`);
      }
    }
  });
  return problems;
}

const FIXTURES = path.join(repoRoot, 'test/fixtures/layout');
const briefings = [
  ['the sample', path.join(repoRoot, 'content')],
  ...readdirSync(FIXTURES)
    .filter((name) => existsSync(path.join(FIXTURES, name, 'deck.yaml')))
    .map((name) => [`fixture ${name}`, path.join(FIXTURES, name)]),
];

function fitWarnings(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => /shrunk|continued|split|broken|overflow/.test(d.message));
}

describe.each(['default', 'ministry'])('Deck invariants with the %s template', (template) => {
  it.each(briefings)('%s', async (_, dir) => {
    const result = await build({ dir, template, write: false, cwd: repoRoot });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(invariantProblems(result.deck!)).toEqual([]);
    expect(result.diagnostics.filter((d) => /overflow/.test(d.message))).toEqual([]);
    for (const d of fitWarnings(result.diagnostics)) expect(d.at?.line, d.message).toBeGreaterThan(0);
  });
});

describe('the invariant checks', () => {
  const deck: Deck = {
    title: 't',
    lang: 'en',
    width: 10,
    height: 5,
    template: 'x',
    slides: [
      {
        kind: 'bullets',
        layout: 'bullets',
        background: 'FFFFFF',
        shapes: [
          { kind: 'chart', role: 'a', box: { x: 0, y: 0, w: 6, h: 3 }, chart: {} as never },
          { kind: 'chart', role: 'b', box: { x: 5, y: 2, w: 6, h: 2 }, chart: {} as never },
          { kind: 'rect', role: 'card', box: { x: 0, y: 0, w: 10, h: 5 }, fill: 'FFFFFF' },
        ],
      },
    ],
  };
  it('catch a shape off the slide and two content shapes on top of each other, but not a decoration under them', () => {
    const problems = invariantProblems(deck);
    expect(problems).toContain('slide 1 "bullets" chart:b lies outside the slide: {"x":5,"y":2,"w":6,"h":2}');
    expect(problems).toContain('slide 1 "bullets" chart:a overlaps chart:b');
    expect(problems).toHaveLength(2);
  });
});
