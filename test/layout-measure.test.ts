import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Font, create } from 'fontkit';
import { describe, expect, it } from 'vitest';
import type { Paragraph, TextStyle } from '../src/deck/types.js';
import { FONTS_DIR, hasMetricTwin } from '../src/layout/font-metrics.js';
import { fitText, shrinkSizes, splitParagraph } from '../src/layout/fit.js';
import { layoutParagraph, lineHeightOf, naturalWidths, paragraphText, paragraphsHeight } from '../src/layout/measure.js';

const style = (over: Partial<TextStyle> = {}): TextStyle => ({
  fontFace: 'Calibri',
  eastAsianFontFace: 'Malgun Gothic',
  monoFontFace: 'Consolas',
  fontSize: 20,
  color: '000000',
  align: 'left',
  valign: 'top',
  lineSpacing: 1,
  paraSpaceAfter: 0,
  inset: 0.05,
  linkColor: '0000FF',
  ...over,
});
const p = (text: string, extra: Partial<Paragraph> = {}): Paragraph => ({ runs: [{ text }], ...extra });
/** naturalWidths reports the width lines are broken at, 1% short of the box. */
const SAFETY = 0.99;

describe('measuring text', () => {
  it("measures Calibri text with Carlito's advance widths", () => {
    const font = create(readFileSync(path.join(FONTS_DIR, 'Carlito-Regular.ttf'))) as Font;
    const text = 'Korea–China trade, 2024';
    const em = [...text].reduce((sum, ch) => sum + font.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth, 0) / font.unitsPerEm;
    expect(naturalWidths(p(text), style(), 72).line * SAFETY).toBeCloseTo(em, 6);
  });

  it('tells narrow from wide letters, bold from regular, and Arial from Calibri', () => {
    const w = (text: string, s = style()) => naturalWidths(p(text), s, 20).line;
    expect(w('WWWW')).toBeGreaterThan(w('iiii') * 2.5);
    expect(w('Cooperation', style({ bold: true }))).toBeGreaterThan(w('Cooperation'));
    expect(w('Cooperation', style({ fontFace: 'Arial' }))).toBeGreaterThan(w('Cooperation') * 1.05);
    expect(hasMetricTwin('Calibri') && hasMetricTwin('arial') && !hasMetricTwin('Aptos')).toBe(true);
  });

  it('measures Hangul and Hanzi at one em each and gives their lines more height', () => {
    expect(naturalWidths(p('대한민국上海'), style(), 72).line * SAFETY).toBeCloseTo(6, 6);
    expect(lineHeightOf(p('上海'), style(), 20)).toBeGreaterThan(lineHeightOf(p('Shanghai'), style(), 20) * 1.15);
  });

  it('measures code at the widest monospaced advance', () => {
    const code: Paragraph = { runs: [{ text: 'iiii', code: true }] };
    expect(naturalWidths(code, style(), 72).line * SAFETY).toBeCloseTo(4 * 0.602, 6);
  });

  it('wraps at spaces, lets trailing spaces hang, and breaks a word too long for any line', () => {
    const s = style();
    const oneWord = naturalWidths(p('cooperation'), s, 20).line;
    const twoWords = naturalWidths(p('cooperation cooperation'), s, 20).line;
    expect(layoutParagraph(p('cooperation cooperation '), s, 20, twoWords + 0.01).lines).toHaveLength(1);
    expect(layoutParagraph(p('cooperation cooperation'), s, 20, twoWords - 0.05).lines).toHaveLength(2);
    const long = 'x'.repeat(80);
    const broken = layoutParagraph(p(`a ${long} b`), s, 20, oneWord);
    expect(broken.brokenWord).toBe(true);
    expect(broken.lines.length).toBeGreaterThan(3);
    // Every character is on exactly one line, in order.
    expect(broken.lines.map((l) => `a ${long} b`.slice(l.start, l.end)).join('').replace(/\s/g, '')).toBe(`a${long}b`);
  });

  it('breaks Hanzi between any two characters but keeps a Hangul word together', () => {
    const s = style();
    const width = naturalWidths(p('上海上海'), s, 20).line;
    expect(layoutParagraph(p('上海上海上海'), s, 20, width).lines).toHaveLength(2);
    const hangul = layoutParagraph(p('대한민국 임시정부'), s, 20, naturalWidths(p('대한민국 임시'), s, 20).line);
    expect(hangul.lines).toHaveLength(2);
    expect(hangul.brokenWord).toBe(false);
  });

  it('honours hard line breaks', () => {
    expect(layoutParagraph(p('one\ntwo\nthree'), style(), 20, 10).lines).toHaveLength(3);
  });

  it('adds space after paragraphs, bullet indents and line spacing to the height', () => {
    const s = style({ paraSpaceAfter: 12, lineSpacing: 1.2 });
    const one = lineHeightOf(p('x'), s, 20);
    expect(paragraphsHeight([p('x'), p('y')], 10, s, 20)).toBeCloseTo(2 * one + 12 / 72, 6);
    const text = 'cooperation '.repeat(8).trim();
    const width = naturalWidths(p(text), s, 20).line + 0.05;
    expect(layoutParagraph(p(text), s, 20, width).lines).toHaveLength(1);
    expect(layoutParagraph(p(text, { bullet: true, level: 1 }), s, 20, width).lines).toHaveLength(2);
  });

  it('remembers a layout it has made', () => {
    const para = p('The same paragraph asked for twice at one size and width');
    expect(layoutParagraph(para, style(), 18, 4)).toBe(layoutParagraph(para, style(), 18, 4));
  });
});

