/**
 * Splitting a paragraph across slides: the rest is measured from the whole paragraph's words
 * (measureRest) instead of afresh, which made long paragraphs quadratic. The shortcut must give
 * exactly what measuring afresh gives.
 */
import { describe, expect, it } from 'vitest';
import type { Paragraph, TextStyle } from '../src/deck/types.js';
import { splitParagraph } from '../src/layout/fit.js';
import { layoutParagraph, lineHeightOf, naturalWidths, paragraphText } from '../src/layout/measure.js';

const style: TextStyle = { fontFace: 'Calibri', eastAsianFontFace: 'Malgun Gothic', monoFontFace: 'Consolas', linkColor: '0000FF', fontSize: 18, color: '000000', align: 'left', valign: 'top', lineSpacing: 1.1, paraSpaceAfter: 6, inset: 0.05 };

/** The same paragraph as a new object, so nothing cached for one is seen for the other. */
const fresh = (p: Paragraph): Paragraph => JSON.parse(JSON.stringify(p)) as Paragraph;

function paragraphs(): Paragraph[] {
  const mixed: Paragraph = {
    runs: Array.from({ length: 120 }, (_, i) => ({
      text: i % 7 === 3 ? '한중 관계는 깊다. ' : i % 5 === 0 ? `Sentence ${i} ends here. ` : `word${i} `,
      ...(i % 3 === 0 ? { bold: true } : {}),
      ...(i % 11 === 0 ? { code: true } : {}),
    })),
  };
  const latinThenCjk: Paragraph = { runs: [{ text: 'plain words '.repeat(150) }, { text: '新质生产力'.repeat(40), italic: true }] };
  const stars: Paragraph = { runs: Array.from({ length: 400 }, (_, i) => ({ text: 'a ', ...(i % 2 ? { italic: true } : {}) })) };
  const longWord: Paragraph = { runs: [{ text: `${'x'.repeat(3000)} tail words here` }] };
  return [mixed, latinThenCjk, stars, longWord];
}

describe('the rest of a split paragraph', () => {
  it('lays out exactly as the same text measured afresh, down to the last piece', () => {
    for (const whole of paragraphs()) {
      let rest: Paragraph | undefined = whole;
      let pieces = 0;
      while (rest) {
        const pieces2 = splitParagraph(rest, style, 18, 4, 1.2);
        if (!pieces2) break;
        pieces++;
        const [, tail] = pieces2;
        const again = fresh(tail);
        expect(paragraphText(tail)).toBe(paragraphText(again));
        for (const [size, width] of [[18, 4], [12, 6.5], [9, 2]] as const) {
          expect(layoutParagraph(tail, style, size, width), `${size}pt ${width}in`).toEqual(layoutParagraph(again, style, size, width));
          expect(naturalWidths(tail, style, size)).toEqual(naturalWidths(again, style, size));
        }
        expect(lineHeightOf(tail, style, 18)).toBe(lineHeightOf(again, style, 18));
        rest = tail;
      }
      expect(pieces).toBeGreaterThan(2);
    }
  });
});
