import type { Block } from '../content/types.js';
import type { Paragraph, TableCell, TableShape, TextRun, TextStyle, ThemeColorRef } from '../deck/types.js';
import type { SourcePoint } from '../diagnostics.js';
import { formatNumber } from '../data/number-format.js';
import { ceil3, floor3 } from './grid.js';
import { naturalWidths, paragraphText, paragraphsHeight } from './measure.js';
import { withSource } from './paragraph-source.js';
import { inlinesToRuns } from './style.js';

type TableBlock = Extract<Block, { type: 'table' }>;
export type Align = 'left' | 'center' | 'right';

export interface TableModel {
  header: Paragraph[];
  rows: Paragraph[][];
  align: Align[];
  at: SourcePoint;
}

/** How a table looks, resolved from the template: text styles at their base sizes, and fills. */
export interface TableLook {
  header: TextStyle;
  cell: TextStyle;
  headerFill?: string;
  bandFill?: string;
  border: string;
  /** Theme references of the fills and rule, on a PowerPoint-file template. */
  refs?: { headerFill?: ThemeColorRef; bandFill?: ThemeColorRef; border?: ThemeColorRef };
}

/** Cell margins in inches: PowerPoint's "Normal" margins. */
export const CELL_MARGIN = { x: 0.1, y: 0.05 };

export interface TableGeometry {
  columnWidths: number[];
  /** Header first, then one per body row. */
  rowHeights: number[];
}

const NUMBER = /^([+\-−]?)((?:US|[ACR])?[$€£¥₩]?)\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s?(%|‰|pp|bn|tn|[mkx×])?$/i;
const BLANK = /^(|[-–—]|n\/?a|\.\.)$/i;

interface NumberParts {
  value: number;
  sign: string;
  prefix: string;
  int: string;
  decimals: number;
  suffix: string;
}

function numberParts(text: string): NumberParts | undefined {
  const m = NUMBER.exec(text.trim());
  if (!m) return undefined;
  return { value: Number(m[3]!.replace(/,/g, '') + (m[4] ?? '')), sign: m[1]!, prefix: m[2]!, int: m[3]!.replace(/,/g, ''), decimals: m[4] ? m[4].length - 1 : 0, suffix: m[5] ?? '' };
}

/** A column of four-digit whole numbers between 1800 and 2199 holds years: labels, not amounts. */
function isYearColumn(parts: NumberParts[]): boolean {
  return parts.every((p) => !p.prefix && !p.suffix && !p.decimals && !p.sign && /^(18|19|20|21)\d\d$/.test(p.int));
}

function uniformMarks(runs: readonly TextRun[]): boolean {
  const first = runs[0];
  return !!first && runs.every((r) => !!r.bold === !!first.bold && !!r.italic === !!first.italic && !!r.code === !!first.code && r.link === first.link);
}

/**
 * A GFM table as cells of paragraphs. A column whose every filled cell is a number is right-aligned
 * (unless the Markdown says otherwise) and its numbers are set alike: thousands separators, the
 * column's largest number of decimals, and a true minus sign.
 */
export function tableModel(block: TableBlock): TableModel {
  const columns = block.header.length;
  const header = block.header.map((cell) => withSource<Paragraph>({ runs: inlinesToRuns(cell) }, block.at));
  const rows = block.rows.map((row) => Array.from({ length: columns }, (_, c) => withSource({ runs: inlinesToRuns(row[c] ?? []) } as Paragraph, block.at)));
  const align: Align[] = [];
  for (let c = 0; c < columns; c++) {
    const texts = rows.map((r) => paragraphText(r[c]!).trim());
    const filled = texts.filter((t) => !BLANK.test(t));
    const parts = filled.map(numberParts);
    const numeric = filled.length > 0 && parts.every((p): p is NumberParts => !!p) && !isYearColumn(parts as NumberParts[]);
    align.push(block.align[c] ?? (numeric ? 'right' : 'left'));
    if (!numeric) continue;
    const decimals = Math.max(...(parts as NumberParts[]).map((p) => p.decimals));
    const format = `#,##0${decimals ? '.' + '0'.repeat(decimals) : ''}`;
    rows.forEach((row) => {
      const cell = row[c]!;
      const p = numberParts(paragraphText(cell));
      if (!p || !uniformMarks(cell.runs)) return;
      const sign = p.sign === '+' ? '+' : p.sign ? '−' : '';
      row[c] = withSource({ runs: [{ ...cell.runs[0]!, text: `${sign}${p.prefix}${formatNumber(p.value, format)}${p.suffix}` }] }, block.at);
    });
  }
  header.forEach((p, c) => (p.align = align[c]));
  rows.forEach((row) => row.forEach((p, c) => (p.align = align[c])));
  return { header, rows, align, at: block.at };
}

function cellHeight(p: Paragraph, width: number, style: TextStyle, size: number): number {
  return paragraphsHeight([p], width - 2 * CELL_MARGIN.x, style, size) + 2 * CELL_MARGIN.y;
}

/**
 * Column widths fill `width`: each column gets room for its longest cell on one line when that fits,
 * otherwise number columns keep theirs and text columns share the rest, never narrower than their
 * longest word. Row heights hold the tallest cell of the row.
 */
