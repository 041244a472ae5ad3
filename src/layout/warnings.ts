import type { TextShape } from '../deck/types.js';
import { type Diagnostic, type SourcePoint, warning } from '../diagnostics.js';
import { innerSize, layoutParagraph, paragraphText } from './measure.js';
import { sourceOf } from './paragraph-source.js';

/** `brief check` lists every shrink, split, broken word and overflow, each at its line. */

/** The warnings about how text fits, so that layout can drop them where they would be noise. */
const fitWarnings = new WeakSet<Diagnostic>();
const fit = (d: Diagnostic): Diagnostic => (fitWarnings.add(d), d);
export function isFitWarning(d: Diagnostic): boolean {
  return fitWarnings.has(d);
}

/** A quoted piece of the user's text, short enough for a one-line message. */
export function excerpt(text: string, max = 32): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return `"${one.length > max ? `${one.slice(0, max - 1)}…` : one}"`;
}

export function shrinkWarning(what: string, from: number, to: number, at: SourcePoint): Diagnostic {
  return fit(warning(`${what} shrunk from ${from} pt to ${to} pt to fit`, at, 'shorten the text to keep the template size'));
}

export function continuedWarning(title: string, more: number, at: SourcePoint): Diagnostic {
  return fit(warning(`slide "${title}" is too long for one slide: continued on ${more} more slide${more > 1 ? 's' : ''} titled "${title} (cont.)"`, at, 'shorten it, or split it under several `##` headings'));
}

export function paragraphSplitWarning(at: SourcePoint): Diagnostic {
  return fit(warning('paragraph is longer than a slide: split across slides at a sentence or word boundary', at, 'break it into shorter paragraphs or bullets'));
}

export function tableSplitWarning(rows: number, at: SourcePoint): Diagnostic {
  return fit(warning(`table of ${rows} rows is taller than the slide: continued on the next slide with its header repeated`, at, 'keep the rows that matter, or move the full table to an appendix'));
}

export function overflowWarning(what: string, size: number, at: SourcePoint): Diagnostic {
  return fit(warning(`${what} does not fit even at ${size} pt: it overflows its box`, at, 'shorten it'));
}

/** A key figure wider than its tile even at the minimum size: the hint is about numbers, not words. */
export function brokenFigureWarning(figure: string, size: number, at: SourcePoint): Diagnostic {
  return fit(
    warning(
      `the figure ${excerpt(figure)} is wider than its tile even at ${size} pt (the template's minimum) and breaks across lines`,
      at,
      `round it or move its unit into the label (e.g. ${roundedExample(figure)}), or show fewer figures on the slide`,
    ),
  );
}

/** A shorter way to write a figure: fewer decimals, a unit word moved out. */
export function roundedExample(figure: string): string {
  const m = /^([^\d]*)([\d,]+)(?:\.(\d+))?(.*)$/.exec(figure.trim());
  if (!m) return '"12%" with "growth since 2015" in the label';
  const [, pre, int, dec, post] = m as unknown as [string, string, string, string | undefined, string];
  if (dec) return `"${pre}${int}${post}" for "${figure.trim()}"`;
  const digits = int.replace(/,/g, '');
  if (digits.length >= 4) return `"${pre}${(Number(digits) / 1000).toFixed(1)}k${post}" for "${figure.trim()}"`;
  return post.trim() ? `"${pre}${int}" with "${post.trim()}" in the label` : `"${figure.trim()}" with fewer characters`;
}

/** A word wider than its line breaks between characters, which PowerPoint does too, but it reads badly. */
export function breakWarnings(shape: TextShape, fallback: SourcePoint | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { w } = innerSize(shape);
  for (const p of shape.paragraphs) {
    if (!layoutParagraph(p, shape.style, shape.style.fontSize, w).brokenWord) continue;
    const at = sourceOf(p) ?? fallback;
    if (!at) continue;
    const longest = paragraphText(p)
      .split(/\s+/)
      .reduce((a, b) => (b.length > a.length ? b : a), '');
    out.push(fit(warning(`word ${excerpt(longest, 22)} (${longest.length} characters) is wider than the line and is broken across lines`, at, 'add spaces or hyphens, or shorten it')));
  }
  return out;
}
