/**
 * Datasets: CSV (read from its bytes, csv.ts; csv-parse for what that scan refuses) or JSON in, a typed DataSet out. Pure: the caller reads the file.
 *
 * Every diagnostic points at the file, the line and the character column of the cell (1-based,
 * counted in UTF-16 code units like editors do), and names the column and the bad value.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { didYouMean, error, warning } from '../diagnostics.js';
import type { Diagnostic, SourcePoint } from '../diagnostics.js';
import { deriveColumns } from './derive.js';
import { parseNumber } from './lookup.js';
import type { Cell, Column, ColumnType, DataSet, DataSetSpec } from './types.js';
import { positions } from '../text/positions.js';
import { CsvCells, csvRecord, scanCsv } from './csv.js';
import { RowCells, TO_JUDGE, cellName, cellOf } from './raw.js';
import type { Cells, RawCell, RawRow, RawTable } from './raw.js';
import { decodeText } from './encoding.js';

export { cellName } from './raw.js';
export type { RawCell, RawTable, Cells } from './raw.js';

/** Cell texts taken as "no value" in number and date columns (they stay text in text columns). */
const MISSING = new Set(['na', 'n/a', 'n.a.', '-', '\u2013', '\u2014', '..', '...', '\u2026']);
const ISO_DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;
/** Column names that mean a year (refYear as UN Comtrade writes it, 년도 as Korean portals do). */
const YEAR_HEADER = /(^|[^a-z])year$|[a-z]Year$|^(yr|fy)$|^(년도|연도|년|年度|年份|年)$/i;

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

export function parseDataSet(name: string, spec: DataSetSpec, input: string | Uint8Array, options: LoadOptions = {}): { dataset?: DataSet; diagnostics: Diagnostic[] } {
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
  const bytes = typeof input === 'string' ? Buffer.from(input.startsWith('\uFEFF') ? input.slice(1) : input, 'utf8') : decodeText(name, input, spec, diagnostics);
  if (!bytes) return { diagnostics };
  if (isBlank(bytes)) {
    diagnostics.push(error(`${file} is empty`, { file, line: 1, column: 1 }, `a dataset needs a header row naming the columns and at least one row of data, e.g.\n  year,value\n  2024,1.5`));
    return { diagnostics };
  }
  const table = ext === 'json' ? readJson(bytes.toString('utf8'), file, diagnostics) : readCsv(bytes, file, ext === 'tsv' ? '\t' : ',', spec, diagnostics);
  if (!table) return { diagnostics };
  return finishDataSet(name, spec, table, diagnostics, options);
}

function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
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

function readCsv(bytes: Buffer, file: string, delimiter: string, spec: DataSetSpec, diagnostics: Diagnostic[]): RawTable | undefined {
  const fast = scanCsv(bytes, delimiter);
  if (fast && fast.records > 0) {
    let k = 0;
    if (spec.header !== undefined) {
      while (k < fast.records && fast.recLine[k]! < spec.header) k++;
      if (k === fast.records || fast.recLine[k] !== spec.header) {
        headerLineMissing(spec, file, diagnostics);
        return undefined;
      }
    }
    const header = csvRecord(fast, k);
    return csvTable({ line: fast.recLine[k]!, column: header[0]?.column ?? 1 }, header, new CsvCells(fast, k), file, delimiter, diagnostics);
  }
  const body = bytes.toString('utf8');
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
    rows.push({ line: cells[0]!.line, column: cells[0]!.column, cells });
  }
  if (rows.length === 0) {
    diagnostics.push(error(`${file} is empty`, { file, line: 1, column: 1 }, 'a dataset needs a header row naming the columns and at least one row of data'));
    return undefined;
  }
  if (spec.header !== undefined) {
    const k = rows.findIndex((r) => r.line === spec.header);
    if (k === -1) {
      headerLineMissing(spec, file, diagnostics);
      return undefined;
    }
    rows.splice(0, k);
  }
  const [first, ...data] = rows as [RawRow, ...RawRow[]];
  return csvTable(first, first.cells, new RowCells(data), file, delimiter, diagnostics);
}

