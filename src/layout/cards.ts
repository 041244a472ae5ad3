import type { Block, HeadingAttrs, Inline, SlideSource } from '../content/types.js';
import { runsToPlain } from '../content/inline.js';
import type { Box, Paragraph, Slide, TextShape } from '../deck/types.js';
import { didYouMean, error } from '../diagnostics.js';
import type { StartSlide } from './slide.js';
import { type LayoutContext, blocksToParagraphs, isSourceLine, layoutOf, sourceShape } from './slide.js';
import { fitTogether } from './fit.js';
import { ceil3, floor3, round3, tileBoxes } from './grid.js';
import { iconFile, iconNames } from './icons.js';
import { boxHeightForLines, insetX, insetY, paragraphsHeight } from './measure.js';
import { withSource } from './paragraph-source.js';
import { inlinesToRuns, paintOf, resolveStyle, textShape, themeRef } from './style.js';
import { breakWarnings, excerpt, overflowWarning, shrinkWarning } from './warnings.js';

interface Card {
  title: Inline[];
  attrs: HeadingAttrs;
  blocks: Block[];
  at: Block['at'];
}

export const MAX_CARDS = 4;
/** Defaults for the template's `spacing` of the cards layout (inches). */
const SPACING = { gap: 0.3, padding: 0.25, accent: 0.1, icon: 0.5 };
/** Between the icon, the title and the body inside a card. */
const GAP = 0.12;

function cardsOf(ctx: LayoutContext, source: SlideSource): Card[] {
  const cards: Card[] = [];
  for (const block of source.blocks) {
    if (block.type === 'subheading') cards.push({ title: block.runs, attrs: block.attrs, blocks: [], at: block.at });
    else if (isSourceLine(block)) continue;
    else if (cards.length) cards[cards.length - 1]!.blocks.push(block);
    else ctx.diagnostics.push(error('text before the first `###` card is not shown on a cards slide', block.at, 'move it into a card or to the speaker notes'));
  }
  return cards;
}

/** The card's icon file, or an error naming the closest Lucide icon. */
function iconOf(ctx: LayoutContext, card: Card): string | undefined {
  const name = card.attrs.values['icon'];
  if (!name) return undefined;
  const file = iconFile(name);
  if (!file) {
    const guess = didYouMean(name, iconNames());
    ctx.diagnostics.push(error(`unknown icon "${name}"`, card.at, guess ? `did you mean "${guess}"? (icons are Lucide's: lucide.dev/icons)` : 'icons are Lucide\'s: pick a name from lucide.dev/icons, e.g. "leaf"'));
  }
  return file;
}

/**
 * 2–4 `###` sub-headings become cards in a row (2×2 for four): an accent bar in the template's
 * accent colours, an optional Lucide icon tinted the same, the title and the text. All cards on a
 * slide share one title size and one text size. More than four cards is an error at the fifth.
 */
