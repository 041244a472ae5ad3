import type { Block, Inline, SlideSource } from '../content/types.js';
import type { Paragraph, Slide } from '../deck/types.js';
import { error } from '../diagnostics.js';
import { type LayoutContext, blocksToParagraphs, fittedText, isSourceLine, layoutOf, sourceShape } from './deck.js';
import { inlinesToRuns } from './style.js';
import { tileBoxes } from './grid.js';

interface Card {
  title: Inline[];
  blocks: Block[];
  at: Block['at'];
}

/** 2–4 `###` sub-headings become cards side by side (2×2 for four). */
export function cardsSlide(ctx: LayoutContext, source: SlideSource, start: (s: SlideSource) => Slide): Slide[] {
  const layout = layoutOf(ctx, 'cards');
  const slide = start(source);
  const cards: Card[] = [];
  const intro: Block[] = [];
  for (const block of source.blocks) {
    if (block.type === 'subheading') cards.push({ title: block.runs, blocks: [], at: block.at });
    else if (isSourceLine(block)) continue;
    else if (cards.length) cards[cards.length - 1]!.blocks.push(block);
    else intro.push(block);
  }
  if (cards.length < 2) {
    ctx.diagnostics.push(error('a cards slide needs 2 to 4 `###` sub-headings, one per card', source.at, 'write each card as `### Title` followed by its text or bullets'));
    return [slide];
  }
  if (cards.length > 4) {
    ctx.diagnostics.push(error(`${cards.length} cards do not fit one slide (at most 4)`, cards[4]!.at, 'keep four cards, or split them under two `##` headings'));
  }
  for (const b of intro) ctx.diagnostics.push(error('text before the first `###` card is not shown on a cards slide', b.at, 'move it into a card or to the speaker notes'));
  const area = layout.regions['cards'];
  if (!area) return [slide];
  const shown = cards.slice(0, 4);
  const boxes = tileBoxes(area, shown.length, 0.3, true);
  const cardColor = layout.styles['card']?.color ?? ctx.template.colors.surface;
  const accents = ctx.template.colors.accents;
  shown.forEach((card, i) => {
    const box = boxes[i]!;
    const pad = 0.25;
    slide.shapes.push({ kind: 'rect', role: 'card', box, fill: cardColor });
    slide.shapes.push({ kind: 'rect', role: 'card-accent', box: { x: box.x, y: box.y, w: box.w, h: 0.1 }, fill: accents[i % accents.length]! });
    const titleBox = { x: box.x + pad, y: box.y + 0.3, w: box.w - 2 * pad, h: 0.7 };
    const bodyBox = { x: box.x + pad, y: titleBox.y + titleBox.h + 0.1, w: box.w - 2 * pad, h: box.y + box.h - (titleBox.y + titleBox.h + 0.1) - 0.2 };
    const title = fittedText(ctx, layout, 'cardTitle', 'card-title', [{ runs: inlinesToRuns(card.title) }], card.at, {}, titleBox);
    const paragraphs: Paragraph[] = blocksToParagraphs(ctx, card.blocks, card.at);
    const body = fittedText(ctx, layout, 'cardBody', 'card-body', paragraphs, card.at, {}, bodyBox);
    if (title) slide.shapes.push(title);
    if (body) slide.shapes.push(body);
  });
  const src = sourceShape(ctx, layout, source.blocks);
  if (src) slide.shapes.push(src);
  return [slide];
}
