/**
 * Datasets: CSV (csv-parse) or JSON text in, a typed DataSet out. Pure: the caller reads the file.
 *
 * Every diagnostic points at the file, the line and the character column of the cell (1-based,
 * counted in UTF-16 code units like editors do), and names the column and the bad value.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { error, warning } from '../diagnostics.js';
import type { Diagnostic, SourcePoint } from '../diagnostics.js';
import { deriveColumns } from './derive.js';
import { parseNumber } from './lookup.js';
import type { Cell, Column, ColumnType, DataSet, DataSetSpec } from './types.js';
import { positions } from '../text/positions.js';

/** One cell as read from the file, before typing. In a worksheet, line and column are its row and column (1-based). */
export interface RawCell {
  text: string;
  /** JSON cells keep their native number; `invalid` marks an object/array where a cell should be. */
  num?: number;
  invalid?: boolean;
  line: number;
  column: number;
}

/**
 * One row as read. Cells are held as texts plus a flat array of positions (line, column, line,
 * column …), not as an object per cell: a 100,000-row table would otherwise make 600,000 objects.
 */
export interface RawRow {
  line: number;
  column: number;
  texts: string[];
  /** Positions of the cells from `base` on (shared by all rows of a CSV file). */
  pos: Int32Array;
  base: number;
  /** JSON and workbook cells keep their native number; `invalid` marks an object/array where a cell should be. */
  nums?: (number | undefined)[];
  invalid?: boolean[];
}

export function rowFromCells(cells: readonly RawCell[], line?: number, column?: number): RawRow {
  const pos = new Int32Array(cells.length * 2);
  cells.forEach((c, j) => {
    pos[2 * j] = c.line;
    pos[2 * j + 1] = c.column;
  });
  const row: RawRow = { line: line ?? cells[0]?.line ?? 1, column: column ?? cells[0]?.column ?? 1, texts: cells.map((c) => c.text), pos, base: 0 };
  if (cells.some((c) => c.num !== undefined)) row.nums = cells.map((c) => c.num);
  if (cells.some((c) => c.invalid)) row.invalid = cells.map((c) => c.invalid === true);
  return row;
}

/** Cell `j` of a row as an object (for messages and headers). */
export function cellOfRow(row: RawRow, j: number): RawCell {
  const at = row.base + 2 * j;
  const inRow = j < row.texts.length;
  const cell: RawCell = { text: row.texts[j] ?? '', line: inRow ? row.pos[at]! : row.line, column: inRow ? row.pos[at + 1]! : row.column };
  const num = row.nums?.[j];
  if (num !== undefined) cell.num = num;
  if (row.invalid?.[j]) cell.invalid = true;
  return cell;
}

export interface RawTable {
  header: RawCell[];
  rows: RawRow[];
  /** Rows are matched to the header by position (CSV, JSON columns/rows): ragged rows are errors. */
  positional: boolean;
  /** A worksheet's name: cells are then named like `file.xlsx!Sheet!B17`. */
  sheet?: string;
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

/** Cell texts taken as "no value" in number and date columns (they stay text in text columns). */
const MISSING = new Set(['na', 'n/a', 'n.a.', '-', '\u2013', '\u2014', '..', '...', '\u2026']);
const ISO_DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;
const YEAR_HEADER = /^(year|yr|fy|fiscal[ _]?year)$/i;

export interface LoadOptions {
  /**
   * A long table (one row per year × flow × product …), shaped by transforms before use: its first
   * column may repeat and may be empty.
   */
  long?: boolean;
}

/** The lower-case extension of a data file name. */
export function dataFileKind(file: string): string | undefined {
  return /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
}

export function parseDataSet(name: string, spec: DataSetSpec, text: string, options: LoadOptions = {}): { dataset?: DataSet; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const file = spec.file;
  const ext = dataFileKind(file);
  if (ext !== 'csv' && ext !== 'tsv' && ext !== 'json') {
    diagnostics.push(
      ext === 'xls'
        ? error(`dataset "${name}": "${file}" is an old Excel 97–2003 workbook (.xls)`, spec.at, 'open it in Excel and save it as an Excel Workbook (.xlsx) (File › Save As), then name the .xlsx file here')
        : error(`dataset "${name}": "${file}" is not a .csv, .tsv, .json or .xlsx file`, spec.at, 'save the data as CSV (in Excel: File › Save As › CSV UTF-8), as an Excel workbook (.xlsx) or as JSON'),
    );
    return { diagnostics };
  }
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') {
    diagnostics.push(error(`${file} is empty`, { file, line: 1, column: 1 }, `a dataset needs a header row naming the columns and at least one row of data, e.g.\n  year,value\n  2024,1.5`));
    return { diagnostics };
  }
  const table = ext === 'json' ? readJson(body, file, diagnostics) : readCsv(body, file, ext === 'tsv' ? '\t' : ',', diagnostics);
  if (!table) return { diagnostics };
  return finishDataSet(name, spec, table, diagnostics, options);
}

