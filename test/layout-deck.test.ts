import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../src/content/manifest.js';
import { parseSection } from '../src/content/parse.js';
import { shownShapes } from '../src/deck/shown.js';
import { briefingToDeck } from '../src/layout/deck.js';
import { loadTemplate } from '../src/template/load.js';
import type { TextShape } from '../src/deck/types.js';
import { repoRoot } from './helpers/tools.js';

function deckOf(md: string, yaml = 'title: T\nclassification: Internal\n') {
  const { manifest } = parseManifest(yaml, 'deck.yaml');
  const { slides } = parseSection(md, 's.md');
  const { template } = loadTemplate(path.join(repoRoot, 'templates/default'));
  return briefingToDeck({ dir: '/tmp', manifest: manifest!, slides }, new Map(), template!);
}

const MD = `# One

Sub one

## Bullets

- a **b**
  - c

::: notes
Say it.
:::

# Two

## Figures {.figures}

- **15** documents
- **200+** leaders

## Quote

> Words.
>
> — Someone

## End {.closing}

- done
`;

describe('briefingToDeck', () => {
  const { deck, diagnostics } = deckOf(MD);

  it('adds a title slide and an agenda, then one slide per heading, each with its kind', () => {
    expect(deck.slides.map((s) => s.kind)).toEqual(['title', 'agenda', 'section', 'bullets', 'section', 'figures', 'quote', 'closing']);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('remembers where each slide came from and carries its notes', () => {
    const bullets = deck.slides[3]!;
    expect(bullets.source).toMatchObject({ file: 's.md', line: 5 });
    expect(bullets.notes).toBe('Say it.');
  });

  it('lists the sections on the agenda', () => {
    const body = deck.slides[1]!.shapes.find((s): s is TextShape => s.kind === 'text' && s.role === 'agenda')!;
    expect(body.paragraphs.map((p) => p.runs.map((r) => r.text).join(''))).toEqual(['01   One', '02   Two']);
  });

  it('numbers slides in the footer, with the deck title and classification, only where the layout wants a footer', () => {
    const footers = deck.slides.map((s) => shownShapes(deck, s).filter((x): x is TextShape => x.kind === 'text' && x.role.startsWith('footer-')).map((x) => x.paragraphs[0]!.runs.map((r) => r.text).join('')));
    expect(footers[0]).toEqual([]);
    expect(footers[3]).toEqual(['T', 'Internal', '4']);
    expect(footers[7]).toEqual([]);
  });

  it('keeps bullet levels and inline marks', () => {
    const body = deck.slides[3]!.shapes.find((s): s is TextShape => s.kind === 'text' && s.role === 'body')!;
    expect(body.paragraphs.map((p) => [p.level, p.bullet])).toEqual([
      [0, true],
      [1, true],
    ]);
    expect(body.paragraphs[0]!.runs).toEqual([{ text: 'a ' }, { text: 'b', bold: true }]);
  });

  it('makes a tile per key figure with the figure and its label', () => {
    const texts = deck.slides[5]!.shapes.filter((s): s is TextShape => s.kind === 'text' && (s.role === 'figure' || s.role === 'figure-label')).map((s) => s.paragraphs[0]!.runs.map((r) => r.text).join(''));
    expect(texts).toEqual(['15', 'documents', '200+', 'leaders']);
  });

  it('sets the quote and its attribution', () => {
    const roles = Object.fromEntries(deck.slides[6]!.shapes.filter((s): s is TextShape => s.kind === 'text').map((s) => [s.role, s.paragraphs.map((p) => p.runs.map((r) => r.text).join('')).join('|')]));
    expect(roles['quote']).toBe('Words.');
    expect(roles['attribution']).toBe('— Someone');
  });

  it('tags Hangul and Hanzi runs with their language', () => {
    const { deck } = deckOf('## 김구 and 上海\n\n- x\n');
    const title = deck.slides[1]!.shapes.find((s): s is TextShape => s.kind === 'text' && s.role === 'title')!;
    expect(title.paragraphs[0]!.runs).toEqual([{ text: '김구', lang: 'ko-KR' }, { text: ' and ' }, { text: '上海', lang: 'zh-CN' }]);
  });

  it('errors at the line of a figures item without a bold figure', () => {
    const { diagnostics } = deckOf('## F {.figures}\n\n- **1** one\n- two\n');
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', message: 'a key-figures item must start with a bold figure', at: expect.objectContaining({ line: 4 }) }));
  });

  it('continues a long agenda on further slides instead of letting it overflow', () => {
    const md = Array.from({ length: 20 }, (_, i) => `# Part ${i + 1}\n\n## Slide ${i + 1}\n\n- x\n`).join('\n');
    const { deck, diagnostics } = deckOf(md);
    const agendas = deck.slides.filter((s) => s.kind === 'agenda');
    expect(agendas.map((a) => a.title)).toEqual(['Agenda', 'Agenda (cont.)']);
    const entries = agendas.flatMap((a) => a.shapes.filter((s): s is TextShape => s.kind === 'text' && s.role === 'agenda').flatMap((s) => s.paragraphs));
    expect(entries.map((p) => p.runs.map((r) => r.text).join(''))).toEqual(Array.from({ length: 20 }, (_, i) => `${String(i + 1).padStart(2, '0')}   Part ${i + 1}`));
    expect(diagnostics.some((d) => /does not fit|overflow/.test(d.message))).toBe(false);
  });
});
