import type { Inline, ListItemBlock, SlideSource } from '../content/types.js';
import { runsToPlain } from '../content/inline.js';
import type { Box, Paragraph, Slide, TextShape, TextStyle } from '../deck/types.js';
import { type SourcePoint, error } from '../diagnostics.js';
import type { StartSlide } from './slide.js';
import { type LayoutContext, isSourceLine, layoutOf, sourceShape } from './slide.js';
import { fitTogether } from './fit.js';
import { ceil3, floor3, round3, tileBoxes } from './grid.js';
import { boxHeightForLines, insetX, insetY, layoutParagraph, paragraphsHeight } from './measure.js';
import { withSource } from './paragraph-source.js';
import { inlinesToRuns, paintOf, resolveStyle, textShape, themeRef } from './style.js';
import { breakWarnings, brokenFigureWarning, excerpt, overflowWarning, roundedExample, shrinkWarning } from './warnings.js';

export const MAX_FIGURES = 6;
/** Defaults for the template's `spacing` of the figures layout (inches). */
const SPACING = { gap: 0.3, padding: 0.25, accent: 0.08 };
const SOURCE_RE = /^\s*(source|sources|출처|来源)\s*[:：]/i;

interface Figure {
  figure: string;
  label: Paragraph[];
  source?: Paragraph;
  at: SourcePoint;
}

/** Level-0 items `- **15** documents`; a nested `Source: …` item cites that figure alone, other nested items add to its label. */
function figuresOf(ctx: LayoutContext, items: readonly ListItemBlock[]): Figure[] {
  const figures: Figure[] = [];
  let current: Figure | undefined;
  for (const item of items) {
    if (item.level > 0) {
      if (!current) continue;
      if (SOURCE_RE.test(runsToPlain(item.runs))) current.source = withSource({ runs: inlinesToRuns(item.runs.map((r) => ({ ...r, italic: undefined }))) }, item.at);
      else current.label.push(withSource({ runs: inlinesToRuns(item.runs) }, item.at));
      continue;
    }
    const [first, ...rest] = item.runs;
    current = undefined;
    if (!first?.bold) {
      ctx.diagnostics.push(error('a key-figures item must start with a bold figure', item.at, 'write it as `- **15** cooperation documents`'));
      continue;
    }
    current = { figure: first.text.trim(), label: [withSource({ runs: inlinesToRuns(trimStart(rest)) }, item.at)], at: item.at };
    figures.push(current);
  }
  return figures;
}

/**
 * `- **15** cooperation documents` items become big-number tiles: the figure, its label and, when
 * given, its own source line. The tiles share one figure size, one label size and one source size.
 */
