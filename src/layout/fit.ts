import type { Box, Paragraph, TextStyle } from '../deck/types.js';
import { paragraphsHeight } from './measure.js';

export interface FitResult {
  /** Font size (pt) the text fits at, never below the minimum. */
  size: number;
  fits: boolean;
}

/** Largest size from the style's size down to `min` (half-point steps) at which the text fits the box. */
export function fitText(paragraphs: readonly Paragraph[], box: Box, style: TextStyle, min: number): FitResult {
  const width = box.w - 2 * style.inset;
  const height = box.h - 2 * style.inset;
  const floor = Math.min(min, style.fontSize);
  for (let size = style.fontSize; size >= floor; size -= 0.5) {
    if (paragraphsHeight(paragraphs, width, style, size) <= height) return { size, fits: true };
  }
  return { size: floor, fits: false };
}

/**
 * Packs paragraphs into chunks that each fit the box at the minimum size, so that text which cannot
 * shrink enough continues on further slides instead of running off the bottom.
 */
export function splitToFit(paragraphs: readonly Paragraph[], box: Box, style: TextStyle, min: number): Paragraph[][] {
  const width = box.w - 2 * style.inset;
  const height = box.h - 2 * style.inset;
  const size = Math.min(min, style.fontSize);
  const chunks: Paragraph[][] = [];
  let current: Paragraph[] = [];
  for (const p of paragraphs) {
    const candidate = [...current, p];
    if (current.length && paragraphsHeight(candidate, width, style, size) > height) {
      chunks.push(current);
      current = [p];
    } else current = candidate;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
