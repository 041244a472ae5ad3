import type { Box, Paragraph, Shape, TextStyle } from '../deck/types.js';
import type { SourcePoint } from '../diagnostics.js';
import { SIZE_STEP, splitParagraph } from './fit.js';
import { ceil3, floor3, round3 } from './grid.js';
import type { ImageInfo } from './images.js';
import { gapBefore, insetX, insetY, layoutParagraph, lineHeightOf, paragraphsHeight } from './measure.js';
import { sourceOf } from './paragraph-source.js';
import { textShape } from './style.js';
import { type TableGeometry, type TableLook, type TableModel, tableGeometry, tableShape } from './table.js';

/**
 * A slide body is a column of blocks: text (paragraphs and bullets), tables and pictures, stacked
 * top to bottom. All text on a slide shrinks together, half a point at a time, down to the
 * template's minimum; what still does not fit continues on further slides: text between paragraphs
 * (or inside one longer than a slide), tables between rows with their header repeated, pictures
 * whole.
 */
export type FlowItem =
  | { kind: 'text'; paragraphs: Paragraph[] }
  | { kind: 'table'; model: TableModel; from: number; to: number }
  | { kind: 'image'; image: ImageInfo; alt: string; at: SourcePoint };

export interface FlowLook {
  text: TextStyle;
  table: TableLook;
  /** The template's minimum size. */
  min: number;
}

export interface FlowSizes {
  text: number;
  cell: number;
  header: number;
}

export interface Placed {
  item: FlowItem;
  h: number;
}

export interface FlowEvent {
  kind: 'paragraph-split' | 'table-split' | 'overflow';
  at?: SourcePoint;
  /** For an overflow: what overflows. */
  what?: FlowItem['kind'];
}

export interface Flow {
  step: number;
  sizes: FlowSizes;
  /** Per column, its pages; a column that ends early has fewer. */
  columns: Placed[][][];
  /** How many slides the flow takes: its longest column's pages. */
  pageCount: number;
  events: FlowEvent[];
}

/** One column of a flow: its items and region; on the first slide it may start lower (`firstTop`, in inches). */
export interface FlowColumn {
  items: readonly FlowItem[];
  region: Box;
  firstTop?: (sizes: FlowSizes) => number;
}

/** The region a column has on a given page. */
export function pageRegion(column: FlowColumn, sizes: FlowSizes, page: number): Box {
  const top = page === 0 && column.firstTop ? Math.min(column.firstTop(sizes), column.region.h / 2) : 0;
  return { ...column.region, y: column.region.y + top, h: column.region.h - top };
}

/** Space between two blocks, in inches. */
export const FLOW_GAP_IN = 0.15;
/** A picture in a column of text is never drawn shorter than this (or than it can be), in inches. */
const MIN_PICTURE_IN = 1.5;

function shrunk(base: number, min: number, step: number): number {
  return Math.max(Math.min(min, base), base - SIZE_STEP * step);
}

export function flowSizes(look: FlowLook, step: number): FlowSizes {
  return { text: shrunk(look.text.fontSize, look.min, step), cell: shrunk(look.table.cell.fontSize, look.min, step), header: shrunk(look.table.header.fontSize, look.min, step) };
}

/** Steps until every size that can shrink has reached the minimum. */
export function maxStep(look: FlowLook): number {
  const room = Math.max(look.text.fontSize, look.table.cell.fontSize, look.table.header.fontSize) - look.min;
  return Math.max(0, Math.ceil(room / SIZE_STEP));
}

class Paginator {
  private readonly geometries = new Map<TableModel, TableGeometry>();
  readonly events: FlowEvent[] = [];
  private readonly style: TextStyle;

  constructor(
    private readonly region: Box,
    private readonly look: FlowLook,
    readonly sizes: FlowSizes,
  ) {
    this.style = { ...look.text, fontSize: sizes.text };
  }

  geometry(model: TableModel): TableGeometry {
    let g = this.geometries.get(model);
    if (!g) {
      g = tableGeometry(model, this.region.w, this.look.table, this.sizes.cell, this.sizes.header);
      this.geometries.set(model, g);
    }
    return g;
  }