export function figuresSlide(ctx: LayoutContext, source: SlideSource, start: StartSlide): Slide[] {
  const layout = layoutOf(ctx, 'figures');
  const slide = start(source);
  const figures = figuresOf(
    ctx,
    source.blocks.flatMap((b) => (b.type === 'list' ? b.items : [])),
  );
  for (const b of source.blocks) {
    if (b.type !== 'list' && !isSourceLine(b)) ctx.diagnostics.push(error('a key-figures slide holds only the list of figures and a `Source:` line', b.at, 'move this text to the speaker notes or another slide'));
  }
  const area = layout.regions['tiles'];
  if (!figures.length) {
    ctx.diagnostics.push(error('a key-figures slide needs a list of `- **figure** label` items', source.at, 'for example: `- **200+** business leaders`'));
    return [slide];
  }
  if (figures.length > MAX_FIGURES) {
    ctx.diagnostics.push(error(`${figures.length} key figures do not fit one slide (at most ${MAX_FIGURES})`, figures[MAX_FIGURES]!.at, 'keep the six that matter most, or split them under two `##` headings'));
  }
  if (!area) return [slide];
  const shown = figures.slice(0, MAX_FIGURES);
  const { gap, padding: pad, accent: accentH } = { ...SPACING, ...layout.spacing };
  const boxes = tileBoxes(area, shown.length, gap);
  const tile = paintOf(ctx.template, layout.styles['tile'], 'surface');
  const accents = ctx.template.colors.accents;
  const styles = {
    figure: resolveStyle(ctx.template, layout.styles['figure']),
    label: resolveStyle(ctx.template, layout.styles['label']),
    source: resolveStyle(ctx.template, layout.styles['source']),
  };
  const min = ctx.template.minFontSize;
  const sourceH = shown.some((f) => f.source) ? ceil3(boxHeightForLines(styles.source, 1)) : 0;
  const regions = boxes.map((box) => {
    const inner = { x: box.x + pad, w: box.w - 2 * pad };
    const top = box.y + accentH + 0.17;
    const bottom = box.y + box.h - 0.18;
    const figure = { ...inner, y: top, h: (box.h - accentH) * 0.45 };
    const labelTop = figure.y + figure.h + 0.08;
    const label = { ...inner, y: labelTop, h: bottom - sourceH - (sourceH ? 0.05 : 0) - labelTop };
    const cite = { ...inner, y: bottom - sourceH, h: sourceH };
    return { figure: roundBox(figure), label: roundBox(label), cite: roundBox(cite) };
  });
  const figureTexts = shown.map((f) => [withSource({ runs: inlinesToRuns([{ text: f.figure } as Inline]) }, f.at)]);
  const sizes = {
    figure: fitTogether(figureTexts.map((paragraphs, i) => ({ paragraphs, box: regions[i]!.figure })), styles.figure, min, { unbroken: true }),
    label: fitTogether(shown.map((f, i) => ({ paragraphs: f.label, box: regions[i]!.label })), styles.label, min),
    source: fitTogether(shown.flatMap((f, i) => (f.source ? [{ paragraphs: [f.source], box: regions[i]!.cite }] : [])), styles.source, Math.min(min, styles.source.fontSize)),
  };
  shown.forEach((f, i) => {
    const box = boxes[i]!;
    const accentRef = themeRef(ctx.template, 'accents', i);
    slide.shapes.push({ kind: 'rect', role: 'tile', box, fill: tile.color, ...(tile.ref ? { fillRef: tile.ref } : {}), decorative: true });
    slide.shapes.push({ kind: 'rect', role: 'tile-accent', box: { x: box.x, y: box.y, w: box.w, h: accentH }, fill: accents[i % accents.length]!, ...(accentRef ? { fillRef: accentRef } : {}), decorative: true });
    const parts: [string, Paragraph[], Box, TextStyle, number][] = [
      ['figure', figureTexts[i]!, regions[i]!.figure, styles.figure, sizes.figure.size],
      ['figure-label', f.label, regions[i]!.label, styles.label, sizes.label.size],
    ];
    if (f.source) parts.push(['figure-source', [f.source], regions[i]!.cite, styles.source, sizes.source.size]);
    for (const [role, paragraphs, where, style, size] of parts) {
      const shape: TextShape = textShape(role, where, paragraphs, { ...style, fontSize: size });
      slide.shapes.push(shape);
      if (role === 'figure' && layoutParagraph(paragraphs[0]!, shape.style, size, where.w - insetX(style)).brokenWord) {
        // shrunk to the minimum and still wider than its tile: the number breaks, said in numbers' terms
        ctx.diagnostics.push(brokenFigureWarning(f.figure, size, f.at));
        continue;
      }
      if (paragraphsHeight(paragraphs, where.w - insetX(style), shape.style, size) > where.h - insetY(style) + 1e-6) {
        ctx.diagnostics.push(overflowWarning(`the ${role.replace('-', ' ')} ${excerpt(f.figure)}`, size, f.at));
      }
      ctx.diagnostics.push(...breakWarnings(shape, f.at));
    }
  });
  const heading = runsToPlain(source.title);
  for (const key of ['figure', 'label', 'source'] as const) {
    if (sizes[key].size < styles[key].fontSize && (key !== 'source' || sourceH)) {
      const shrunk = shrinkWarning(`key-figure ${key === 'figure' ? 'numbers' : key + 's'} on slide "${heading}"`, styles[key].fontSize, sizes[key].size, source.at);
      if (key === 'figure') shrunk.hint = `shorter figures keep the template size: round them or move their units into the label (e.g. ${roundedExample(widest(shown.map((f) => f.figure)))})`;
      ctx.diagnostics.push(shrunk);
    }
  }
  const src = sourceShape(ctx, layout, source.blocks);
  if (src) slide.shapes.push(src);
  return [slide];
}

function widest(figures: string[]): string {
  return figures.reduce((a, b) => (b.length > a.length ? b : a), '');
}

function roundBox(b: Box): Box {
  return { x: round3(b.x), y: round3(b.y), w: round3(b.w), h: floor3(b.h) };
}

function trimStart<T extends { text: string }>(runs: T[]): T[] {
  const out = runs.map((r) => ({ ...r }));
  while (out.length && out[0]!.text.trim() === '') out.shift();
  if (out.length) out[0]!.text = out[0]!.text.replace(/^\s+/, '');
  return out;
}
