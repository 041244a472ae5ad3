/**
 * A table as read from a file, before its columns are typed: a header, a count of rows and a
 * reader that answers for one cell at a time. Every reader (CSV bytes, JSON, a worksheet) keeps
 * its own compact storage and makes a cell's position only when a diagnostic asks for it: a
 * 100,000-row × 6-column export must not become 600,000 objects.
 */

/** One cell as read from the file, before typing. In a worksheet, line and column are its row and column (1-based). */
export interface RawCell {
  text: string;
  /** JSON and workbook cells keep their native number; `invalid` marks an object/array where a cell should be. */
  num?: number;
  invalid?: boolean;
  line: number;
  column: number;
}

/** Cells of the data rows (the header is not among them), by row `i` and column `j`, both 0-based. */
export interface Cells {
  /** Rows read (rows with nothing in them are already left out). */
  readonly rows: number;
  /** How many cells row `i` has as written. */
  width(i: number): number;
  /** Line (or sheet row) and column of row `i`'s first cell. */
  rowLine(i: number): number;
  rowColumn(i: number): number;
  /** True when cell (i, j) holds nothing (also when the row is shorter). */
  empty(i: number, j: number): boolean;
  /** The cell as text ('' when empty); repeated texts may be one shared string. */
  text(i: number, j: number): string;
  /** The cell's number when it is plainly one (a native number, or digits read straight from the bytes), else NaN. */
  number(i: number, j: number): number;
  /** An object or array where a cell should be (JSON). */
  invalid(i: number, j: number): boolean;
  /** Where cell (i, j) starts; computed on demand, for diagnostics only. */
  at(i: number, j: number): { line: number; column: number };
  /**
   * Column `j` of rows `rows` in one loop, where a reader can do it faster than cell by cell:
   * kinds[k] = 1 and parsed[k] for a plain number, 0 for an empty cell, else texts[k] and kinds[k] = TO_JUDGE;
   * `leadingZero` when a number was written with a leading zero (03, 0101: a code, not a quantity).
   */
  readColumn?(rows: Int32Array, j: number, parsed: Float64Array, kinds: Uint8Array, texts: string[]): { leadingZero: boolean };
}

/** `readColumn`'s mark for a cell whose text the caller must judge. */
export const TO_JUDGE = 255;

export interface RawTable {
  header: RawCell[];
  cells: Cells;
  /** Rows are matched to the header by position (CSV, JSON columns/rows): ragged rows are errors. */
  positional: boolean;
  /** A worksheet's name: cells are then named like `file.xlsx!Sheet!B17`. */
  sheet?: string;
}

/** One row of cell objects: what the JSON reader and csv-parse's slow path produce (small inputs). */
export interface RawRow {
  line: number;
  column: number;
  cells: RawCell[];
}

/** Cells over rows of cell objects (JSON, and CSV that only csv-parse can read). */
export class RowCells implements Cells {
  readonly rows: number;
  constructor(private readonly list: readonly RawRow[]) {
    this.rows = list.length;
  }
  width(i: number): number {
    return this.list[i]!.cells.length;
  }
  rowLine(i: number): number {
    return this.list[i]!.line;
  }
  rowColumn(i: number): number {
    return this.list[i]!.column;
  }
  empty(i: number, j: number): boolean {
    const c = this.list[i]!.cells[j];
    return c === undefined || (c.text === '' && !c.invalid);
  }
  text(i: number, j: number): string {
    return this.list[i]!.cells[j]?.text ?? '';
  }
  number(i: number, j: number): number {
    return this.list[i]!.cells[j]?.num ?? NaN;
  }
  invalid(i: number, j: number): boolean {
    return this.list[i]!.cells[j]?.invalid === true;
  }
  at(i: number, j: number): { line: number; column: number } {
    const row = this.list[i]!;
    const c = row.cells[j];
    return c ? { line: c.line, column: c.column } : { line: row.line, column: row.column };
  }
}

/** Cell (i, j) as an object, for messages. */
export function cellOf(cells: Cells, i: number, j: number): RawCell {
  const cell: RawCell = { text: cells.text(i, j), ...cells.at(i, j) };
  const num = cells.number(i, j);
  if (!Number.isNaN(num)) cell.num = num;
  if (cells.invalid(i, j)) cell.invalid = true;
  return cell;
}

/** `B17` for a worksheet cell at row 17, column 2. */
export function cellName(row: number, column: number): string {
  let n = column;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return `${s}${row}`;
}
