import type { SlideSource } from '../content/types.js';
import type { Slide } from '../deck/types.js';
import { error } from '../diagnostics.js';
import { type LayoutContext, fittedText, isSourceLine, layoutOf, sourceShape } from './deck.js';
import { inlinesToRuns } from './style.js';
import { tileBoxes } from './grid.js';

/** `- **15** cooperation documents` items become big-number tiles. */
export function figuresSlide(ctx: LayoutContext, source: SlideSource, start: (s: SlideSource) => Slide): Slide[] {
  const layout = layoutOf(ctx, 'figures');
  const slide = start(source);
  const items = source.blocks.flatMap((b) => (b.type === 'list' ? b.items.filter((i) => i.level === 0) : []));
  const figures = items.flatMap((item) => {
    const [first, ...rest] = item.runs;
    if (!first?.bold) {
      ctx.diagnostics.push(error('a key-figures item must start with a bold figure', item.at, 'write it as `- **15** cooperation documents`'));
      return [];
    }
    return [{ figure: first.text.trim(), label: trimStart(rest), at: item.at }];
  });
  const area = layout.regions['tiles'];
  if (!figures.length || !area) {
    if (!figures.length) ctx.diagnostics.push(error('a key-figures slide needs a list of `- **figure** label` items', source.at, 'for example: `- **200+** business leaders`'));
    return [slide];
  }
  if (figures.length > 6) {
    ctx.diagnostics.push(error(`${figures.length} key figures do not fit one slide (at most 6)`, figures[6]!.at, 'keep the six that matter most, or split them under two `##` headings'));
  }
  const shown = figures.slice(0, 6);
  const boxes = tileBoxes(area, shown.length, 0.3);
  const tileColor = layout.styles['tile']?.color ?? ctx.template.colors.surface;
  const accents = ctx.template.colors.accents;
  shown.forEach((f, i) => {
    const box = boxes[i]!;
    slide.shapes.push({ kind: 'rect', role: 'tile', box, fill: tileColor });
    slide.shapes.push({ kind: 'rect', role: 'tile-accent', box: { x: box.x, y: box.y, w: box.w, h: 0.08 }, fill: accents[i % accents.length]! });
    const pad = 0.25;
    const figureBox = { x: box.x + pad, y: box.y + 0.25, w: box.w - 2 * pad, h: box.h * 0.45 };
    const labelBox = { x: box.x + pad, y: figureBox.y + figureBox.h + 0.1, w: box.w - 2 * pad, h: box.y + box.h - (figureBox.y + figureBox.h + 0.1) - 0.2 };
    const figure = fittedText(ctx, layout, 'figure', 'figure', [{ runs: inlinesToRuns([{ text: f.figure }]) }], f.at, {}, figureBox);
    const label = fittedText(ctx, layout, 'label', 'figure-label', [{ runs: inlinesToRuns(f.label) }], f.at, {}, labelBox);
    if (figure) slide.shapes.push(figure);
    if (label) slide.shapes.push(label);
  });
  const src = sourceShape(ctx, layout, source.blocks);
  if (src) slide.shapes.push(src);
  for (const b of source.blocks) {
    if (b.type !== 'list' && !isSourceLine(b)) ctx.diagnostics.push(error('a key-figures slide holds only the list of figures and a `Source:` line', b.at, 'move this text to the speaker notes or another slide'));
  }
  return [slide];
}

function trimStart<T extends { text: string }>(runs: T[]): T[] {
  const out = runs.map((r) => ({ ...r }));
  while (out.length && out[0]!.text.trim() === '') out.shift();
  if (out.length) out[0]!.text = out[0]!.text.replace(/^\s+/, '');
  return out;
}