describe('fitting text', () => {
  it('tries half-point sizes from the template size down to the minimum', () => {
    expect(shrinkSizes(16, 14)).toEqual([16, 15.5, 15, 14.5, 14]);
    expect(shrinkSizes(12, 14)).toEqual([12]);
  });

  it('picks the largest size at which the text fits, and says when even the minimum does not', () => {
    const text = [p('Relations moved from repair to active cooperation, led by technology rather than trade volume.')];
    const s = style({ fontSize: 28 });
    const box = { x: 0, y: 0, w: 4, h: 1.2 };
    const fit = fitText(text, box, s, 14);
    expect(fit.fits).toBe(true);
    expect(fit.size).toBeLessThan(28);
    expect(paragraphsHeight(text, 3.9, s, fit.size)).toBeLessThanOrEqual(1.1);
    expect(paragraphsHeight(text, 3.9, s, fit.size + 0.5)).toBeGreaterThan(1.1);
    expect(fitText(text, { ...box, h: 0.3 }, s, 14)).toEqual({ size: 14, fits: false });
  });

  it('splits a paragraph at a sentence end, else between words, so that its first part fills the room', () => {
    const s = style();
    const first = 'The first sentence runs over a few lines of this narrow box before it finally comes to its end.';
    const para = p(`${first} Then a second sentence follows, and it goes on and on for a good while more.`);
    const line = lineHeightOf(para, s, 20);
    const firstLines = layoutParagraph(p(first), s, 20, 4).lines.length;
    expect(firstLines).toBeGreaterThan(1);
    const [head, tail] = splitParagraph(para, s, 20, 4, line * (firstLines + 1))!;
    expect(paragraphText(head)).toBe(first);
    expect(paragraphText(tail).startsWith('Then a second')).toBe(true);
    const words = p('word '.repeat(200).trim());
    const [start, rest] = splitParagraph(words, s, 20, 4, line * 4)!;
    expect(layoutParagraph(start, s, 20, 4).lines).toHaveLength(4);
    expect(`${paragraphText(start)} ${paragraphText(rest)}`).toBe(paragraphText(words));
    expect(splitParagraph(words, s, 20, 4, line * 0.5)).toBeUndefined();
  });

  it('keeps marks and links on both sides of a split', () => {
    const para: Paragraph = { runs: [{ text: 'Bold start. ', bold: true }, { text: 'plain words '.repeat(40), link: 'https://example.org' }] };
    const s = style();
    const [head, tail] = splitParagraph(para, s, 20, 4, lineHeightOf(para, s, 20) * 2)!;
    expect(head.runs[0]).toEqual({ text: 'Bold start. ', bold: true });
    expect(head.runs[1]!.link).toBe('https://example.org');
    expect(tail.runs.every((r) => r.link === 'https://example.org')).toBe(true);
  });
});