function headerLineMissing(spec: DataSetSpec, file: string, diagnostics: Diagnostic[]): void {
  diagnostics.push(error(`header: line ${spec.header} of ${file} holds no row (it is empty, inside a quoted value or past the end)`, spec.headerAt ?? spec.at, 'name the line that holds the column names, as your editor numbers it'));
}

function csvTable(first: { line: number; column: number }, headerCells: RawCell[], cells: Cells, file: string, delimiter: string, diagnostics: Diagnostic[]): RawTable | undefined {
  if (headerCells.length === 1) {
    const sep = [';', '\t', '|'].find((s) => headerCells[0]!.text.includes(s));
    if (sep && sep !== delimiter) {
      const shown = sep === '\t' ? 'tabs' : `"${sep}"`;
      diagnostics.push(
        error(
          `${file} has a single column "${headerCells[0]!.text}": its values seem to be separated by ${shown}, not commas`,
          { file, line: first.line, column: first.column },
          'save it as comma-separated CSV (in Excel: File › Save As › CSV UTF-8 (Comma delimited))',
        ),
      );
      return undefined;
    }
  }
  return { header: headerCells, cells, positional: true };
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
  const jsonCell = (node: unknown): RawCell => {
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
        cells[j] = jsonCell(pair.value);
      }
      const p = at(item);
      objects.push({ ...p, cells });
    }
    // Keys missing from an object are empty cells at the object's place.
    for (const row of objects) {
      for (let j = 0; j < header.length; j++) row.cells[j] ??= { text: '', line: row.line, column: row.column };
      rows.push({ line: row.line, column: row.column, cells: row.cells });
    }
    if (header.length === 0) {
      diagnostics.push(error(`${file} is empty`, { file, line: 1, column: 1 }, JSON_SHAPES));
      return undefined;
    }
    return { header, cells: new RowCells(rows), positional: false };
  }
  if (isMap(root) && root.has('columns') && root.has('rows')) {
    const columns = root.get('columns', true);
    const rowsNode = root.get('rows', true);
    if (!isSeq(columns) || !isSeq(rowsNode)) {
      diagnostics.push(error(`${file}: "columns" and "rows" must both be arrays`, { file, ...at(root) }, JSON_SHAPES));
      return undefined;
    }
    const header = columns.items.map((n) => jsonCell(n));
    const rows: RawRow[] = [];
    for (const item of rowsNode.items) {
      if (!isSeq(item)) {
        diagnostics.push(error(`${file}: each row must be an array of values, in the order of "columns"`, { file, ...at(item as YamlNode) }, JSON_SHAPES));
        return undefined;
      }
      const p = at(item);
      rows.push({ ...p, cells: item.items.map((n) => jsonCell(n)) });
    }
    return { header, cells: new RowCells(rows), positional: true };
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

  const cells = table.cells;
  const rowName = (line: number) => (sheet !== undefined ? `row ${line}` : `line ${line}`);

  // A title above the header (as portals export: "수출입 실적 (단위: 천달러)", a blank row, then the
  // header) is read as the header row unless deck.yaml says where the header is.
  const realHeader = spec.header === undefined ? headerBelowTitle(header, cells) : undefined;
  if (realHeader !== undefined) {
    const line = cells.rowLine(realHeader);
    const names = Array.from({ length: cells.width(realHeader) }, (_, j) => cells.text(realHeader, j)).filter((t) => t !== '');
    diagnostics.push(
      error(
        `${rowName(header[0]!.line)} ("${header[0]!.text}") looks like a title, not the header: ${rowName(line)} holds the column names (${names.map((t) => `"${t}"`).join(', ')})`,
        where(header[0]!),
        `start at the header with \`header: ${line}\` in the dataset's entry in deck.yaml (the rows above it are left out)`,
      ),
    );
    return undefined;
  }

  // Notes below the data ("※ 자료: 한국무역협회", "Source: …"): rows at the end whose only value is
  // text in the first column, after a blank row or starting like a note, are left out.
  let dataRows = cells.rows;
  if (header.length >= 2) {
    let k = cells.rows;
    while (k > 0 && isNoteRow(cells, k - 1)) k--;
    const marked = (i: number) => NOTE_MARK.test(cells.text(i, 0));
    const apart = k > 0 && k < cells.rows && cells.rowLine(k) > cells.rowLine(k - 1) + 1;
    if (k > 0 && k < cells.rows && (apart || Array.from({ length: cells.rows - k }, (_, x) => k + x).every(marked))) {
      const notes = Array.from({ length: cells.rows - k }, (_, x) => k + x);
      if (!notes.every(marked)) {
        diagnostics.push(
          warning(
            `${notes.length === 1 ? 'the row' : `${notes.length} rows`} below the data ${notes.length === 1 ? 'is' : 'are'} read as a note and left out: ${notes.map((i) => `${rowName(cells.rowLine(i))} ("${cells.text(i, 0)}")`).join(', ')}`,
            where(cells.at(notes[0]!, 0)),
            'a row with text in its first cell only, after a blank row, is taken for a note; give the row its values if it is data',
          ),
        );
      }
      dataRows = k;
    }
  }

  // Drop trailing extra cells that are empty (a trailing comma), then check the row lengths.
  const width = header.length;
  const texts = (i: number, length: number) => Array.from({ length }, (_, j) => cells.text(i, j));
  const rowWhere = (i: number): SourcePoint => where({ line: cells.rowLine(i), column: cells.rowColumn(i) });
  let kept = new Int32Array(dataRows);
  let n = 0;
  for (let i = 0; i < dataRows; i++) {
    let length = cells.width(i);
    while (table.positional && length > width && cells.empty(i, length - 1)) length--;
    if (table.positional && length !== width) {
      const extra = length > width ? cellOf(cells, i, width) : undefined;
      const split = length > width ? splitThousands(texts(i, length), width) : undefined;
      diagnostics.push(
        error(
          `this row has ${length} value${length === 1 ? '' : 's'} but the header has ${width} column${width === 1 ? '' : 's'}`,
          split ? where(cells.at(i, split.index)) : extra ? where(extra) : rowWhere(i),
          split
            ? `${split.number} reads as ${split.number.split(',').length} values: a number with a thousands comma must be in double quotes, "${split.number}", or written without the comma, ${split.number.replace(/,/g, '')}`
            : length > width
              ? `a value that contains a comma must be in double quotes, e.g. "1,234.5"; the first extra value is "${extra!.text}"`
              : 'every row needs one value per column; leave a cell empty (,,) when the value is missing',
        ),
      );
      continue;
    }
    kept[n++] = i;
  }
  if (n < kept.length) kept = kept.slice(0, n);
  const rows = kept;

  // Header names: present and distinct. A nameless column with no values is ignored.
  const keep: number[] = [];
  let headerBroken = false;
  const seen = new Map<string, RawCell>();
  header.forEach((cell, j) => {
    const label = cell.text;
    if (label === '') {
      let firstValue = -1;
      for (let k = 0; k < n && firstValue < 0; k++) if (!cells.empty(rows[k]!, j)) firstValue = rows[k]!;
      if (firstValue < 0) {
        diagnostics.push(warning(`column ${j + 1} has no name and no values; it is ignored`, where(cell)));
        return;
      }
      const sample = cells.text(firstValue, j);
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
  for (const wanted of spec.text ?? []) {
    if (seen.has(wanted)) continue;
    const guess = didYouMean(wanted, [...seen.keys()]);
    diagnostics.push(error(`"text" names a column "${wanted}" that ${file} does not have`, spec.textAt ?? spec.at, `${guess ? `did you mean "${guess}"? ` : ''}its columns are ${[...seen.keys()].map((k) => `"${k}"`).join(', ')}`));
    return undefined;
  }

  if (cells.rows === 0) {
    diagnostics.push(error(`${file} has a header but no data rows`, where(header[0]!), 'add at least one row of data under the header'));
    return undefined;
  }

  const columns: Column[] = keep.map((j, k) => ({
    ...typeColumn(header[j]!.text, j, k === 0, cells, rows, where, sheet !== undefined, diagnostics, header[j], spec.text?.includes(header[j]!.text) ?? false),
    ...(sheet !== undefined ? { sourceIndex: header[j]!.column - 1 } : {}),
  }));
  const category = columns[0]!;

  // Categories: present and distinct (a long table repeats them by nature).
  const firstSeen = new Map<string, number>();
  if (!options.long) for (let k = 0; k < n; k++) {
    const i = rows[k]!;
    const v = category.values[k];
    if (v === null || v === undefined) {
      const text = cells.text(i, keep[0]!);
      if (text === '' || MISSING.has(text.toLowerCase())) {
        diagnostics.push(
          error(
            `the category (first column, "${category.name}") of this row is empty`,
            where(cells.at(i, keep[0]!)),
            `every row needs a value in "${category.name}": charts use it as the category and {{ }} references look rows up by it`,
          ),
        );
      }
      continue;
    }
    const key = `${typeof v}:${v}`;
    const prior = firstSeen.get(key);
    if (prior !== undefined) {
      const cell = cells.at(i, keep[0]!);
      diagnostics.push(
        error(
          sheet !== undefined
            ? `duplicate category "${v}" in column "${category.name}": cells ${cellName(cells.rowLine(prior), cell.column)} and ${cellName(cells.rowLine(i), cell.column)}`
            : `duplicate category "${v}" in column "${category.name}": lines ${cells.rowLine(prior)} and ${cells.rowLine(i)}`,
          where(cell),
          `each row needs its own value in the first column "${category.name}"; merge or remove one of the two rows, or, for a long table (one row per year × product …), shape it with transform: (group, pivot) in deck.yaml`,
        ),
      );
      continue;
    }
    firstSeen.set(key, i);
  }

  const rowLines = new Array<number>(n);
  for (let k = 0; k < n; k++) rowLines[k] = cells.rowLine(rows[k]!);
  return {
    name,
    file,
    ...(spec.source !== undefined ? { source: spec.source } : {}),
    ...(spec.units !== undefined ? { units: spec.units } : {}),
    columns,
    rowLines,
    categoryColumn: category.name,
    ...(sheet !== undefined ? { sheet } : {}),
    ...(options.long ? { long: true } : {}),
  };
}

/** How notes under a table start: ※ * † Note Source 주 자료 출처 注 资料 来源. */
const NOTE_MARK = /^(※|\*|†|‡|¹|note|source|주\s*[:)）]|주석|자료|출처|注|资料|來源|来源|出所|\(\s*\d+\s*\))/i;

/** A row whose only value is text in its first cell. */
function isNoteRow(cells: Cells, i: number): boolean {
  if (cells.empty(i, 0) || cells.number(i, 0) === cells.number(i, 0)) return false;
  for (let j = 1; j < cells.width(i); j++) if (!cells.empty(i, j)) return false;
  const text = cells.text(i, 0);
  return parseNumber(text) === undefined && !ISO_DATE.test(text);
}

/**
 * When the header row holds one text in its first cell and a row below it (within the first ten)
 * holds only texts, two or more of them, that row is the header and the first a title: its index.
 */
function headerBelowTitle(header: readonly RawCell[], cells: Cells): number | undefined {
  if (header[0]?.text === '' || header.slice(1).some((c) => c.text !== '')) return undefined;
  for (let i = 0; i < Math.min(cells.rows, 10); i++) {
    let filled = 0;
    let texts = true;
    for (let j = 0; j < cells.width(i); j++) {
      if (cells.empty(i, j)) continue;
      filled++;
      const t = cells.text(i, j);
      if (cells.number(i, j) === cells.number(i, j) || parseNumber(t) !== undefined || ISO_DATE.test(t)) texts = false;
    }
    if (filled >= 2) return texts && i + 1 < cells.rows ? i : undefined;
  }
  return undefined;
}

const EMPTY = 0;
const NUMBER = 1;
const DATE = 2;
const OTHER = 3;
/** "n/a", "-", "…": no value in a number or date column, kept as written in a text column. */
const MISSING_TEXT = 4;

/**
 * One column's type and values. Each cell is classified once: a number read straight from the
 * cell (no string made), else its text: empty, a number in another spelling, a date, or other.
 */
function typeColumn(
  name: string,
  j: number,
  isFirst: boolean,
  cells: Cells,
  rows: Int32Array,
  where: (c: { line: number; column: number }) => SourcePoint,
  inSheet: boolean,
  diagnostics: Diagnostic[],
  header?: RawCell,
  asText = false,
): Column {
  const n = rows.length;
  const cell = (k: number) => cellOf(cells, rows[k]!, j);
  const parsed = new Float64Array(n);
  const kinds = new Uint8Array(n);
  let numbers = 0;
  let dates = 0;
  let others = 0;
  let invalid = false;
  // Every cell's text where it has one that is not a plain number (numbers keep no string).
  const texts: string[] = [];
  // Codes (HS 0101, partner 004) are text: a number written with a leading zero makes the column text.
  let codes = asText;
  if (cells.readColumn) codes = cells.readColumn(rows, j, parsed, kinds, texts).leadingZero || codes;
  else {
    for (let k = 0; k < n; k++) {
      const i = rows[k]!;
      const num = cells.number(i, j);
      if (num === num) {
        kinds[k] = NUMBER;
        parsed[k] = num;
        if (!codes && /^0\d/.test(cells.text(i, j))) codes = true;
      } else if (cells.invalid(i, j)) {
        kinds[k] = OTHER;
        invalid = true;
      } else if (!cells.empty(i, j)) {
        kinds[k] = TO_JUDGE;
        texts[k] = cells.text(i, j);
      }
    }
  }
  // Long exports repeat the same texts (flows, products, partners): each distinct text is judged once.
  const judged = new Map<string, number>();
  const judgedNumber = new Map<string, number>();
  for (let k = 0; k < n; k++) {
    let kind = kinds[k]!;
    if (kind === TO_JUDGE) {
      const text = texts[k]!;
      let value = NaN;
      const known = judged.get(text);
      if (known === undefined) {
        const missing = MISSING.has(text.toLowerCase());
        const asNumber = missing ? undefined : parseNumber(text);
        kind = missing ? MISSING_TEXT : asNumber !== undefined ? NUMBER : isIsoDate(text) ? DATE : OTHER;
        if (asNumber !== undefined) value = asNumber;
        if (judged.size < 10000) {
          judged.set(text, kind);
          if (asNumber !== undefined) judgedNumber.set(text, asNumber);
        }
      } else {
        kind = known;
        if (kind === NUMBER) value = judgedNumber.get(text)!;
      }
      kinds[k] = kind;
      if (kind === NUMBER) parsed[k] = value;
    }
    if (kind === NUMBER) numbers++;
    else if (kind === DATE) dates++;
    else if (kind === OTHER) others++;
  }
  const label = (c: RawCell) => (inSheet ? `cell ${cellName(c.line, c.column)}, column "${name}"` : `line ${c.line}, column "${name}" (field ${j + 1})`);

  if (invalid) {
    for (let k = 0; k < n; k++) {
      if (cells.invalid(rows[k]!, j)) {
        const c = cell(k);
        diagnostics.push(error(`${label(c)}: a cell must be a number, text or null, not an object or array`, where(c)));
      }
    }
  }

  // A few cells of a column name the problem; the rest are counted in one more error, so that a
  // column of codes read as numbers does not print thousands of lines.
  const bad: number[] = [];
  const badCell = (k: number, what: 'number' | 'date') => {
    bad.push(k);
    if (bad.length > SHOWN_PER_COLUMN) return;
    const c = cell(k);
    diagnostics.push(
      error(
        `${label(c)}: "${c.text}" is not a ${what}`,
        where(c),
        what === 'number' ? numberHint(c.text, name) : `the other values in "${name}" are dates; write dates as YYYY-MM-DD (or YYYY-MM), e.g. 2024-03-31`,
      ),
    );
  };
  let type: ColumnType | undefined;
  let values: Cell[] = [];
  if (codes) {
    // read as text below, every cell as written
  } else if (numbers > dates + others || (numbers === 0 && dates === 0 && others === 0)) {
    values = new Array<Cell>(n);
    let yearLike = numbers > 0;
    for (let k = 0; k < n; k++) {
      const kind = kinds[k]!;
      if (kind === NUMBER) {
        const v = parsed[k]!;
        values[k] = v;
        if (yearLike && !(Number.isInteger(v) && v >= 1000 && v <= 2999)) yearLike = false;
        continue;
      }
      values[k] = null;
      if (kind === DATE || (kind === OTHER && !(invalid && cells.invalid(rows[k]!, j)))) badCell(k, 'number');
    }
    type = yearLike && (isFirst || YEAR_HEADER.test(name)) ? 'year' : 'number';
  } else if (dates > numbers + others) {
    type = 'date';
    values = new Array<Cell>(n);
    for (let k = 0; k < n; k++) {
      const kind = kinds[k]!;
      values[k] = kind === DATE ? texts[k]! : null;
      if (kind === NUMBER || (kind === OTHER && !(invalid && cells.invalid(rows[k]!, j)))) badCell(k, 'date');
    }
  }
  if (bad.length > 0) {
    // The same word in many cells of a number column (TOTAL, World) is a label: the column holds codes.
    const words = new Set(bad.map((k) => texts[k] ?? cells.text(rows[k]!, j)));
    const first = cell(bad[0]!);
    if (bad.length > SHOWN_PER_COLUMN) {
      const rest = bad.slice(SHOWN_PER_COLUMN);
      const place = (k: number) => (inSheet ? cellName(cells.rowLine(rows[k]!), first.column) : `${cells.rowLine(rows[k]!)}`);
      diagnostics.push(
        error(
          `${rest.length} more cell${rest.length === 1 ? '' : 's'} of column "${name}" ${rest.length === 1 ? 'is' : 'are'} not ${type === 'date' ? 'dates' : 'numbers'} (${inSheet ? 'cells' : 'lines'} ${rest.slice(0, 5).map(place).join(', ')}${rest.length > 5 ? ', …' : ''})`,
          where(first),
          words.size <= 3 && bad.length > 1
            ? `"${[...words].join('", "')}" in a column of ${type === 'date' ? 'dates' : 'numbers'}: if "${name}" holds codes or labels rather than quantities, read it as text with \`text: [${name}]\` in the dataset's entry in deck.yaml`
            : `fix the values in "${name}", or read the column as text with \`text: [${name}]\` in the dataset's entry in deck.yaml`,
        ),
      );
    } else if (words.size === 1 && bad.length > 1) {
      const last = diagnostics[diagnostics.length - 1]!;
      last.hint = `${last.hint ?? ''}; if "${name}" holds codes or labels rather than quantities, read it as text with \`text: [${name}]\` in the dataset's entry in deck.yaml`;
    }
  }
  if (type === undefined) {
    type = 'text';
    values = new Array<Cell>(n);
    const percents: string[] = [];
    for (let k = 0; k < n; k++) {
      const kind = kinds[k]!;
      // A text column keeps every text as written, numbers and "n/a" included.
      const text = kind === EMPTY || (invalid && cells.invalid(rows[k]!, j)) ? '' : (texts[k] ?? cells.text(rows[k]!, j));
      values[k] = text === '' ? null : text;
      if (kinds[k] === OTHER && PERCENT.test(text)) percents.push(text);
    }
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

/** Cells of one column named in their own error before the rest are counted in one. */
const SHOWN_PER_COLUMN = 5;

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
