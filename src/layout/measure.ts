import { scriptOf } from '../text/script.js';
import type { Paragraph, TextStyle } from '../deck/types.js';

/**
 * Width estimates in ems for a Calibri-like sans face. Full-width CJK glyphs are 1 em in every
 * East Asian font, which is what makes this estimate safe for Hangul and Hanzi.
 */
function charEm(ch: string, bold: boolean): number {
  if (scriptOf(ch) || /[\uFF00-\uFFEF\u3000-\u303F]/.test(ch)) return 1.0;
  let em: number;
  if (ch === ' ') em = 0.23;
  else if (/[iljI.,;:'|!`]/.test(ch)) em = 0.25;
  else if (/[frt()\[\]\-]/.test(ch)) em = 0.34;
  else if (/[mwMW@%]/.test(ch)) em = 0.84;
  else if (/[A-Z]/.test(ch)) em = 0.6;
  else if (/[a-z0-9$#?+=<>*&]/.test(ch)) em = 0.5;
  else if (/[—–]/.test(ch)) em = ch === '—' ? 1.0 : 0.5;
  else em = 0.6;
  return bold ? em * 1.05 : em;
}

export function textWidthIn(text: string, sizePt: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charEm(ch, bold);
  return (em * sizePt) / 72;
}

/** Lines a string wraps to in `width` inches, wrapping at spaces as PowerPoint does; long words break. */
export function wrapLines(text: string, width: number, sizePt: number, bold = false): number {
  let lines = 0;
  for (const hard of text.split('\n')) {
    lines += 1;
    let used = 0;
    for (const word of hard.split(/(?<= )/)) {
      const w = textWidthIn(word, sizePt, bold);
      const trimmed = textWidthIn(word.trimEnd(), sizePt, bold);
      if (used + trimmed <= width) {
        used += w;
        continue;
      }
      if (used > 0) {
        lines += 1;
        used = 0;
      }
      if (trimmed <= width) {
        used = w;
        continue;
      }
      // A word wider than the line: break it wherever it fills the line (CJK has no spaces).
      for (const ch of word) {
        const cw = textWidthIn(ch, sizePt, bold);
        if (used + cw > width && used > 0) {
          lines += 1;
          used = 0;
        }
        used += cw;
      }
    }
  }
  return lines;
}

export const BULLET_INDENT_IN = 0.32;
export const LEVEL_INDENT_IN = 0.4;

/** Height in inches the paragraphs need in a box of the given width at the given size. */
export function paragraphsHeight(paragraphs: readonly Paragraph[], width: number, style: TextStyle, sizePt: number): number {
  let h = 0;
  paragraphs.forEach((p, i) => {
    const size = p.fontSize ? (p.fontSize * sizePt) / style.fontSize : sizePt;
    const indent = p.bullet ? BULLET_INDENT_IN + (p.level ?? 0) * LEVEL_INDENT_IN : 0;
    const text = p.runs.map((r) => r.text).join('');
    const bold = p.bold ?? style.bold ?? p.runs.every((r) => r.bold);
    const lines = wrapLines(text, Math.max(0.2, width - indent), size, bold);
    h += (lines * size * 1.2 * style.lineSpacing) / 72;
    if (i < paragraphs.length - 1) h += style.paraSpaceAfter / 72;
    if (p.spaceBefore) h += p.spaceBefore / 72;
  });
  return h;
}