/** A table read from any format → typed DataSet, then the dataset's own `derive:`. */
export function finishDataSet(name: string, spec: DataSetSpec, table: RawTable, diagnostics: Diagnostic[], options: LoadOptions): { dataset?: DataSet; diagnostics: Diagnostic[] } {
  const dataset = tableToDataSet(name, spec, table, diagnostics, options);
  if (!dataset) return { diagnostics };
  if (spec.derive && Object.keys(spec.derive).length > 0) {
    const derived = deriveColumns(dataset, spec.derive, spec.at, spec.deriveAt);
    diagnostics.push(...derived.diagnostics);
    return { dataset: derived.dataset, diagnostics };
  }
  return { dataset, diagnostics };
}

// ---------------------------------------------------------------------------------------------
// Positions


/** csv-parse reports UTF-8 byte offsets; this turns increasing byte offsets into char offsets. */
function byteToChar(text: string): (byte: number) => number {
  let byte = 0;
  let char = 0;
  return (target) => {
    while (byte < target && char < text.length) {
      const cp = text.codePointAt(char)!;
      byte += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      char += cp > 0xffff ? 2 : 1;
    }
    return char;
  };
}

// ---------------------------------------------------------------------------------------------
// CSV

interface CsvField {
  value: string;
  /** Byte offset just past the field (where its delimiter is). */
  end: number;
}

/**
 * The common case in one pass: values and where each field starts, with the rules brief gives
 * csv-parse (double quotes with "" inside, spaces around values trimmed, empty lines skipped,
 * quotes inside an unquoted value kept). Undefined as soon as the text holds anything else (an
 * unclosed quote, text after a closing quote): csv-parse then reads the file and reports what is
 * wrong. test/data-csv-scan.test.ts checks the two agree on random text.
 *
 * Why not csv-parse for everything: it takes about 1 s on a 100,000-row × 6-column export, and
 * 4 s when asked for each field's position (an object per field); this pass takes a fraction.
 */
