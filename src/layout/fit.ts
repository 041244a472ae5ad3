import type { Box, Paragraph, TextRun, TextStyle } from '../deck/types.js';
import { insetX, insetY, layoutParagraph, lineHeightOf, measureRest, paragraphsHeight, paragraphText } from './measure.js';

export interface FitResult {
  /** Font size (pt) the text fits at, never below the minimum. */
  size: number;
  fits: boolean;
}

/** Sizes are tried in half points, the steps PowerPoint's own font-size box offers. */
export const SIZE_STEP = 0.5;

/** The sizes from `base` down to `min` (or `base` alone when min ≥ base), largest first. */
export function shrinkSizes(base: number, min: number): number[] {
  const floor = Math.min(min, base);
  const sizes: number[] = [];
  for (let s = base; s >= floor - 1e-9; s -= SIZE_STEP) sizes.push(Math.round(s * 100) / 100);
  if (sizes[sizes.length - 1] !== floor) sizes.push(floor);
  return sizes;
}

export interface FitOptions {
  /**
   * A word may not break across lines (a key figure like `+172.2%` read as "+172.2" / "%" is a
   * different number): the text shrinks until every word fits its line, down to the minimum.
   */
  unbroken?: boolean;
}

/** Largest size from the style's size down to `min` at which the text fits the box. */
export function fitText(paragraphs: readonly Paragraph[], box: Box, style: TextStyle, min: number, options: FitOptions = {}): FitResult {
  const width = box.w - insetX(style);
  const height = box.h - insetY(style);
  const sizes = shrinkSizes(style.fontSize, min);
  const whole = (size: number) => !options.unbroken || paragraphs.every((p) => !layoutParagraph(p, style, size, width).brokenWord);
  for (const size of sizes) {
    if (paragraphsHeight(paragraphs, width, style, size) <= height + 1e-6 && whole(size)) return { size, fits: true };
  }
  return { size: sizes[sizes.length - 1]!, fits: false };
}

/** The largest size at which every group fits its own box: cards and tiles on a slide share one size. */
export function fitTogether(groups: readonly { paragraphs: readonly Paragraph[]; box: Box }[], style: TextStyle, min: number, options: FitOptions = {}): FitResult {
  let size = style.fontSize;
  let fits = true;
  for (const g of groups) {
    const fit = fitText(g.paragraphs, g.box, { ...style, fontSize: size }, min, options);
    size = Math.min(size, fit.size);
    fits &&= fit.fits;
  }
  return { size, fits };
}

/** Copies the runs covering [start, end) of a paragraph's text into a new paragraph with the same marks. */
export function sliceParagraph(p: Paragraph, start: number, end: number): Paragraph {
  const runs: TextRun[] = [];
  let offset = 0;
  for (const run of p.runs) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + run.text.length);
    if (to > from) runs.push({ ...run, text: run.text.slice(from - offset, to - offset) });
    offset += run.text.length;
  }
  return { ...p, runs: runs.length ? runs : [{ text: '' }] };
}

function trimRuns(p: Paragraph, side: 'start' | 'end'): Paragraph {
  const runs = p.runs.map((r) => ({ ...r }));
  if (side === 'start') {
    while (runs.length > 1 && runs[0]!.text.trim() === '') runs.shift();
    if (runs[0]) runs[0].text = runs[0].text.replace(/^\s+/, '');
  } else {
    while (runs.length > 1 && runs[runs.length - 1]!.text.trim() === '') runs.pop();
    const last = runs[runs.length - 1];
    if (last) last.text = last.text.replace(/\s+$/, '');
  }
  return { ...p, runs };
}

const SENTENCE_END = /[.!?…。！？](?:["'”’)\]]*)\s+/g;

/**
 * Cuts a paragraph so that its first part fills at most `height` inches, at the last sentence end in
 * the lower half of what fits, else at the last line break (between words, or inside a word too long
 * for a line). Undefined when not even one line fits or when the whole paragraph does.
 */
export function splitParagraph(p: Paragraph, style: TextStyle, sizePt: number, widthIn: number, height: number): [Paragraph, Paragraph] | undefined {
  const { lines } = layoutParagraph(p, style, sizePt, widthIn);
  const k = Math.floor((height + 1e-6) / lineHeightOf(p, style, sizePt));
  if (k < 1 || k >= lines.length) return undefined;
  const text = paragraphText(p);
  const limit = lines[k]!.start;
  const floor = lines[Math.ceil(k / 2)]!.start;
  let cut = limit;
  for (const m of text.slice(floor, limit).matchAll(SENTENCE_END)) cut = floor + m.index + m[0].length;
  const head = trimRuns(sliceParagraph(p, 0, cut), 'end');
  const tail = { ...trimRuns(sliceParagraph(p, cut, text.length), 'start'), spaceBefore: undefined };
  measureRest(p, tail, text.length - paragraphText(tail).length);
  return [head, tail];
}
