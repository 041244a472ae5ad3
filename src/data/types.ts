import type { SourcePoint } from '../diagnostics.js';

/** One `transform:` step as written: its kind, its YAML value as plain data, and where it is. */
export interface TransformStep {
  kind: string;
  value: unknown;
  at: SourcePoint;
}

export type ColumnType = 'number' | 'year' | 'date' | 'text';
export type Cell = number | string | null;

export interface Column {
  name: string;
  type: ColumnType;
  /** One value per row; null where the cell was empty. Years are numbers, dates ISO strings. */
  values: Cell[];
  /** 0-based column of the source file or sheet (for `file.xlsx!Sheet!B17`); absent for computed columns. */
  sourceIndex?: number;
}

/** A dataset declared in deck.yaml, typed per column; rows remember where they came from. */
export interface DataSet {
  name: string;
  /** Path as shown to the user (relative to the briefing folder). */
  file: string;
  source?: string;
  units?: string;
  columns: Column[];
  /** Source line (1-based) of each row, for diagnostics; the sheet row for a workbook. */
  rowLines: number[];
  /** The worksheet a workbook dataset was read from: positions print as `file.xlsx!Sheet!B17`. */
  sheet?: string;
  /**
   * A long table: its first column may repeat (one row per year × flow × product). Such a dataset
   * is shaped by transforms before a chart or a `[2024]` lookup uses it by category.
   */
  long?: boolean;
  /** The first column: the categories a chart's x defaults to and `[2024]` looks rows up by. */
  categoryColumn: string;
}

/** A `data:` entry of deck.yaml after normalisation (a bare string is the file). */
export interface DataSetSpec {
  /** Empty for a dataset made `from:` another one. */
  file: string;
  /** .xlsx: the worksheet by name or 1-based number (default the first), and an A1 range. */
  sheet?: string | number;
  range?: string;
  /** The text encoding of a CSV/TSV/JSON file when it is not UTF-8 (e.g. cp949), and where it was written. */
  encoding?: string;
  encodingAt?: SourcePoint;
  /** Columns read as text whatever they look like (codes such as HS 8542 or TOTAL), and where the list was written. */
  text?: string[];
  textAt?: SourcePoint;
  /** The line (CSV) or sheet row (.xlsx) of the header, 1-based, when rows above it are titles. */
  header?: number;
  headerAt?: SourcePoint;
  /** The dataset this one is shaped from. */
  from?: string;
  fromAt?: SourcePoint;
  /** Steps run in order after loading (or on `from:`). */
  transform?: TransformStep[];
  source?: string;
  units?: string;
  /** name → expression, evaluated in order after loading. */
  derive?: Record<string, string>;
  /** Where each derive expression starts (its first character), for errors inside it. */
  deriveAt?: Record<string, SourcePoint>;
  /** Where the file name was written (the `file:` value, or the bare string). */
  fileAt?: SourcePoint;
  at: SourcePoint;
}

export type DataSets = ReadonlyMap<string, DataSet>;