export function cardsSlide(ctx: LayoutContext, source: SlideSource, start: StartSlide): Slide[] {
  const layout = layoutOf(ctx, 'cards');
  const slide = start(source);
  const cards = cardsOf(ctx, source);
  if (cards.length < 2) {
    ctx.diagnostics.push(error('a cards slide needs 2 to 4 `###` sub-headings, one per card', source.at, 'write each card as `### Title` followed by its text or bullets'));
    return [slide];
  }
  if (cards.length > MAX_CARDS) {
    ctx.diagnostics.push(error(`${cards.length} cards do not fit one slide (at most ${MAX_CARDS})`, cards[MAX_CARDS]!.at, 'keep four cards, or split them under two `##` headings'));
  }
  const area = layout.regions['cards'];
  if (!area) return [slide];
  const shown = cards.slice(0, MAX_CARDS);
  const icons = shown.map((c) => iconOf(ctx, c));
  const hasIcons = icons.some(Boolean);
  const { gap, padding: pad, accent: accentH, icon: iconSize } = { ...SPACING, ...layout.spacing };
  const boxes = tileBoxes(area, shown.length, gap, true);
  const cardPaint = paintOf(ctx.template, layout.styles['card'], 'surface');
  const accents = ctx.template.colors.accents;
  const titleStyle = resolveStyle(ctx.template, layout.styles['cardTitle']);
  const bodyStyle = resolveStyle(ctx.template, layout.styles['cardBody']);
  const min = ctx.template.minFontSize;

  // Wide, short cards (2×2) put the icon beside the title; tall ones put it above.
  const beside = hasIcons && boxes[0]!.w > boxes[0]!.h * 1.4;
  const titleBoxes = boxes.map((box): Box => {
    const top = box.y + accentH + 0.2;
    const x = box.x + pad + (beside ? iconSize + 0.15 : 0);
    const y = top + (hasIcons && !beside ? iconSize + GAP : 0);
    return { x, y, w: box.x + box.w - pad - x, h: 0 };
  });
  const titles: Paragraph[][] = shown.map((c) => [withSource({ runs: inlinesToRuns(c.title) }, c.at)]);
  // A title may take two lines at the template size; longer ones shrink, and every title shrinks alike.
  const twoLines = boxHeightForLines(titleStyle, 2);
  const titleFit = fitTogether(
    titles.map((paragraphs, i) => ({ paragraphs, box: { ...titleBoxes[i]!, h: twoLines } })),
    titleStyle,
    min,
  );
  const tStyle = { ...titleStyle, fontSize: titleFit.size, ...(beside ? { valign: 'middle' as const } : {}) };
  const titleH = Math.max(
    beside ? iconSize : 0,
    ...titles.map((paragraphs, i) => paragraphsHeight(paragraphs, titleBoxes[i]!.w - insetX(tStyle), tStyle, tStyle.fontSize) + insetY(tStyle)),
  );
  const bodyBoxes = boxes.map((box, i): Box => {
    const y = titleBoxes[i]!.y + titleH + GAP;
    return { x: round3(box.x + pad), y: round3(y), w: round3(box.w - 2 * pad), h: floor3(box.y + box.h - pad - y) };
  });
  const bodies = shown.map((c) => blocksToParagraphs(ctx, c.blocks, c.at, 'in a card'));
  const bodyFit = fitTogether(
    bodies.map((paragraphs, i) => ({ paragraphs, box: bodyBoxes[i]! })),
    bodyStyle,
    min,
  );
  const bStyle = { ...bodyStyle, fontSize: bodyFit.size };

  const texts: TextShape[] = [];
  shown.forEach((card, i) => {
    const box = boxes[i]!;
    const accent = accents[i % accents.length]!;
    const accentRef = themeRef(ctx.template, 'accents', i);
    slide.shapes.push({ kind: 'rect', role: 'card', box, fill: cardPaint.color, ...(cardPaint.ref ? { fillRef: cardPaint.ref } : {}), decorative: true });
    slide.shapes.push({ kind: 'rect', role: 'card-accent', box: { x: box.x, y: box.y, w: box.w, h: accentH }, fill: accent, ...(accentRef ? { fillRef: accentRef } : {}), decorative: true });
    const icon = icons[i];
    if (icon) slide.shapes.push({ kind: 'image', role: 'card-icon', box: { x: round3(box.x + pad), y: round3(box.y + accentH + 0.2), w: iconSize, h: iconSize }, path: icon, alt: `${card.attrs.values['icon']!.replace(/-/g, ' ')} icon`, tint: accent, decorative: true });
    const title = textShape('card-title', { ...titleBoxes[i]!, h: ceil3(titleH) }, titles[i]!, tStyle);
    const body = textShape('card-body', bodyBoxes[i]!, bodies[i]!, bStyle);
    slide.shapes.push(title, body);
    texts.push(title, body);
    for (const [shape, style] of [
      [title, titleStyle],
      [body, bodyStyle],
    ] as const) {
      const inner = shape.box.h - insetY(style);
      if (paragraphsHeight(shape.paragraphs, shape.box.w - insetX(style), shape.style, shape.style.fontSize) > inner + 1e-6) {
        ctx.diagnostics.push(overflowWarning(`card ${excerpt(runsToPlain(card.title))}`, shape.style.fontSize, card.at));
      }
    }
    ctx.diagnostics.push(...breakWarnings(title, card.at), ...breakWarnings(body, card.at));
  });
  const heading = runsToPlain(source.title);
  if (titleFit.size < titleStyle.fontSize) ctx.diagnostics.push(shrinkWarning(`card titles on slide "${heading}"`, titleStyle.fontSize, titleFit.size, source.at));
  if (bodyFit.size < bodyStyle.fontSize) ctx.diagnostics.push(shrinkWarning(`card text on slide "${heading}"`, bodyStyle.fontSize, bodyFit.size, source.at));
  const src = sourceShape(ctx, layout, source.blocks);
  if (src) slide.shapes.push(src);
  return [slide];
}

