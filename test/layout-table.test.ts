import { describe, expect, it } from 'vitest';
import { parseSection } from '../src/content/parse.js';
import type { Block } from '../src/content/types.js';
import type { TableShape } from '../src/deck/types.js';
import { paragraphText } from '../src/layout/measure.js';
import { tableModel } from '../src/layout/table.js';
import { deckOf } from './fixtures/layout/deck-of.js';

function modelOf(md: string) {
  const block = parseSection(`## T\n\n${md}`, 's.md').slides[0]!.blocks.find((b): b is Extract<Block, { type: 'table' }> => b.type === 'table')!;
  return tableModel(block);
}

const cells = (m: ReturnType<typeof modelOf>) => m.rows.map((r) => r.map(paragraphText));

describe('GFM tables', () => {
  it('right-aligns number columns and sets their numbers alike: separators, the same decimals, a true minus', () => {
    const m = modelOf('| Item | Value | Share |\n|---|---|---|\n| a | 1234.5 | 12% |\n| b | -18 | 3.25% |\n| c | 7 | — |\n');
    expect(m.align).toEqual(['left', 'right', 'right']);
    expect(cells(m)).toEqual([
      ['a', '1,234.5', '12.00%'],
      ['b', '−18.0', '3.25%'],
      ['c', '7.0', '—'],
    ]);
    expect(m.header.map((p) => p.align)).toEqual(['left', 'right', 'right']);
  });

  it('leaves a column of years, and text, as they are', () => {
    const m = modelOf('| Year | Note |\n|---|---|\n| 2022 | confirmed |\n| 2023 | 12 items |\n');
    expect(m.align).toEqual(['left', 'left']);
    expect(cells(m)).toEqual([
      ['2022', 'confirmed'],
      ['2023', '12 items'],
    ]);
  });

  it('follows the alignment the Markdown asks for', () => {
    expect(modelOf('| A | B |\n|:-:|--:|\n| x | y |\n').align).toEqual(['center', 'right']);
  });

  it('becomes one native table whose columns fill the region and whose rows hold their text', () => {
    const { deck } = deckOf('## Trade\n\n| Year | Exports | Imports |\n|---|---|---|\n| 2022 | 155.8 | 154.6 |\n| 2023 | 124.8 | 142.8 |\n');
    const slide = deck.slides[1]!;
    expect(slide.kind).toBe('table');
    const table = slide.shapes.find((s): s is TableShape => s.kind === 'table')!;
    expect(table.rows).toHaveLength(3);
    expect(table.columnWidths.reduce((a, b) => a + b, 0)).toBeCloseTo(12.133, 3);
    expect(table.rows[0]!.every((c) => c.bold && c.fill === '143D6B' && c.color === 'FFFFFF')).toBe(true);
    expect(table.rows[2]![0]!.fill).toBe('F1F4F8');
    expect(table.rows[1]![1]!.align).toBe('right');
  });

  it('continues a table taller than its region on further slides, header repeated, every row once and in order', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `| ${i + 1} | Region ${i + 1} | ${(i * 1.5).toFixed(1)} |`).join('\n');
    const { deck, diagnostics } = deckOf(`## Sixty rows\n\n| N | Region | Value |\n|---|---|---|\n${rows}\n`);
    const slides = deck.slides.slice(1);
    expect(slides.length).toBeGreaterThan(2);
    expect(slides.map((s) => s.title)).toEqual(['Sixty rows', ...slides.slice(1).map(() => 'Sixty rows (cont.)')]);
    const tables = slides.map((s) => s.shapes.find((x): x is TableShape => x.kind === 'table')!);
    for (const t of tables) expect(t.rows[0]!.map((c) => paragraphText(c.paragraphs[0]!))).toEqual(['N', 'Region', 'Value']);
    const numbers = tables.flatMap((t) => t.rows.slice(1).map((r) => paragraphText(r[0]!.paragraphs[0]!)));
    expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => String(i + 1)));
    // All parts share one size.
    expect(new Set(tables.map((t) => t.style.fontSize)).size).toBe(1);
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', message: expect.stringContaining('table of 60 rows is taller than the slide'), at: expect.objectContaining({ line: 3 }) }));
    expect(diagnostics).toContainEqual(expect.objectContaining({ message: expect.stringContaining(`continued on ${slides.length - 1} more slides`), at: expect.objectContaining({ line: 1 }) }));
  });

  it('stacks a lead paragraph above the table without overlap', () => {
    const { deck } = deckOf('## T\n\nAll figures in US$ bn.\n\n| A | B |\n|---|---|\n| x | 1 |\n');
    const slide = deck.slides[1]!;
    const body = slide.shapes.find((s) => s.role === 'body')!;
    const table = slide.shapes.find((s) => s.kind === 'table')!;
    expect(body.box.y + body.box.h).toBeLessThanOrEqual(table.box.y);
  });
});