export function scanCsv(body: string, delimiter: string): { values: string[][]; pos: Int32Array; base: Int32Array } | undefined {
  const values: string[][] = [];
  let pos = new Int32Array(4096);
  let used = 0;
  let base = new Int32Array(1024);
  const d = delimiter.charCodeAt(0);
  const n = body.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const isSpace = (c: number) => c === 32 || (c === 9 && d !== 9);
  // A long export repeats the same few words (years, flows, products, partners) in every row: one
  // string per distinct short value instead of one per cell keeps the garbage collector out of it.
  const pool = new Map<number, string>();
  const interned = (start: number, end: number, known: number | undefined): string => {
    let hash = known ?? 0;
    if (known === undefined) for (let k = start; k < end; k++) hash = (Math.imul(hash, 31) + body.charCodeAt(k)) | 0;
    hash = (Math.imul(hash, 31) + (end - start)) | 0;
    const hit = pool.get(hash);
    if (hit !== undefined && hit.length === end - start && body.startsWith(hit, start)) return hit;
    const text = body.slice(start, end);
    if (pool.size < 65536) pool.set(hash, text);
    return text;
  };
  // csv-parse takes the first line end it meets as the record delimiter; mixed ends go to it.
  let ending = 0;
  const lineEnd = (at: number): number => {
    const kind = body.charCodeAt(at) === 13 ? (body.charCodeAt(at + 1) === 10 ? 3 : 1) : 2;
    if (ending === 0) ending = kind;
    return kind === ending ? (kind === 3 ? 2 : 1) : 0;
  };
  while (i < n) {
    const c0 = body.charCodeAt(i);
    if (c0 === 10 || c0 === 13) {
      const step = lineEnd(i);
      if (step === 0) return undefined;
      i += step;
      line++;
      lineStart = i;
      continue;
    }
    if (values.length + 1 >= base.length) {
      const bigger = new Int32Array(base.length * 2);
      bigger.set(base);
      base = bigger;
    }
    base[values.length] = used;
    const record: string[] = [];
    let quoted = false;
    for (;;) {
      while (i < n && isSpace(body.charCodeAt(i))) i++;
      if (used + 2 > pos.length) {
        const bigger = new Int32Array(pos.length * 2);
        bigger.set(pos);
        pos = bigger;
      }
      pos[used++] = line;
      pos[used++] = i - lineStart + 1;
      if (body.charCodeAt(i) === 34) {
        quoted = true;
        const start = i + 1;
        let doubled = false;
        i++;
        for (;;) {
          if (i >= n) return undefined;
          const c = body.charCodeAt(i);
          if (c === 34) {
            if (body.charCodeAt(i + 1) === 34) {
              doubled = true;
              i += 2;
              continue;
            }
            break;
          }
          if (c === 10 || c === 13) {
            const step = lineEnd(i);
            if (step === 0) return undefined;
            i += step;
            line++;
            lineStart = i;
            continue;
          }
          i++;
        }
        const raw = body.slice(start, i);
        record.push(doubled ? raw.replaceAll('""', '"') : raw);
        i++;
        while (i < n && isSpace(body.charCodeAt(i))) i++;
        const after = body.charCodeAt(i);
        if (i < n && after !== d && after !== 10 && after !== 13) return undefined;
      } else {
        const start = i;
        let hash = 0;
        while (i < n) {
          const c = body.charCodeAt(i);
          if (c === d || c === 10 || c === 13) break;
          hash = (Math.imul(hash, 31) + c) | 0;
          i++;
        }
        let end = i;
        while (end > start && isSpace(body.charCodeAt(end - 1))) end--;
        record.push(end - start > 24 ? body.slice(start, end) : interned(start, end, end === i ? hash : undefined));
      }
      if (i < n && body.charCodeAt(i) === d) {
        i++;
        continue;
      }
      break;
    }
    // A line of spaces alone is an empty line to csv-parse.
    if (record.length === 1 && record[0] === '' && !quoted) used = base[values.length]!;
    else values.push(record);
    if (i < n) {
      const step = lineEnd(i);
      if (step === 0) return undefined;
      i += step;
      line++;
      lineStart = i;
    }
  }
  return { values, pos, base };
}