  private innerWidth(): number {
    return this.region.w - insetX(this.style);
  }

  height(item: FlowItem): number {
    switch (item.kind) {
      case 'text':
        return paragraphsHeight(item.paragraphs, this.innerWidth(), this.style, this.sizes.text) + insetY(this.style);
      case 'table': {
        const rows = this.geometry(item.model).rowHeights;
        return rows[0]! + rows.slice(1 + item.from, 1 + item.to).reduce((a, b) => a + b, 0);
      }
      case 'image':
        return Math.min(this.pictureHeight(item.image), Math.max(MIN_PICTURE_IN, 0.35 * this.region.h));
    }
  }

  /** The height of a picture as large as the region allows at its aspect ratio. */
  pictureHeight(image: ImageInfo): number {
    return Math.min(this.region.h, (this.region.w * image.height) / image.width);
  }

  /** A first part of `item` at most `room` tall, and the rest; undefined when nothing sensible fits. */
  split(item: FlowItem, room: number, pageEmpty: boolean, pageHeight: number): [FlowItem, FlowItem] | undefined {
    if (item.kind === 'table') {
      const rows = this.geometry(item.model).rowHeights;
      let h = rows[0]!;
      let n = 0;
      while (item.from + n < item.to) {
        const row = rows[1 + item.from + n]!;
        if (h + row > room + 1e-6) break;
        h += row;
        n++;
      }
      if (n === 0 || item.from + n >= item.to) return undefined;
      if (item.from === 0) this.events.push({ kind: 'table-split', at: item.model.at });
      return [
        { ...item, to: item.from + n },
        { ...item, from: item.from + n },
      ];
    }
    if (item.kind !== 'text') return undefined;
    const inner = room - insetY(this.style);
    const full = Math.max(pageHeight, this.region.h) - insetY(this.style);
    const width = this.innerWidth();
    let used = 0;
    const ps = item.paragraphs;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i]!;
      const gap = gapBefore(p, i, this.style);
      const h = layoutParagraph(p, this.style, this.sizes.text, width).height;
      if (used + gap + h <= inner + 1e-6) {
        used += gap + h;
        continue;
      }
      const fitsAPage = h + (p.spaceBefore ?? 0) / 72 <= full + 1e-6;
      const lines = (inner - used - gap) / lineHeightOf(p, this.style, this.sizes.text);
      const pieces = fitsAPage || (!pageEmpty && lines < 2) ? undefined : splitParagraph(p, this.style, this.sizes.text, width, inner - used - gap);
      if (pieces) {
        this.events.push({ kind: 'paragraph-split', at: sourceOf(p) });
        return [
          { kind: 'text', paragraphs: [...ps.slice(0, i), pieces[0]] },
          { kind: 'text', paragraphs: [pieces[1], ...ps.slice(i + 1)] },
        ];
      }
      if (i === 0) return undefined;
      return [
        { kind: 'text', paragraphs: ps.slice(0, i) },
        { kind: 'text', paragraphs: [{ ...p, spaceBefore: undefined }, ...ps.slice(i + 1)] },
      ];
    }
    return undefined;
  }

  paginate(items: readonly FlowItem[], firstHeight = this.region.h): Placed[][] {
    let H = firstHeight;
    const pages: Placed[][] = [];
    let page: Placed[] = [];
    let used = 0;
    const flush = () => {
      pages.push(page);
      page = [];
      used = 0;
      H = this.region.h;
    };
    const queue = [...items];
    while (queue.length) {
      const item = queue.shift()!;
      const gap = page.length ? FLOW_GAP_IN : 0;
      const room = H - used - gap;
      const need = this.height(item);
      if (need <= room + 1e-6) {
        page.push({ item, h: need });
        used += gap + need;
        continue;
      }
      const pieces = this.split(item, room, page.length === 0, H);
      if (pieces) {
        page.push({ item: pieces[0], h: this.height(pieces[0]) });
        flush();
        queue.unshift(pieces[1]);
        continue;
      }
      if (page.length) {
        flush();
        queue.unshift(item);
        continue;
      }
      // Alone on an empty slide and still too tall: a picture shrinks to the slide, text overflows.
      if (item.kind !== 'image') this.events.push({ kind: 'overflow', what: item.kind, at: item.kind === 'table' ? item.model.at : sourceOf(item.paragraphs[0]!) });
      page.push({ item, h: item.kind === 'image' ? H : need });
      flush();
    }
    if (page.length || !pages.length) flush();
    return pages;
  }
}

