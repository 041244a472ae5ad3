/**
 * `brief check` reports what PowerPoint's Accessibility Checker would, at the line to fix; the
 * deck itself carries the marks a screen reader needs.
 */
import { describe, expect, it } from 'vitest';
import type { Deck, Slide, TextStyle } from '../src/deck/types.js';
import { accessibilityReport } from '../src/layout/accessibility.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { makeBriefing, runCli } from './helpers/briefing.js';

const BOX = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30"/></svg>';

describe('brief check: accessibility', () => {
  const dir = makeBriefing({
    'deck.yaml': 'title: Checks\n',
    'images/box.svg': BOX,
    '01.md': '## Exports\n\n![](images/box.svg)\n\n## Exports\n\n- the same title as the slide before\n\n## Imports\n\n- its own title\n',
  });

  it('reports a picture without alt text and two slides titled alike, each at its line, with how to fix it', () => {
    const r = runCli(['check', '.'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('01.md:3:1: warning: picture "images/box.svg" has no description\n  hint: describe it for screen readers: `![what the picture shows](path)`');
    expect(r.stderr).toContain(
      '01.md:5:1: warning: accessibility: slide 3 has the same title as slide 2 (01.md:1): "Exports"\n' +
        '  hint: give each slide its own title, so that a screen reader\'s list of slides tells them apart (a slide continued by brief gets "(cont.)" by itself)',
    );
    expect(r.stderr).not.toContain('Imports"');
  });

  it('carries them in --json', () => {
    const json = JSON.parse(runCli(['check', '.', '--json'], dir).stdout) as { diagnostics: { message: string; at?: { file: string; line: number } }[] };
    const dup = json.diagnostics.find((d) => d.message.startsWith('accessibility: slide 3'));
    expect(dup?.at).toMatchObject({ file: '01.md', line: 5 });
    expect(json.diagnostics.find((d) => d.message.includes('has no description'))?.at).toMatchObject({ file: '01.md', line: 3 });
  });

  it('does not count a slide brief continued as a duplicate', () => {
    const many = Array.from({ length: 40 }, (_, i) => `- point ${i + 1} of a long list that has to continue on the next slide`).join('\n');
    const long = makeBriefing({ 'deck.yaml': 'title: Long\n', '01.md': `## Forty points\n\n${many}\n` });
    const r = runCli(['check', '.'], long);
    expect(r.stderr).toContain('continued on');
    expect(r.stderr).not.toContain('same title');
  });
});

describe('accessibilityReport', () => {
  const style: TextStyle = { fontFace: 'Calibri', eastAsianFontFace: 'Malgun Gothic', monoFontFace: 'Consolas', fontSize: 12, color: '222222', align: 'left', valign: 'top', lineSpacing: 1, paraSpaceAfter: 0, inset: 0.05, linkColor: '1F4E79' };
  const slide = (title: string, line: number, extra: Slide['shapes'] = []): Slide => ({
    kind: 'bullets',
    layout: 'bullets',
    title,
    background: 'FFFFFF',
    source: { file: 'a.md', line, column: 1 },
    shapes: [{ kind: 'text', role: 'title', box: { x: 0, y: 0, w: 5, h: 1 }, paragraphs: [{ runs: [{ text: title }] }], style }, ...extra],
  });
  const deck = (slides: Slide[]): Deck => ({ title: 'T', lang: 'en', width: 13.333, height: 7.5, template: 't', slides });

  it('reports text below 4.5:1 on the fill it sits on, a slide without a title and an empty header row', () => {
    const pale = { kind: 'text' as const, role: 'card-body', box: { x: 1, y: 2, w: 3, h: 1 }, paragraphs: [{ runs: [{ text: 'pale', color: 'AAAAAA' }] }], style };
    const card = { kind: 'rect' as const, role: 'card', box: { x: 0, y: 1.5, w: 6, h: 3 }, fill: 'FFFFFF' };
    const table = {
      kind: 'table' as const,
      role: 'table',
      box: { x: 0, y: 2, w: 5, h: 2 },
      columnWidths: [2.5, 2.5],
      rowHeights: [0.4, 0.4],
      rows: [
        [
          { paragraphs: [{ runs: [{ text: '' }] }], align: 'left' as const, color: '222222' },
          { paragraphs: [{ runs: [{ text: ' ' }] }], align: 'left' as const, color: '222222' },
        ],
        [
          { paragraphs: [{ runs: [{ text: '2024' }] }], align: 'left' as const, color: '222222' },
          { paragraphs: [{ runs: [{ text: '1.0' }] }], align: 'left' as const, color: '222222' },
        ],
      ],
      style,
      borderColor: 'D9D9D9',
    };
    const out = accessibilityReport(deck([slide('One', 1, [card, pale]), slide('', 5), slide('Three', 9, [table])])).map(formatDiagnostic);
    expect(out).toEqual([
      'a.md:5:1: warning: accessibility: slide 2 has no title\n  hint: give it a `## Title`: a screen reader lists slides by their titles, and so does PowerPoint\'s navigation pane',
      'a.md:1:1: warning: accessibility: card-body text on slide 1 (AAAAAA on FFFFFF, 12 pt) has contrast 2.32:1, below WCAG AA 4.5:1\n' +
        '  hint: darken the text or lighten what it sits on in the template (template.json colours) until they reach 4.5:1; text of 18 pt and up, or 14 pt bold, needs 3:1',
      'a.md:9:1: warning: accessibility: the table on slide 3 has no header row (its first row is empty)\n' +
        '  hint: write the column names in the first row of the Markdown table (`| Year | Exports |`): a screen reader reads them with every cell',
    ]);
  });

  it('holds text to the template\'s own contrast threshold when it sets one', () => {
    // 767676 on white is 4.54:1: WCAG AA passes it, a template asking for 7:1 does not
    const grey = { kind: 'text' as const, role: 'body', box: { x: 1, y: 2, w: 3, h: 1 }, paragraphs: [{ runs: [{ text: 'grey' }] }], style: { ...style, color: '767676' } };
    const big = { ...grey, role: 'figure', paragraphs: [{ runs: [{ text: '15' }], fontSize: 24 }] };
    expect(accessibilityReport(deck([slide('One', 1, [grey, big])]))).toEqual([]);
    const strict = { ...deck([slide('One', 1, [grey, big])]), contrast: { body: 7, large: 4.67 } };
    expect(accessibilityReport(strict).map(formatDiagnostic)).toEqual([
      "a.md:1:1: warning: accessibility: body text on slide 1 (767676 on FFFFFF, 12 pt) has contrast 4.54:1, below the template's 7:1\n" +
        '  hint: darken the text or lighten what it sits on in the template (template.json colours) until they reach 7:1; text of 18 pt and up, or 14 pt bold, needs 4.67:1',
      "a.md:1:1: warning: accessibility: figure text on slide 1 (767676 on FFFFFF, 24 pt) has contrast 4.54:1, below the template's 4.67:1\n" +
        '  hint: darken the text or lighten what it sits on in the template (template.json colours) until they reach 4.67:1; text of 18 pt and up, or 14 pt bold, needs 4.67:1',
    ]);
  });

  it('treats "(cont.)", "(계속)" and "（续）" as continuations, but the same title elsewhere as a duplicate', () => {
    const cont = accessibilityReport(deck([slide('A', 1), slide('A (cont.)', 1), slide('B', 4), slide('B（续）', 4)]));
    expect(cont).toEqual([]);
    const dup = accessibilityReport(deck([slide('A', 1), slide('A (cont.)', 7)]));
    expect(dup.map((d) => d.at?.line)).toEqual([7]);
  });
});
