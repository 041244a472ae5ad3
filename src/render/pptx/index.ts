/**
 * The PPTX renderer's entry point: Deck → pptxgenjs calls (render.ts) → parts captured unzipped
 * (capture.ts) → the fix-up pass (fixup/) → the bytes of one zip.
 */
import type { Deck } from '../../deck/types.js';
import { pptxParts } from './capture.js';
import { fixupParts, fixupPartsDeflating, startDeflater } from './fixup/index.js';
import { emptyMarks } from './marks.js';
import { deckToPptxGen } from './render.js';

/**
 * From this many slides the zip's DEFLATE runs on a worker thread beside the fix-up
 * (fixup/deflater.ts). Below, the worker's start-up costs about what deflating the parts does.
 */
const DEFLATE_ASIDE_FROM_SLIDES = 60;

export async function deckToPptxBytes(deck: Deck): Promise<Uint8Array> {
  const marks = emptyMarks();
  // started first, so that it is up when the part pass hands it the first part
  const deflater = deck.slides.length >= DEFLATE_ASIDE_FROM_SLIDES ? startDeflater() : undefined;
  try {
    const parts = await pptxParts(deckToPptxGen(deck, marks));
    const options = { eastAsianFont: eastAsianFontOf(deck), themeColors: deck.theme?.colors, marks, ...(deck.base ? { graft: deck } : {}) };
    return deflater ? await fixupPartsDeflating(parts, options, deflater) : fixupParts(parts, options);
  } finally {
    deflater?.close();
  }
}

function eastAsianFontOf(deck: Deck): string | undefined {
  for (const slide of deck.slides) for (const shape of slide.shapes) if (shape.kind === 'text') return shape.style.eastAsianFontFace;
  return undefined;
}