/**
 * Lays the columns out at the largest size that keeps them on one slide; when none does, at the
 * largest size that needs no more slides than the minimum size does. Columns share one size.
 */
export function flowColumns(columns: readonly FlowColumn[], look: FlowLook): Flow {
  const last = maxStep(look);
  const runs = new Map<number, Flow>();
  const at = (step: number): Flow => {
    let flow = runs.get(step);
    if (!flow) {
      const sizes = flowSizes(look, step);
      const events: FlowEvent[] = [];
      const pages = columns.map((c) => {
        const paginator = new Paginator(c.region, look, sizes);
        const result = paginator.paginate(c.items, pageRegion(c, sizes, 0).h);
        events.push(...paginator.events);
        return result;
      });
      flow = { step, sizes, columns: pages, pageCount: Math.max(1, ...pages.map((p) => p.length)), events };
      runs.set(step, flow);
    }
    return flow;
  };
  for (let step = 0; step <= last; step++) if (at(step).pageCount === 1) return at(step);
  const fewest = at(last).pageCount;
  for (let step = 0; step <= last; step++) if (at(step).pageCount <= fewest) return at(step);
  return at(last);
}

export function flowItems(items: readonly FlowItem[], region: Box, look: FlowLook): Flow {
  return flowColumns([{ items, region }], look);
}

/** The shapes of one page of a flow, top to bottom in the region. */
export function pageShapes(page: readonly Placed[], region: Box, look: FlowLook, sizes: FlowSizes, textRole = 'body'): Shape[] {
  const paginator = new Paginator(region, look, sizes);
  const heights = page.map((p) => p.h);
  // Room left over goes to the pictures, up to as large as the region allows.
  let spare = region.h - heights.reduce((a, b) => a + b, 0) - FLOW_GAP_IN * Math.max(0, page.length - 1);
  for (let pass = 0; pass < 3 && spare > 1e-3; pass++) {
    const growable = page.map((p, i) => (p.item.kind === 'image' && heights[i]! < paginator.pictureHeight(p.item.image) - 1e-6 ? i : -1)).filter((i) => i >= 0);
    if (!growable.length) break;
    const share = spare / growable.length;
    for (const i of growable) {
      const item = page[i]!.item as Extract<FlowItem, { kind: 'image' }>;
      const grow = Math.min(share, paginator.pictureHeight(item.image) - heights[i]!);
      heights[i]! += grow;
      spare -= grow;
    }
  }
  const style = { ...look.text, fontSize: sizes.text };
  const shapes: Shape[] = [];
  let y = region.y;
  page.forEach((placed, i) => {
    const item = placed.item;
    const isLast = i === page.length - 1;
    if (item.kind === 'text') {
      const h = isLast ? Math.max(heights[i]!, region.y + region.h - y) : heights[i]!;
      const box = { x: region.x, y: round3(y), w: region.w, h: ceil3(h) };
      shapes.push(textShape(textRole, box, item.paragraphs, style));
      y = box.y + box.h;
    } else if (item.kind === 'table') {
      const shape = tableShape(item.model, paginator.geometry(item.model), item.from, item.to, region.x, round3(y), look.table, sizes.cell, sizes.header);
      shapes.push(shape);
      y = shape.box.y + shape.box.h;
    } else {
      let h = heights[i]!;
      let w = (h * item.image.width) / item.image.height;
      if (w > region.w) {
        w = region.w;
        h = (w * item.image.height) / item.image.width;
      }
      const box = { x: round3(region.x + (region.w - w) / 2), y: round3(y), w: floor3(w), h: floor3(h) };
      shapes.push({ kind: 'image', role: 'picture', box, path: item.image.path, alt: item.alt });
      y = box.y + heights[i]!;
    }
    y += FLOW_GAP_IN;
  });
  return shapes;
}

