import type { SourcePoint } from '../diagnostics.js';

export type ColumnType = 'number' | 'year' | 'date' | 'text';
export type Cell = number | string | null;

export interface Column {
  name: string;
  type: ColumnType;
  /** One value per row; null where the cell was empty. Years are numbers, dates ISO strings. */
  values: Cell[];
}

/** A dataset declared in deck.yaml, typed per column; rows remember where they came from. */
export interface DataSet {
  name: string;
  /** Path as shown to the user (relative to the briefing folder). */
  file: string;
  source?: string;
  units?: string;
  columns: Column[];
  /** Source line (1-based) of each row, for diagnostics. */
  rowLines: number[];
  /** The first column: the categories a chart's x defaults to and `[2024]` looks rows up by. */
  categoryColumn: string;
}

/** A `data:` entry of deck.yaml after normalisation (a bare string is the file). */
export interface DataSetSpec {
  file: string;
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
