import path from 'node:path';
import type { Block, SlideSource } from '../content/types.js';
import { runsToPlain } from '../content/inline.js';
import type { Shape, Slide, TextShape } from '../deck/types.js';
import { type Diagnostic, error, warning } from '../diagnostics.js';
import type { TemplateLayout } from '../template/types.js';
import { type LayoutContext, type StartSlide, isSourceLine, layoutOf, sourceShape, textBlockParagraphs } from './slide.js';
import { wordsFor } from './words.js';
import { type Flow, type FlowItem, type FlowLook, pageShapes } from './flow.js';
import { flowItems } from './flow.js';
import { minSizeOf, paintOf, resolveStyle, styleRef, themeRef } from './style.js';
import { type TableLook, tableModel } from './table.js';
import { breakWarnings, continuedWarning, overflowWarning, paragraphSplitWarning, shrinkWarning, tableSplitWarning } from './warnings.js';


/** Table styles come from the slide's layout, else from the template's `table` layout, else from its colours. */
export function tableLook(ctx: LayoutContext, layout: TemplateLayout): TableLook {
  const { template } = ctx;
  const fallback = template.layouts['table']?.styles ?? {};
  const pick = (name: string) => layout.styles[name] ?? fallback[name];
  const colors = template.colors;
  const cell = resolveStyle(template, pick('tableCell') ?? { size: 16, color: colors.text });
  const headerStyle = pick('tableHeader');
  // The header is set in the cell's face so that one measured width holds for both.
  const headerRef = headerStyle ? styleRef(template, headerStyle) : themeRef(template, 'onPrimary');
  const { colorRef: _cellRef, ...cellLook } = cell;
  const header = {
    ...cellLook,
    fontSize: headerStyle?.size ?? cell.fontSize,
    color: headerStyle?.color ?? (typeof colors['onPrimary'] === 'string' ? colors['onPrimary'] : colors.background),
    ...(headerRef ? { colorRef: headerRef } : {}),
    bold: headerStyle?.bold ?? true,
  };
  const headerFill = paintOf(template, pick('tableHeaderFill'), 'primary');
  const bandFill = paintOf(template, pick('tableBand'), 'surface');
  const border = paintOf(template, pick('tableBorder'), 'grid');
  const refs = { ...(headerFill.ref ? { headerFill: headerFill.ref } : {}), ...(bandFill.ref ? { bandFill: bandFill.ref } : {}), ...(border.ref ? { border: border.ref } : {}) };
  return {
    cell,
    header,
    headerFill: headerFill.color,
    bandFill: bandFill.color,
    border: border.color,
    ...(Object.keys(refs).length ? { refs } : {}),
  };
}

export function flowLook(ctx: LayoutContext, layout: TemplateLayout, textStyle = 'body'): FlowLook {
  const style = layout.styles[textStyle] ?? layoutOf(ctx, 'bullets').styles['body'];
  return { text: resolveStyle(ctx.template, style), table: tableLook(ctx, layout), min: minSizeOf(ctx.template, style) };
}

/** Body blocks → flow items: consecutive text blocks share one text box; tables and pictures stand alone. */
export function blocksToFlow(ctx: LayoutContext, blocks: readonly Block[]): FlowItem[] {
  const items: FlowItem[] = [];
  const text = (): Extract<FlowItem, { kind: 'text' }> => {
    const last = items[items.length - 1];
    if (last?.kind === 'text') return last;
    const item: FlowItem = { kind: 'text', paragraphs: [] };
    items.push(item);
    return item;
  };
  for (const block of blocks) {
    if (isSourceLine(block)) continue;
    switch (block.type) {
      case 'table':
        items.push({ kind: 'table', model: tableModel(block), from: 0, to: block.rows.length });
        break;
      case 'image': {
        const found = ctx.images(block.src, block.at);
        if (found.diagnostic) ctx.diagnostics.push(found.diagnostic);
        if (!found.image) break;
        if (!block.alt.trim()) ctx.diagnostics.push(warning(`picture "${block.src}" has no description`, block.at, 'describe it for screen readers: `![what the picture shows](path)`'));
        items.push({ kind: 'image', image: found.image, alt: block.alt.trim() || path.basename(found.image.path), at: block.at });
        break;
      }
      case 'columns':
        ctx.diagnostics.push(warning('columns are shown one after another here', block.at, 'give the columns a `##` slide of their own'));
        for (const column of block.columns) items.push(...blocksToFlow(ctx, column));
        break;
      case 'chart':
        ctx.diagnostics.push(error('a chart block must be on a slide of its own kind', block.at, 'put the chart under its own `##` heading'));
        break;
      default:
        text().paragraphs.push(...textBlockParagraphs(block));
    }
  }
  return items;
}

/** Warnings for every shrink, split and overflow of a laid-out flow, each at its line. */
export function flowDiagnostics(source: SlideSource, flow: Flow, look: FlowLook, items: readonly FlowItem[], shapes: readonly Shape[]): Diagnostic[] {
  const title = runsToPlain(source.title);
  const out: Diagnostic[] = [];
  const hasText = items.some((i) => i.kind === 'text');
  const tables = items.filter((i): i is Extract<FlowItem, { kind: 'table' }> => i.kind === 'table');
  if (hasText && flow.sizes.text < look.text.fontSize) out.push(shrinkWarning(`text of slide "${title}"`, look.text.fontSize, flow.sizes.text, source.at));
  for (const t of tables) if (flow.sizes.cell < look.table.cell.fontSize) out.push(shrinkWarning('table', look.table.cell.fontSize, flow.sizes.cell, t.model.at));
  if (flow.pageCount > 1) out.push(continuedWarning(title, flow.pageCount - 1, source.at));
  for (const e of flow.events) {
    const at = e.at ?? source.at;
    if (e.kind === 'paragraph-split') out.push(paragraphSplitWarning(at));
    else if (e.kind === 'table-split') out.push(tableSplitWarning(tables.find((t) => t.model.at === e.at)?.model.rows.length ?? 0, at));
    else out.push(e.what === 'table' ? overflowWarning('a table row', flow.sizes.cell, at) : overflowWarning('this text', flow.sizes.text, at));
  }
  for (const shape of shapes) if (shape.kind === 'text') out.push(...breakWarnings(shape as TextShape, source.at));
  const seen = new Set<string>();
  return out.filter((d) => {
    const key = `${d.message}|${d.at?.file}:${d.at?.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A bullets, closing or table slide: its blocks flow down the body region and continue as needed. */
export function flowSlides(ctx: LayoutContext, source: SlideSource, kind: 'bullets' | 'closing' | 'table', start: StartSlide): Slide[] {
  const layout = layoutOf(ctx, kind);
  const region = (kind === 'table' ? layout.regions['table'] : undefined) ?? layout.regions['body'];
  const first = start(source);
  if (!region) return [first];
  const items = blocksToFlow(ctx, source.blocks);
  const look = flowLook(ctx, layout);
  const flow = flowItems(items, region, look);
  const shapes: Shape[] = [];
  const slides = (flow.columns[0] ?? [[]]).map((page, i) => {
    const slide = i === 0 ? first : start({ ...source, notes: undefined }, wordsFor(ctx.briefing.manifest.lang).continued);
    const placed = pageShapes(page, region, look, flow.sizes);
    slide.shapes.push(...placed);
    shapes.push(...placed);
    return slide;
  });
  ctx.diagnostics.push(...flowDiagnostics(source, flow, look, items, shapes));
  const src = sourceShape(ctx, layout, source.blocks);
  if (src) slides[slides.length - 1]!.shapes.push(src);
  return slides;
}
