import type { Block, SlideSource } from '../content/types.js';
import type { Box, Shape, Slide } from '../deck/types.js';
import { error, warning } from '../diagnostics.js';
import { blocksToFlow, flowDiagnostics, flowLook } from './body.js';
import { type LayoutContext, type StartSlide, isSourceLine, layoutOf, sourceShape } from './slide.js';
import { wordsFor } from './words.js';
import { FLOW_GAP_IN, type FlowColumn, type FlowItem, flowColumns, pageRegion, pageShapes } from './flow.js';
import { floor3, round3 } from './grid.js';
import { insetX, insetY, paragraphsHeight } from './measure.js';

/** The columns' regions: the template's `left` and `right` (split evenly for more columns), else the body. */
function columnRegions(ctx: LayoutContext, n: number): { area: Box; columns: Box[] } {
  const layout = layoutOf(ctx, 'columns');
  const left = layout.regions['left'];
  const right = layout.regions['right'];
  const area = left && right ? { x: left.x, y: Math.min(left.y, right.y), w: right.x + right.w - left.x, h: Math.max(left.h, right.h) } : (layout.regions['body'] ?? layoutOf(ctx, 'bullets').regions['body']!);
  if (left && right && n === 2) return { area, columns: [left, right] };
  const gap = left && right ? right.x - (left.x + left.w) : 0.5;
  const w = (area.w - gap * (n - 1)) / n;
  return { area, columns: Array.from({ length: n }, (_, i) => ({ x: round3(area.x + i * (w + gap)), y: area.y, w: floor3(w), h: area.h })) };
}

/**
 * `::: columns` side by side. Text before the columns leads in across the full width; each column
 * flows on its own, all at one size, and a column too long for the slide continues on the next.
 */
export function columnsSlides(ctx: LayoutContext, source: SlideSource, start: StartSlide): Slide[] {
  const layout = layoutOf(ctx, 'columns');
  const first = start(source);
  const block = source.blocks.find((b): b is Extract<Block, { type: 'columns' }> => b.type === 'columns');
  if (!block) {
    ctx.diagnostics.push(error('a columns slide needs a `::: columns` block with a `::: column` block per column', source.at, 'write `::: columns`, then `::: column` … `:::` for each column, then `:::`'));
    return [first];
  }
  const others = source.blocks.filter((b) => b !== block && !isSourceLine(b));
  for (const b of others) {
    if (b.type === 'columns') ctx.diagnostics.push(warning('only one `::: columns` block fits a slide; this one is shown above the first', b.at, 'give each set of columns its own `##` slide'));
    else if ((b.at.line ?? 0) > (block.at.line ?? 0)) ctx.diagnostics.push(warning('text after the columns is shown above them', b.at, 'move it into a column, or above the `::: columns` line'));
  }
  const look = flowLook(ctx, layout);
  const { area, columns: regions } = columnRegions(ctx, block.columns.length);
  const lead = blocksToFlow(ctx, others);
  const leadParagraphs = lead.flatMap((i) => (i.kind === 'text' ? i.paragraphs : []));
  const leadHeight = (size: number): number => {
    if (!leadParagraphs.length) return 0;
    const style = { ...look.text, fontSize: size };
    return paragraphsHeight(leadParagraphs, area.w - insetX(style), style, size) + insetY(style) + FLOW_GAP_IN;
  };
  for (const item of lead) if (item.kind !== 'text') ctx.diagnostics.push(warning('only text is shown above columns', item.kind === 'table' ? item.model.at : item.at, 'put tables and pictures inside a column'));
  const columns: FlowColumn[] = block.columns.map((blocks, i) => ({ items: blocksToFlow(ctx, blocks), region: regions[i]!, firstTop: (sizes) => leadHeight(sizes.text) }));
  const flow = flowColumns(columns, look);
  const shapes: Shape[] = [];
  const slides: Slide[] = [];
  for (let page = 0; page < flow.pageCount; page++) {
    const slide = page === 0 ? first : start({ ...source, notes: undefined }, wordsFor(ctx.briefing.manifest.lang).continued);
    const placedShapes: Shape[] = [];
    if (page === 0 && leadParagraphs.length) {
      const item: FlowItem = { kind: 'text', paragraphs: leadParagraphs };
      const h = leadHeight(flow.sizes.text) - FLOW_GAP_IN;
      placedShapes.push(...pageShapes([{ item, h }], { ...area, h }, look, flow.sizes, 'lead'));
    }
    columns.forEach((column, i) => {
      const placed = flow.columns[i]![page];
      if (placed) placedShapes.push(...pageShapes(placed, pageRegion(column, flow.sizes, page), look, flow.sizes, `column-${i + 1}`));
    });
    slide.shapes.push(...placedShapes);
    shapes.push(...placedShapes);
    slides.push(slide);
  }
  ctx.diagnostics.push(...flowDiagnostics(source, flow, look, [...lead, ...columns.flatMap((c) => c.items)], shapes));
  const src = sourceShape(ctx, layout, source.blocks);
  if (src) slides[slides.length - 1]!.shapes.push(src);
  return slides;
}
