/**
 * The PPTX renderer's entry point: Deck → pptxgenjs calls (render.ts) → parts captured unzipped
 * (capture.ts) → the fix-up pass (fixup/) → the bytes of one zip.
 */
import type { Deck } from '../../deck/types.js';
import { pptxParts } from './capture.js';
import { fixupParts } from './fixup/index.js';
import { emptyMarks } from './marks.js';
import { deckToPptxGen } from './render.js';

export async function deckToPptxBytes(deck: Deck): Promise<Uint8Array> {
  const marks = emptyMarks();
  const parts = await pptxParts(deckToPptxGen(deck, marks));
  return fixupParts(parts, { eastAsianFont: eastAsianFontOf(deck), themeColors: deck.theme?.colors, marks, ...(deck.base ? { graft: deck } : {}) });
}

function eastAsianFontOf(deck: Deck): string | undefined {
  for (const slide of deck.slides) for (const shape of slide.shapes) if (shape.kind === 'text') return shape.style.eastAsianFontFace;
  return undefined;
}