function readCsv(body: string, file: string, delimiter: string, diagnostics: Diagnostic[]): RawTable | undefined {
  const fast = scanCsv(body, delimiter);
  if (fast) {
    const rows: RawRow[] = [];
    const { values, pos } = fast;
    for (let k = 0; k < values.length; k++) {
      const texts = values[k]!;
      if (texts.every((v) => v === '')) continue;
      const base = fast.base[k]!;
      rows.push({ line: pos[base]!, column: pos[base + 1]!, texts, pos, base });
    }
    if (rows.length > 0) return csvTable(rows, file, delimiter, diagnostics);
  }
  const pos = positions(body);
  const records: { fields: CsvField[]; end: number }[] = [];
  try {
    parseCsv(body, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      cast: (value: string, ctx: { bytes: number }): CsvField => ({ value, end: ctx.bytes }),
      on_record: (record: unknown, ctx: { bytes: number }) => {
        records.push({ fields: record as CsvField[], end: ctx.bytes });
        return null;
      },
    });
  } catch (e) {
    const err = e as { code?: string; message: string; lines?: number };
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      // The unclosed quote is in the record after the last one read.
      const start = records.length ? byteToChar(body)(records[records.length - 1]!.end) : 0;
      let i = start;
      while (body[i] === '\r' || body[i] === '\n') i++;
      const quote = body.indexOf('"', i);
      diagnostics.push(
        error(
          'a quoted value is never closed: the rest of the file was read as one cell',
          { file, ...pos(quote === -1 ? i : quote) },
          'close the value with a second " (a " inside a quoted value is written "")',
        ),
      );
    } else if (err.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE' || err.code === 'CSV_INVALID_CLOSING_QUOTE') {
      diagnostics.push(
        error(
          `${file} is not valid CSV: text follows the closing quote of a value`,
          { file, line: err.lines ?? 1 },
          'a quoted value ends at its closing "; to put a " inside it, double it (""), e.g. "the ""new"" rate"',
        ),
      );
    } else {
      const message = err.message.replace(/^[^:]*:\s*/, '').replace(/\s+at line \d+.*$/, '');
      diagnostics.push(
        error(`${file} is not valid CSV: ${message}`, { file, line: err.lines ?? 1 }, 'a value with a comma, a quote or a line break must be in double quotes, with any " inside it doubled ("")'),
      );
    }
    return undefined;
  }

  const toChar = byteToChar(body);
  const rows: RawRow[] = [];
  let recordStart = 0;
  for (const rec of records) {
    const cells: RawCell[] = [];
    let fieldStart = recordStart;
    rec.fields.forEach((f, j) => {
      let c = toChar(fieldStart);
      // Skip what csv-parse skipped: blank (or whitespace-only) lines before a record, and the
      // spaces it trimmed before a value.
      if (j === 0) while (body[c] === '\r' || body[c] === '\n' || body[c] === ' ' || (body[c] === '\t' && delimiter !== '\t')) c++;
      while (body[c] === ' ' || (body[c] === '\t' && delimiter !== '\t')) c++;
      cells.push({ text: f.value, ...pos(c) });
      fieldStart = f.end + 1;
    });
    recordStart = rec.end;
    // Blank rows (",,,," as spreadsheets write them, or spaces only) are skipped.
    if (cells.every((cell) => cell.text === '')) continue;
    rows.push(rowFromCells(cells));
  }
  if (rows.length === 0) {
    diagnostics.push(error(`${file} is empty`, { file, line: 1, column: 1 }, 'a dataset needs a header row naming the columns and at least one row of data'));
    return undefined;
  }
  return csvTable(rows, file, delimiter, diagnostics);
}

function csvTable(rows: RawRow[], file: string, delimiter: string, diagnostics: Diagnostic[]): RawTable | undefined {
  const [headerRow, ...dataRows] = rows as [RawRow, ...RawRow[]];
  const headerCells = headerRow.texts.map((_, j) => cellOfRow(headerRow, j));
  if (headerCells.length === 1) {
    const sep = [';', '\t', '|'].find((s) => headerCells[0]!.text.includes(s));
    if (sep && sep !== delimiter) {
      const shown = sep === '\t' ? 'tabs' : `"${sep}"`;
      diagnostics.push(
        error(
          `${file} has a single column "${headerCells[0]!.text}": its values seem to be separated by ${shown}, not commas`,
          { file, line: headerRow.line, column: headerRow.column },
          'save it as comma-separated CSV (in Excel: File › Save As › CSV UTF-8 (Comma delimited))',
        ),
      );
      return undefined;
    }
  }
  return { header: headerCells, rows: dataRows, positional: true };
}

// ---------------------------------------------------------------------------------------------
// JSON: an array of objects, or {"columns": [...], "rows": [[...], ...]}

const JSON_SHAPES = 'a JSON dataset is an array of objects, [{"year": 2015, "exports": 137.1}, …], or {"columns": ["year", "exports"], "rows": [[2015, 137.1], …]}';