export function tableGeometry(model: TableModel, width: number, look: TableLook, cellSize: number, headerSize: number): TableGeometry {
  const columns = model.header.length;
  const natural: number[] = [];
  const narrowest: number[] = [];
  for (let c = 0; c < columns; c++) {
    const cells: [Paragraph, TextStyle, number][] = [[model.header[c]!, look.header, headerSize], ...model.rows.map((r): [Paragraph, TextStyle, number] => [r[c]!, look.cell, cellSize])];
    let line = 0;
    let word = 0;
    for (const [p, style, size] of cells) {
      const w = naturalWidths(p, style, size);
      line = Math.max(line, w.line);
      word = Math.max(word, w.word);
    }
    natural.push(line + 2 * CELL_MARGIN.x + 0.01);
    narrowest.push(word + 2 * CELL_MARGIN.x + 0.01);
  }
  const total = natural.reduce((a, b) => a + b, 0);
  let widths: number[];
  if (total <= width) widths = natural.map((n) => (n * width) / total);
  else {
    const fixed = natural.map((n, c) => model.align[c] === 'right' && n < width / columns);
    const fixedWidth = natural.reduce((a, n, c) => a + (fixed[c] ? n : 0), 0);
    const flexible = natural.reduce((a, n, c) => a + (fixed[c] ? 0 : n), 0);
    const rest = Math.max(0, width - fixedWidth);
    widths = natural.map((n, c) => (fixed[c] ? n : Math.max(narrowest[c]!, (n * rest) / flexible)));
    const sum = widths.reduce((a, b) => a + b, 0);
    widths = widths.map((w) => (w * width) / sum);
  }
  widths = roundWidths(widths, width);
  const rowHeights = [model.header, ...model.rows].map((row, r) =>
    ceil3(Math.max(...row.map((p, c) => cellHeight(p, widths[c]!, r === 0 ? look.header : look.cell, r === 0 ? headerSize : cellSize)))),
  );
  return { columnWidths: widths, rowHeights };
}

/** Widths rounded to thousandths of an inch that still add up to the table's width. */
function roundWidths(widths: number[], total: number): number[] {
  const rounded = widths.map(floor3);
  const rest = Math.round((total - rounded.reduce((a, b) => a + b, 0)) * 1000) / 1000;
  rounded[rounded.length - 1] = Math.round((rounded[rounded.length - 1]! + rest) * 1000) / 1000;
  return rounded;
}


/** The native table for body rows [from, to) with the header on top, at (x, y). */
export function tableShape(model: TableModel, geometry: TableGeometry, from: number, to: number, x: number, y: number, look: TableLook, cellSize: number, headerSize: number): TableShape {
  const headerCells: TableCell[] = model.header.map((p, c) => ({
    paragraphs: [headerSize === cellSize ? p : { ...p, fontSize: headerSize }],
    align: model.align[c]!,
    fill: look.headerFill,
    ...(look.refs?.headerFill ? { fillRef: look.refs.headerFill } : {}),
    color: look.header.color,
    ...(look.header.colorRef ? { colorRef: look.header.colorRef } : {}),
    bold: look.header.bold ?? true,
  }));
  const bodyCells = model.rows.slice(from, to).map((row, i) =>
    row.map(
      (p, c): TableCell => ({
        paragraphs: [p],
        align: model.align[c]!,
        fill: (from + i) % 2 === 1 ? look.bandFill : undefined,
        ...((from + i) % 2 === 1 && look.refs?.bandFill ? { fillRef: look.refs.bandFill } : {}),
        color: look.cell.color,
        ...(look.cell.colorRef ? { colorRef: look.cell.colorRef } : {}),
        bold: look.cell.bold,
      }),
    ),
  );
  const rowHeights = [geometry.rowHeights[0]!, ...geometry.rowHeights.slice(1 + from, 1 + to)];
  const w = Math.round(geometry.columnWidths.reduce((a, b) => a + b, 0) * 1000) / 1000;
  const h = Math.round(rowHeights.reduce((a, b) => a + b, 0) * 1000) / 1000;
  return {
    kind: 'table',
    role: 'table',
    box: { x, y, w, h },
    columnWidths: geometry.columnWidths,
    rowHeights,
    rows: [headerCells, ...bodyCells],
    style: { ...look.cell, fontSize: cellSize },
    borderColor: look.border,
    ...(look.refs?.border ? { borderRef: look.refs.border } : {}),
    cellMargin: [CELL_MARGIN.y, CELL_MARGIN.x, CELL_MARGIN.y, CELL_MARGIN.x],
  };
}

/** Whether every cell of a table shape fits its row at the shape's sizes (a Deck invariant). */
export function tableShapeFits(shape: TableShape): boolean {
  return shape.rows.every((row, r) =>
    row.every((cell, c) => {
      const style = { ...shape.style, bold: cell.bold };
      const h = paragraphsHeight(cell.paragraphs, shape.columnWidths[c]! - 2 * CELL_MARGIN.x, style, shape.style.fontSize) + 2 * CELL_MARGIN.y;
      return h <= shape.rowHeights[r]! + 1e-6;
    }),
  );
}
