import path from 'node:path';
import type { SlideSource } from '../content/types.js';
import type { Slide } from '../deck/types.js';
import { error, warning } from '../diagnostics.js';
import type { StartSlide } from './slide.js';
import { type LayoutContext, fittedText, isSourceLine, layoutOf, sourceShape } from './slide.js';
import { containBox } from './grid.js';
import { plainRuns } from './style.js';

/** A slide for one picture: as large as the region allows at its aspect ratio, its title as caption. */
export function pictureSlide(ctx: LayoutContext, source: SlideSource, start: StartSlide): Slide[] {
  const layout = layoutOf(ctx, 'picture');
  const slide = start(source);
  const image = source.blocks.find((b) => b.type === 'image');
  if (!image || image.type !== 'image') {
    ctx.diagnostics.push(error('a picture slide needs a picture', source.at, 'add one as `![what it shows](images/file.png)`'));
    return [slide];
  }
  for (const b of source.blocks) {
    if (b !== image && !isSourceLine(b)) ctx.diagnostics.push(warning('only the picture (and a `Source:` line) is shown on a picture slide', b.at, 'move this to the speaker notes or another slide, or drop `{.picture}`'));
  }
  const found = ctx.images(image.src, image.at);
  if (found.diagnostic) ctx.diagnostics.push(found.diagnostic);
  const region = layout.regions['picture'] ?? layout.regions['body'];
  if (!found.image || !region) return [slide];
  if (!image.alt.trim()) ctx.diagnostics.push(warning(`picture "${image.src}" has no description`, image.at, 'describe it for screen readers: `![what the picture shows](path)`'));
  const box = containBox(region, found.image.width, found.image.height);
  slide.shapes.push({ kind: 'image', role: 'picture', box, path: found.image.path, alt: image.alt.trim() || path.basename(found.image.path) });
  if (image.title) {
    const caption = fittedText(ctx, layout, 'caption', 'caption', [{ runs: plainRuns(image.title) }], image.at);
    if (caption) slide.shapes.push(caption);
  }
  const src = sourceShape(ctx, layout, source.blocks);
  if (src) slide.shapes.push(src);
  return [slide];
}