function readJson(body: string, file: string, diagnostics: Diagnostic[]): RawTable | undefined {
  const pos = positions(body);
  try {
    JSON.parse(body);
  } catch (e) {
    const message = (e as Error).message;
    const m = /at position (\d+)/.exec(message);
    const at = m ? pos(Number(m[1])) : { line: 1, column: 1 };
    const what = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    diagnostics.push(error(`${file} is not valid JSON: ${what}`, { file, ...at }, 'check for a missing comma or quote, or a comma after the last item'));
    return undefined;
  }
  // JSON is YAML; the yaml parser keeps each node's place in the text.
  const doc = parseDocument(body, { uniqueKeys: true });
  for (const err of doc.errors) {
    const at = pos(err.pos[0]);
    diagnostics.push(error(`${file}: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, { file, ...at }));
  }
  if (doc.errors.length) return undefined;
  const at = (node: YamlNode | null | undefined): { line: number; column: number } => pos(node?.range?.[0] ?? 0);
  const cellOf = (node: unknown): RawCell => {
    const p = at(node as YamlNode);
    if (node === null || node === undefined) return { text: '', ...p };
    if (!isScalar(node)) return { text: '', invalid: true, ...p };
    const v = node.value;
    if (typeof v === 'number') return { text: String(v), num: v, ...p };
    if (v === null) return { text: '', ...p };
    return { text: String(v).trim(), ...p };
  };

  const root = doc.contents;
  if (isSeq(root)) {
    const header: RawCell[] = [];
    const index = new Map<string, number>();
    const rows: RawRow[] = [];
    const objects: { line: number; column: number; cells: RawCell[] }[] = [];
    for (const item of root.items) {
      if (!isMap(item)) {
        diagnostics.push(error(`${file}: each item of the array must be an object with one value per column`, { file, ...at(item as YamlNode) }, JSON_SHAPES));
        return undefined;
      }
      const cells: RawCell[] = [];
      for (const pair of item.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        let j = index.get(key);
        if (j === undefined) {
          j = header.length;
          index.set(key, j);
          header.push({ text: key, ...at(pair.key as YamlNode) });
        }
        cells[j] = cellOf(pair.value);
      }
      const p = at(item);
      objects.push({ ...p, cells });
    }
    // Keys missing from an object are empty cells at the object's place.
    for (const row of objects) {
      for (let j = 0; j < header.length; j++) row.cells[j] ??= { text: '', line: row.line, column: row.column };
      rows.push(rowFromCells(row.cells, row.line, row.column));
    }
    if (header.length === 0) {
      diagnostics.push(error(`${file} is empty`, { file, line: 1, column: 1 }, JSON_SHAPES));
      return undefined;
    }
    return { header, rows, positional: false };
  }
  if (isMap(root) && root.has('columns') && root.has('rows')) {
    const columns = root.get('columns', true);
    const rowsNode = root.get('rows', true);
    if (!isSeq(columns) || !isSeq(rowsNode)) {
      diagnostics.push(error(`${file}: "columns" and "rows" must both be arrays`, { file, ...at(root) }, JSON_SHAPES));
      return undefined;
    }
    const header = columns.items.map((n) => cellOf(n));
    const rows: RawRow[] = [];
    for (const item of rowsNode.items) {
      if (!isSeq(item)) {
        diagnostics.push(error(`${file}: each row must be an array of values, in the order of "columns"`, { file, ...at(item as YamlNode) }, JSON_SHAPES));
        return undefined;
      }
      const p = at(item);
      rows.push(rowFromCells(item.items.map((n) => cellOf(n)), p.line, p.column));
    }
    return { header, rows, positional: true };
  }
  diagnostics.push(error(`${file}: unexpected JSON layout`, { file, ...at(root) }, JSON_SHAPES));
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Typing

function tableToDataSet(name: string, spec: DataSetSpec, table: RawTable, diagnostics: Diagnostic[], options: LoadOptions): DataSet | undefined {
  const file = spec.file;
  const sheet = table.sheet;
  const where = (cell: { line: number; column: number }): SourcePoint =>
    sheet !== undefined ? { file: `${file}!${sheet}!${cellName(cell.line, cell.column)}` } : { file, line: cell.line, column: cell.column };
  const header = table.header;

  // A header row that looks like data means the header is missing.
  if (table.positional) {
    const first = header[0]!;
    const looksLikeData = (t: string) => parseNumber(t) !== undefined || ISO_DATE.test(t);
    if (looksLikeData(first.text) || (header.length > 1 && header.every((c) => looksLikeData(c.text)))) {
      diagnostics.push(
        error(
          `${file} has no header row: its first row starts with the value "${first.text}"`,
          where(first),
          `add a first line naming the columns, e.g. ${suggestHeader(header.length)}`,
        ),
      );
      return undefined;
    }
  }

  // Drop trailing extra cells that are empty (a trailing comma), then check the row lengths.
  const width = header.length;
  const rows: RawRow[] = [];
  for (const row of table.rows) {
    let length = row.texts.length;
    while (table.positional && length > width && row.texts[length - 1] === '' && !row.invalid?.[length - 1]) length--;
    if (table.positional && length !== width) {
      const extra = length > width ? cellOfRow(row, width) : undefined;
      const split = length > width ? splitThousands(row.texts.slice(0, length), width) : undefined;
      diagnostics.push(
        error(
          `this row has ${length} value${length === 1 ? '' : 's'} but the header has ${width} column${width === 1 ? '' : 's'}`,
          split ? where(cellOfRow(row, split.index)) : extra ? where(extra) : where(row),
          split
            ? `${split.number} reads as ${split.number.split(',').length} values: a number with a thousands comma must be in double quotes, "${split.number}", or written without the comma, ${split.number.replace(/,/g, '')}`
            : length > width
              ? `a value that contains a comma must be in double quotes, e.g. "1,234.5"; the first extra value is "${extra!.text}"`
              : 'every row needs one value per column; leave a cell empty (,,) when the value is missing',
        ),
      );
      continue;
    }
    rows.push(row);
  }

  // Header names: present and distinct. A nameless column with no values is ignored.
  const keep: number[] = [];
  let headerBroken = false;
  const seen = new Map<string, RawCell>();
  header.forEach((cell, j) => {
    const label = cell.text;
    if (label === '') {
      if (rows.every((r) => r.texts[j] === '' && !r.invalid?.[j])) {
        diagnostics.push(warning(`column ${j + 1} has no name and no values; it is ignored`, where(cell)));
        return;
      }
      const sample = rows.find((r) => r.texts[j] !== '')?.texts[j] ?? '';
      headerBroken = true;
      diagnostics.push(error(`column ${j + 1} has no name`, where(cell), `write a name for it in the header row (its first value is "${sample}")`));
      return;
    }
    const prior = seen.get(label);
    if (prior) {
      headerBroken = true;
      diagnostics.push(
        error(
          `column name "${label}" is used twice (columns ${header.indexOf(prior) + 1} and ${j + 1})`,
          where(cell),
          `the first is at line ${prior.line}, column ${prior.column}; give each column its own name`,
        ),
      );
      return;
    }
    seen.set(label, cell);
    keep.push(j);
  });
  if (headerBroken) return undefined;

  if (table.rows.length === 0) {
    diagnostics.push(error(`${file} has a header but no data rows`, where(header[0]!), 'add at least one row of data under the header'));
    return undefined;
  }

  const columns: Column[] = keep.map((j, k) => ({
    ...typeColumn(header[j]!.text, j, k === 0, rows, where, sheet !== undefined, diagnostics, header[j]),
    ...(sheet !== undefined ? { sourceIndex: header[j]!.column - 1 } : {}),
  }));
  const category = columns[0]!;

  // Categories: present and distinct (a long table repeats them by nature).
  const firstSeen = new Map<string, RawRow>();
  if (!options.long) rows.forEach((row, i) => {
    const v = category.values[i];
    const cell = cellOfRow(row, keep[0]!);
    if (v === null || v === undefined) {
      if (cell.text === '' || MISSING.has(cell.text.toLowerCase())) {
        diagnostics.push(
          error(
            `the category (first column, "${category.name}") of this row is empty`,
            where(cell),
            `every row needs a value in "${category.name}": charts use it as the category and {{ }} references look rows up by it`,
          ),
        );
      }
      return;
    }
    const key = `${typeof v}:${v}`;
    const prior = firstSeen.get(key);
    if (prior) {
      diagnostics.push(
        error(
          sheet !== undefined
            ? `duplicate category "${v}" in column "${category.name}": cells ${cellName(prior.line, cell.column)} and ${cellName(row.line, cell.column)}`
            : `duplicate category "${v}" in column "${category.name}": lines ${prior.line} and ${row.line}`,
          where(cell),
          `each row needs its own value in the first column "${category.name}"; merge or remove one of the two rows, or, for a long table (one row per year × product …), shape it with transform: (group, pivot) in deck.yaml`,
        ),
      );
      return;
    }
    firstSeen.set(key, row);
  });

  return {
    name,
    file,
    ...(spec.source !== undefined ? { source: spec.source } : {}),
    ...(spec.units !== undefined ? { units: spec.units } : {}),
    columns,
    rowLines: rows.map((r) => r.line),
    categoryColumn: category.name,
    ...(sheet !== undefined ? { sheet } : {}),
    ...(options.long ? { long: true } : {}),
  };
}

type Kind = 'empty' | 'number' | 'date' | 'other';
const KINDS: readonly Kind[] = ['empty', 'number', 'date', 'other'];
const KIND_CODE: Record<Kind, number> = { empty: 0, number: 1, date: 2, other: 3 };

function typeColumn(
  name: string,
  j: number,
  isFirst: boolean,
  rows: RawRow[],
  where: (c: RawCell) => SourcePoint,
  inSheet: boolean,
  diagnostics: Diagnostic[],
  header?: RawCell,
): Column {
  const n = rows.length;
  const cell = (i: number) => cellOfRow(rows[i]!, j);
  // The number of each cell is kept from typing, so that each text is parsed once.
  const parsed = new Float64Array(n);
  const kinds = new Uint8Array(n);
  let numbers = 0;
  let dates = 0;
  let others = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const text = r.texts[j]!;
    const native = r.nums?.[j];
    let k: Kind;
    if (r.invalid?.[j]) k = 'other';
    else if (native !== undefined) {
      k = 'number';
      parsed[i] = native;
    } else if (text === '' || MISSING.has(text.toLowerCase())) k = 'empty';
    else {
      const num = parseNumber(text);
      if (num !== undefined) {
        k = 'number';
        parsed[i] = num;
      } else k = isIsoDate(text) ? 'date' : 'other';
    }
    kinds[i] = KIND_CODE[k];
    if (k === 'number') numbers++;
    else if (k === 'date') dates++;
    else if (k === 'other') others++;
  }
  const kindAt = (i: number): Kind => KINDS[kinds[i]!]!;
  const label = (c: RawCell) => (inSheet ? `cell ${cellName(c.line, c.column)}, column "${name}"` : `line ${c.line}, column "${name}" (field ${j + 1})`);

  for (let i = 0; i < n; i++) {
    if (rows[i]!.invalid?.[j]) {
      const c = cell(i);
      diagnostics.push(error(`${label(c)}: a cell must be a number, text or null, not an object or array`, where(c)));
    }
  }

  let type: ColumnType;
  let values: Cell[];
  if (numbers > dates + others || (numbers === 0 && dates === 0 && others === 0)) {
    values = new Array<Cell>(n);
    for (let i = 0; i < n; i++) {
      const k = kindAt(i);
      if (k === 'number') {
        values[i] = parsed[i]!;
        continue;
      }
      values[i] = null;
      if (k !== 'empty' && !rows[i]!.invalid?.[j]) {
        const c = cell(i);
        diagnostics.push(error(`${label(c)}: "${c.text}" is not a number`, where(c), numberHint(c.text, name)));
      }
    }
    const nums = values.filter((v): v is number => v !== null);
    const yearLike = nums.length > 0 && nums.every((v) => Number.isInteger(v) && v >= 1000 && v <= 2999);
    type = yearLike && (isFirst || YEAR_HEADER.test(name)) ? 'year' : 'number';
  } else if (dates > numbers + others) {
    type = 'date';
    values = rows.map((r, i) => {
      if (kindAt(i) === 'date') return r.texts[j]!;
      if (kindAt(i) !== 'empty' && !r.invalid?.[j]) {
        const c = cell(i);
        diagnostics.push(error(`${label(c)}: "${c.text}" is not a date`, where(c), `the other values in "${name}" are dates; write dates as YYYY-MM-DD (or YYYY-MM), e.g. 2024-03-31`));
      }
      return null;
    });
  } else {
    type = 'text';
    values = rows.map((r) => (r.texts[j] === '' || r.invalid?.[j] ? null : r.texts[j]!));
    const percents = rows.flatMap((r, i) => (kindAt(i) === 'other' && PERCENT.test(r.texts[j]!) ? [r.texts[j]!] : []));
    if (!isFirst && header && percents.length > 0 && percents.length === others) {
      const shown = percents.slice(0, 2).map((t) => `"${t}"`).join(', ');
      const first = percents[0]!.replace(PERCENT, '$1');
      const ratio = Number(parseNumber(first)) / 100;
      diagnostics.push(
        error(
          `column "${name}" holds percentages written as text (${shown}${percents.length > 2 ? ', …' : ''}), which cannot be charted or computed`,
          where(header),
          `write the numbers without "%": as fractions (${first}% → ${Number(ratio.toPrecision(6))}) shown with a percent format such as format: '0.0%', or as plain numbers (${first}) in a column named e.g. ${name}_pct`,
        ),
      );
    }
  }
  return { name, type, values };
}

const PERCENT = /^([+-]?[\d.,]+)\s*%$/;

/** A number written with a thousands comma and no quotes, which CSV reads as two or more cells. */
function splitThousands(texts: readonly string[], width: number): { index: number; number: string } | undefined {
  const extra = texts.length - width;
  for (let j = 0; j + 1 < texts.length; j++) {
    if (!/^[+-]?\d{1,3}$/.test(texts[j]!) || !/^\d{3}(\.\d+)?$/.test(texts[j + 1]!)) continue;
    let k = j + 1;
    while (k + 1 < texts.length && /^\d{3}$/.test(texts[k]!) && /^\d{3}(\.\d+)?$/.test(texts[k + 1]!)) k++;
    if (k - j !== extra) continue;
    return { index: j, number: texts.slice(j, k + 1).join(',') };
  }
  return undefined;
}

function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  const days = new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
  return day >= 1 && day <= days;
}

function numberHint(text: string, column: string): string {
  if (/^[+-]?\d+,\d{1,2}$/.test(text) || /^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(text)) {
    return `write a decimal point, not a comma: ${text.replace(/\./g, '').replace(',', '.')}; a comma may only separate thousands (1,234.5)`;
  }
  if (/%\s*$/.test(text)) return `write the number without "%" (e.g. ${text.replace(/\s*%\s*$/, '')}) and show it as a percentage with a number format`;
  if (/^[^\d+\-.]+\s*[\d.,]+$|^[\d.,]+\s*[^\d\s.,]+$/.test(text) && parseNumber(text.replace(/[^\d.,+-]/g, '')) !== undefined) {
    return `write the number alone (${text.replace(/[^\d.,+-]/g, '')}); put the unit in deck.yaml ("units:") or in the number format`;
  }
  if (/^(nan|[+-]?inf(inity)?)$/i.test(text)) return 'leave the cell empty when the value is missing';
  return `the other values in "${column}" are numbers; write a number such as 1234.5 (a thousands separator needs quotes: "1,234.5"), or leave the cell empty when the value is missing`;
}

function suggestHeader(width: number): string {
  const names = ['year', 'value', 'value2', 'value3', 'value4'];
  return Array.from({ length: Math.max(1, width) }, (_, i) => names[i] ?? `column${i + 1}`).join(',');
}
