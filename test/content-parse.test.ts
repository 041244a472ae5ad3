import { describe, expect, it } from 'vitest';
import { normalizeText, parseSection, splitHeadingAttrs } from '../src/content/parse.js';

const md = [
  '# The visit', // 1
  '', // 2
  'Subtitle here', // 3
  '', // 4
  '## Numbers {.figures}', // 5
  '', // 6
  '- **15** documents', // 7
  '- **200+** leaders', // 8
  '', // 9
  '::: notes', // 10
  'Say this.', // 11
  ':::', // 12
  '', // 13
  '## Bullets', // 14
  '', // 15
  '- level one with **bold**, *italic*, `code` and [a link](https://example.org)', // 16
  '  - level two', // 17
  '    - level three', // 18
  '- [bad](javascript:alert(1)) link', // 19
  '', // 20
  '## Quote', // 21
  '', // 22
  '> Words of wisdom.', // 23
  '>', // 24
  '> — Yu Ji-won, Wonkwang University', // 25
].join('\n');

describe('parseSection', () => {
  const { slides, diagnostics } = parseSection(md, 'sec.md');

  it('splits # and ## into slides with their source lines', () => {
    expect(slides.map((s) => [s.depth, s.title.map((r) => r.text).join(''), s.at.line])).toEqual([
      [1, 'The visit', 1],
      [2, 'Numbers', 5],
      [2, 'Bullets', 14],
      [2, 'Quote', 21],
    ]);
  });

  it('keeps heading classes and attaches notes to their slide', () => {
    expect(slides[1]!.attrs.classes).toEqual(['figures']);
    expect(slides[1]!.notes).toBe('Say this.');
    expect(slides[2]!.notes).toBeUndefined();
  });

  it('gives list items their level and line, and inline marks', () => {
    const list = slides[2]!.blocks[0]!;
    expect(list.type).toBe('list');
    if (list.type !== 'list') return;
    expect(list.items.map((i) => [i.level, i.at.line])).toEqual([
      [0, 16],
      [1, 17],
      [2, 18],
      [0, 19],
    ]);
    expect(list.items[0]!.runs).toEqual([
      { text: 'level one with ' },
      { text: 'bold', bold: true },
      { text: ', ' },
      { text: 'italic', italic: true },
      { text: ', ' },
      { text: 'code', code: true },
      { text: ' and ' },
      { text: 'a link', link: 'https://example.org' },
    ]);
  });

  it('gives every item of a long list its own line, items of several lines and loose lists too', () => {
    // item k: one line, two lines, or one line and a blank line, in turn
    const lines: string[] = ['## Long list', ''];
    const expected: number[] = [];
    for (let k = 0; k < 300; k++) {
      expected.push(lines.length + 1);
      lines.push(`- item ${k}`);
      if (k % 3 === 1) lines.push('  continued');
      if (k % 3 === 2) lines.push('');
    }
    const { slides: long } = parseSection(lines.join('\n') + '\n', 'long.md');
    const list = long[0]!.blocks[0]!;
    expect(list.type).toBe('list');
    if (list.type === 'list') expect(list.items.map((i) => i.at.line)).toEqual(expected);
  });

  it('drops javascript: links with a warning at the line', () => {
    const w = diagnostics.find((d) => d.message.includes('javascript:'));
    expect(w).toMatchObject({ severity: 'warning', at: { file: 'sec.md', line: 19 } });
  });

  it('splits the attribution off a blockquote', () => {
    const q = slides[3]!.blocks[0]!;
    expect(q.type).toBe('quote');
    if (q.type !== 'quote') return;
    expect(q.paragraphs).toEqual([[{ text: 'Words of wisdom.' }]]);
    expect(q.attribution).toEqual([{ text: 'Yu Ji-won, Wonkwang University' }]);
  });

  it('gives a chart block the line of its YAML body', () => {
    const { slides } = parseSection('## C\n\n```chart\ntype: column\n```\n', 'c.md');
    expect(slides[0]!.blocks[0]).toMatchObject({ type: 'chart', yaml: 'type: column', at: { line: 3 }, bodyAt: { line: 4 } });
  });

  it('reports an unclosed fenced div at its line', () => {
    const { diagnostics } = parseSection('## A\n\n::: notes\ntext\n', 'a.md');
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', message: '"::: notes" is never closed', at: { file: 'a.md', line: 3, column: 1 } }));
  });

  it('parses columns into blocks with their own lines', () => {
    const { slides } = parseSection('## Two\n\n::: columns\n::: column\n- left\n:::\n::: column\n- right\n:::\n:::\n', 'two.md');
    const cols = slides[0]!.blocks[0]!;
    expect(cols.type).toBe('columns');
    if (cols.type !== 'columns') return;
    expect(cols.columns).toHaveLength(2);
    expect(cols.columns[1]![0]).toMatchObject({ type: 'list', at: { line: 8 } });
  });

  it('keeps & < > as characters and drops raw HTML with a warning', () => {
    const { slides, diagnostics } = parseSection('## A & B <c>\n\n- x < y & "z"\n- <b>bold</b>\n', 'h.md');
    expect(slides[0]!.title.map((r) => r.text).join('')).toBe('A & B ');
    const list = slides[0]!.blocks[0]!;
    if (list.type !== 'list') throw new Error('expected list');
    expect(list.items[0]!.runs.map((r) => r.text).join('')).toBe('x < y & "z"');
    expect(diagnostics.some((d) => d.severity === 'warning' && d.message.startsWith('raw HTML'))).toBe(true);
  });
});

describe('normalizeText', () => {
  it('strips BOM, CRLF and XML-invalid control characters', () => {
    expect(normalizeText('\uFEFFa\r\nb\rc\u0007d\u0000')).toBe('a\nb\ncd');
  });
  it('removes lone surrogates but keeps emoji', () => {
    expect(normalizeText('x\uD800y😀')).toBe('xy😀');
  });
});

describe('splitHeadingAttrs', () => {
  it('splits classes and key=value pairs', () => {
    expect(splitHeadingAttrs('Silver economy {.card icon=heart-pulse}')).toEqual({ text: 'Silver economy', attrs: { classes: ['card'], values: { icon: 'heart-pulse' } } });
  });
});
