import { describe, expect, it } from 'vitest';
import type { ImageShape, RectShape, TextShape } from '../src/deck/types.js';
import { deckOf, shapesOf, textsOf } from './fixtures/layout/deck-of.js';

const THREE = `## Three priorities

### Silver economy {icon=heart-pulse}

- Ageing societies

### Green industries {icon=leaf}

Hydrogen and shipbuilding.

### Digital {icon=cpu}

- Data
- Services
`;

describe('cards', () => {
  const { deck, diagnostics, template } = deckOf(THREE);
  const slide = deck.slides[1]!;

  it('makes one card per `###`, in a row of equal boxes, each with an accent bar in the accent colours in turn', () => {
    expect(slide.kind).toBe('cards');
    const cards = shapesOf(slide, 'card') as RectShape[];
    expect(cards).toHaveLength(3);
    expect(new Set(cards.map((c) => c.box.y)).size).toBe(1);
    expect(new Set(cards.map((c) => c.box.w)).size).toBe(1);
    const accents = shapesOf(slide, 'card-accent') as RectShape[];
    expect(accents.map((a) => a.fill)).toEqual(template.colors.accents.slice(0, 3));
    expect(textsOf(slide, 'card-title')).toEqual(['Silver economy', 'Green industries', 'Digital']);
    expect(textsOf(slide, 'card-body')).toEqual(['Ageing societies', 'Hydrogen and shipbuilding.', 'Data\nServices']);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('draws the named Lucide icon, tinted with its card accent', () => {
    const icons = shapesOf(slide, 'card-icon') as ImageShape[];
    expect(icons.map((i) => i.path.split('/').slice(-1)[0])).toEqual(['heart-pulse.svg', 'leaf.svg', 'cpu.svg']);
    expect(icons.map((i) => i.tint)).toEqual(template.colors.accents.slice(0, 3));
    expect(icons.every((i) => i.box.w === i.box.h)).toBe(true);
  });

  it('sets every card title at one size and every card body at one size', () => {
    const sizes = (role: string) => new Set((shapesOf(slide, role) as TextShape[]).map((s) => s.style.fontSize));
    expect(sizes('card-title').size).toBe(1);
    expect(sizes('card-body').size).toBe(1);
  });

  it('puts four cards in a 2×2 grid, icons beside their titles', () => {
    const four = deckOf('## Four\n\n### A {icon=ship}\n\nx\n\n### B\n\ny\n\n### C\n\nz\n\n### D\n\nw\n').deck.slides[1]!;
    const boxes = (shapesOf(four, 'card') as RectShape[]).map((c) => c.box);
    expect(new Set(boxes.map((b) => b.x)).size).toBe(2);
    expect(new Set(boxes.map((b) => b.y)).size).toBe(2);
    const icon = shapesOf(four, 'card-icon')[0]!;
    const title = shapesOf(four, 'card-title')[0]!;
    expect(title.box.x).toBeGreaterThanOrEqual(icon.box.x + icon.box.w);
  });

  it('names an unknown icon at its line, with the closest Lucide name', () => {
    const { diagnostics } = deckOf('## T\n\n### A {icon=hart-pulse}\n\nx\n\n### B\n\ny\n');
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', message: 'unknown icon "hart-pulse"', hint: expect.stringContaining('did you mean "heart-pulse"?'), at: expect.objectContaining({ line: 3 }) }));
  });

  it('refuses a fifth card at its line', () => {
    const md = '## T {.cards}\n\n' + ['A', 'B', 'C', 'D', 'E'].map((t) => `### ${t}\n\nx\n`).join('\n');
    const { diagnostics } = deckOf(md);
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', message: '5 cards do not fit one slide (at most 4)', at: expect.objectContaining({ line: 19 }) }));
  });

  it('shrinks long card text, all cards alike, and says so at the slide heading', () => {
    const long = 'Supply chains remain deeply interwoven across both economies and many industries. '.repeat(14);
    const { deck, diagnostics } = deckOf(`## Long\n\n### A\n\n${long}\n\n### B\n\nshort\n`);
    const bodies = shapesOf(deck.slides[1]!, 'card-body') as TextShape[];
    expect(bodies[0]!.style.fontSize).toBeLessThan(17);
    expect(bodies[1]!.style.fontSize).toBe(bodies[0]!.style.fontSize);
    expect(diagnostics).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/^card text on slide "Long" shrunk from 17 pt to [\d.]+ pt to fit$/), at: expect.objectContaining({ line: 1 }) }));
  });

  it('names a card whose text overflows even at the minimum size, at its line', () => {
    const { diagnostics } = deckOf(`## Much\n\n### A\n\n${'text '.repeat(600)}\n\n### B\n\ny\n`);
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', message: 'card "A" does not fit even at 14 pt: it overflows its box', at: expect.objectContaining({ line: 3 }) }));
  });

  it('leaves out a table in a card, with a warning at its line', () => {
    const { diagnostics } = deckOf('## T\n\n### A\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n### B\n\nz\n');
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', message: 'a table cannot be shown in a card and is left out', at: expect.objectContaining({ line: 5 }) }));
  });
});

describe('key figures', () => {
  const md = `## In numbers {.figures}

- **272.9** US$ bn of trade
  - Source: MOTIE
- **−6.9** US$ bn balance
- **15** documents
`;
  const { deck } = deckOf(md);
  const slide = deck.slides[1]!;

  it('makes a tile per figure with its number, its label and, when given, its own source', () => {
    expect(textsOf(slide, 'figure')).toEqual(['272.9', '−6.9', '15']);
    expect(textsOf(slide, 'figure-label')).toEqual(['US$ bn of trade', 'US$ bn balance', 'documents']);
    expect(textsOf(slide, 'figure-source')).toEqual(['Source: MOTIE']);
  });

  it('sets all numbers at one size and keeps each tile’s text inside its tile', () => {
    const figures = shapesOf(slide, 'figure') as TextShape[];
    expect(new Set(figures.map((f) => f.style.fontSize)).size).toBe(1);
    const tiles = shapesOf(slide, 'tile');
    for (const role of ['figure', 'figure-label', 'figure-source']) {
      for (const s of shapesOf(slide, role)) expect(tiles.some((t) => s.box.x >= t.box.x && s.box.x + s.box.w <= t.box.x + t.box.w && s.box.y + s.box.h <= t.box.y + t.box.h)).toBe(true);
    }
  });
});
