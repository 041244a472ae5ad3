import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { imageSize } from 'image-size';
import type { ImageShape } from '../../deck/types.js';

/** Pixels per inch for SVGs drawn to PNG: sharp on a projector, small in the file. */
const SVG_PPI = 220;
const MIN_SVG_PX = 256;
const MAX_SVG_PX = 3000;

const cache = new Map<string, string>();

/**
 * The picture as pptxgenjs `data` (`image/png;base64,…`). PNG and JPEG go in as they are; an SVG is
 * drawn to PNG here, because pptxgenjs cannot make the PNG fallback PowerPoint needs outside a
 * browser, and LibreOffice shows only that fallback. A tint recolours a `currentColor` icon.
 * Passing data rather than a path also keeps pptxgenjs from guessing the type from the file name.
 */
export function imageData(shape: Pick<ImageShape, 'path' | 'box' | 'tint'>): string {
  const px = Math.min(MAX_SVG_PX, Math.max(MIN_SVG_PX, Math.round(shape.box.w * SVG_PPI)));
  const key = `${shape.path}|${shape.tint ?? ''}|${px}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const bytes = readFileSync(shape.path);
  const type = imageSize(bytes).type;
  let data: string;
  if (type === 'svg') {
    let svg = bytes.toString('utf8');
    if (shape.tint) svg = svg.replace(/currentColor/g, `#${shape.tint}`);
    const png = new (resvg().Resvg)(svg, { fitTo: { mode: 'width', value: px }, font: { loadSystemFonts: /<text[\s>]/.test(svg) } }).render().asPng();
    data = `image/png;base64,${Buffer.from(png).toString('base64')}`;
  } else {
    data = `image/${type === 'jpg' ? 'jpeg' : type};base64,${bytes.toString('base64')}`;
  }
  cache.set(key, data);
  return data;
}

/** The SVG renderer loads a native module: only when a deck has an SVG picture or icon. */
let resvgModule: typeof import('@resvg/resvg-js') | undefined;
function resvg(): typeof import('@resvg/resvg-js') {
  resvgModule ??= createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  return resvgModule;
}
