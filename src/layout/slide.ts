/**
 * What every slide kind builds with: the layout context, a new slide with its title, fitted text,
 * the source line, blocks as paragraphs. It lives below deck.ts and the slide kinds (cards,
 * figures, chart, columns, picture, body) so that they import it, never deck.ts, which imports them.
 */
import type { Block, Briefing, Inline, ListItemBlock, SlideSource } from '../content/types.js';
import { runsToPlain } from '../content/inline.js';
import type { DataSets } from '../data/types.js';
import type { Box, Paragraph, RectShape, Slide, SlideKind, TextShape } from '../deck/types.js';
import { type Diagnostic, type SourcePoint, error, warning } from '../diagnostics.js';
import type { Template, TemplateLayout } from '../template/types.js';
import { fitText } from './fit.js';
import type { ImageResolver } from './images.js';
import { withSource } from './paragraph-source.js';
import { inlinesToRuns, minSizeOf, paintOf, plainRuns, resolveStyle, textShape } from './style.js';
import { breakWarnings, overflowWarning, shrinkWarning } from './warnings.js';

export interface LayoutContext {
  template: Template;
  briefing: Briefing;
  datasets: DataSets;
  /** Datasets that failed to load (their error is reported): what uses them is skipped quietly. */
  failedDatasets: ReadonlySet<string>;
  diagnostics: Diagnostic[];
  images: ImageResolver;
}

/** Starts a slide of one kind with its title in place (continuations add a suffix). */
export type StartSlide = (source: SlideSource, titleSuffix?: string) => Slide;

export function layoutOf(ctx: LayoutContext, kind: string): TemplateLayout {
  return ctx.template.layouts[kind] ?? ctx.template.layouts['bullets']!;
}

export function newSlide(ctx: LayoutContext, kind: SlideKind, source?: SlideSource): Slide {
  const layoutName = ctx.template.layouts[kind] ? kind : 'bullets';
  const layout = layoutOf(ctx, kind);
  return {
    kind,
    layout: layoutName,
    background: layout.background ?? ctx.template.colors.background,
    shapes: [],
    notes: source?.notes,
    source: source?.at,
  };
}

/** A text shape for a region, shrunk to fit; warns with the source line when it had to shrink or cannot fit. */
export function fittedText(
  ctx: LayoutContext,
  layout: TemplateLayout,
  regionName: string,
  role: string,
  paragraphs: Paragraph[],
  at: SourcePoint | undefined,
  extra: Partial<TextShape> = {},
  box?: Box,
): TextShape | undefined {
  const where = box ?? layout.regions[regionName];
  if (!where) return undefined;
  const style = resolveStyle(ctx.template, layout.styles[regionName]);
  const min = Math.min(minSizeOf(ctx.template, layout.styles[regionName]), style.fontSize);
  const fit = fitText(paragraphs, where, style, min);
  const shape = textShape(role, where, paragraphs, { ...style, fontSize: fit.size }, extra);
  reportFit(ctx, [shape], style.fontSize, fit.fits, role, at);
  return shape;
}

/** Warns about a shrink, an overflow or a broken word in shapes that were fitted together. */
function reportFit(ctx: LayoutContext, shapes: readonly TextShape[], base: number, fits: boolean, role: string, at: SourcePoint | undefined): void {
  if (!at || !shapes.length) return;
  const size = shapes[0]!.style.fontSize;
  if (!fits) {
    ctx.diagnostics.push(overflowWarning(`the ${role}`, size, at));
    return;
  }
  if (size < base) ctx.diagnostics.push(shrinkWarning(`the ${role}`, base, size, at));
  for (const shape of shapes) ctx.diagnostics.push(...breakWarnings(shape, at));
}

export function slideTitle(ctx: LayoutContext, slide: Slide, layout: TemplateLayout, runs: Inline[] | string, at?: SourcePoint, placeholder: 'title' | 'ctrTitle' = 'title'): void {
  const text = typeof runs === 'string' ? plainRuns(runs) : inlinesToRuns(runs);
  slide.title = text.map((r) => r.text).join('');
  const shape = fittedText(ctx, layout, 'title', 'title', [{ runs: text }], at, { placeholder });
  if (shape) slide.shapes.push(shape);
  const rule = layout.regions['rule'];
  if (rule) slide.shapes.push(ruleShape(ctx, layout, rule));
}

/** The accent rule under a title, in the layout's rule colour or the highlight colour. */
export function ruleShape(ctx: LayoutContext, layout: TemplateLayout, box: Box): RectShape {
  const paint = paintOf(ctx.template, layout.styles['rule'], 'highlight');
  return { kind: 'rect', role: 'rule', box, fill: paint.color, ...(paint.ref ? { fillRef: paint.ref } : {}), decorative: true };
}

/** A `Source: …` paragraph is a citation, not body text: it goes to the slide's source line. */
export function isSourceLine(block: Block): boolean {
  return block.type === 'paragraph' && /^\s*(source|sources|출처|来源)\s*[:：]/i.test(runsToPlain(block.runs));
}

export function sourceShape(ctx: LayoutContext, layout: TemplateLayout, blocks: readonly Block[]): TextShape | undefined {
  const lines = blocks.filter(isSourceLine);
  if (!lines.length) return undefined;
  const paragraphs = lines.map((b) => ({ runs: inlinesToRuns(b.type === 'paragraph' ? b.runs.map((r) => ({ ...r, italic: undefined })) : []) }));
  return fittedText(ctx, layout, 'source', 'source', paragraphs, lines[0]!.at);
}

/** A new slide of a kind with its title and rule in place. */
export function startSlide(ctx: LayoutContext, kind: SlideKind, source: SlideSource, titleSuffix = ''): Slide {
  const slide = newSlide(ctx, kind, source);
  const title = titleSuffix ? [...source.title, { text: titleSuffix }] : source.title;
  slideTitle(ctx, slide, layoutOf(ctx, kind), title, source.at);
  return slide;
}

/** Text blocks → paragraphs, bullets keeping their level, each remembering its line. */
export function textBlockParagraphs(block: Block): Paragraph[] {
  switch (block.type) {
    case 'paragraph':
      return [withSource({ runs: inlinesToRuns(block.runs) }, block.at)];
    case 'list':
      return block.items.map((item: ListItemBlock) => withSource({ runs: inlinesToRuns(item.runs), bullet: true, level: item.level }, item.at));
    case 'quote':
      return [
        ...block.paragraphs.map((p) => withSource({ runs: inlinesToRuns(p), italic: true }, block.at)),
        ...(block.attribution ? [withSource({ runs: [{ text: '— ' }, ...inlinesToRuns(block.attribution)] }, block.at)] : []),
      ];
    case 'subheading':
      return [withSource({ runs: inlinesToRuns(block.runs), bold: true }, block.at)];
    case 'code':
      return block.text.split('\n').map((line, i) => withSource({ runs: [{ text: line || ' ', code: true }] }, { ...block.at, line: (block.at.line ?? 0) + 1 + i }));
    default:
      return [];
  }
}

/**
 * Body blocks → paragraphs, for places that hold text only (cards, the text beside a chart): a
 * table, picture or columns there is left out with a warning.
 */
export function blocksToParagraphs(ctx: LayoutContext, blocks: readonly Block[], at: SourcePoint, where = 'here'): Paragraph[] {
  const out: Paragraph[] = [];
  for (const block of blocks) {
    if (isSourceLine(block)) continue;
    if (block.type === 'chart') {
      ctx.diagnostics.push(error('a chart block must be on a slide of its own kind', block.at, 'put the chart under its own `##` heading'));
    } else if (block.type === 'table' || block.type === 'image' || block.type === 'columns') {
      const what = block.type === 'image' ? 'a picture' : block.type === 'table' ? 'a table' : 'columns';
      ctx.diagnostics.push(warning(`${what} cannot be shown ${where} and is left out`, block.at, 'put it under its own `##` heading'));
    } else out.push(...textBlockParagraphs(block));
  }
  if (!out.length) out.push(withSource({ runs: [{ text: '' }] }, at));
  return out;
}
