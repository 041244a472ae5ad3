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
import type { Diagnostic } from '../diagnostics.js';
import { deriveColumns } from './derive.js';
import { parseNumber } from './lookup.js';
import type { Cell, Column, ColumnType, DataSet, DataSetSpec } from './types.js';

/** One cell as read from the file, before typing. */
interface RawCell {
  text: string;
  /** JSON cells keep their native number; `invalid` marks an object/array where a cell should be. */
  num?: number;
  invalid?: boolean;
  line: number;
  column: number;
}

interface RawRow {
  line: number;
  column: number;
  cells: RawCell[];
}

interface RawTable {
  header: RawCell[];
  rows: RawRow[];
  /** Rows are matched to the header by position (CSV, JSON columns/rows): ragged rows are errors. */
  positional: boolean;
}

/** Cell texts taken as "no value" in number and date columns (they stay text in text columns). */
const MISSING = new Set(['na', 'n/a', 'n.a.', '-', '\u2013', '\u2014', '..', '...', '\u2026']);
const ISO_DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;
const YEAR_HEADER = /^(year|yr|fy|fiscal[ _]?year)$/i;

export function parseDataSet(name: string, spec: DataSetSpec, text: string): { dataset?: DataSet; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const file = spec.file;
  const ext = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
  if (ext !== 'csv' && ext !== 'tsv' && ext !== 'json') {
    diagnostics.push(
      error(`dataset "${name}": "${file}" is not a .csv or .json file`, spec.at, 'save the data as CSV (in Excel: File › Save As › CSV UTF-8) or as JSON'),
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
  const dataset = tableToDataSet(name, spec, table, diagnostics);
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

/** Maps character offsets to 1-based line and column; a line ends at \n, \r\n or \r. */
function positions(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

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

function readCsv(body: string, file: string, delimiter: string, diagnostics: Diagnostic[]): RawTable | undefined {
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
  const [headerRow, ...dataRows] = rows as [RawRow, ...RawRow[]];
  if (headerRow.cells.length === 1) {
    const sep = [';', '\t', '|'].find((s) => headerRow.cells[0]!.text.includes(s));
    if (sep && sep !== delimiter) {
      const shown = sep === '\t' ? 'tabs' : `"${sep}"`;
      diagnostics.push(
        error(
          `${file} has a single column "${headerRow.cells[0]!.text}": its values seem to be separated by ${shown}, not commas`,
          { file, line: headerRow.line, column: headerRow.column },
          'save it as comma-separated CSV (in Excel: File › Save As › CSV UTF-8 (Comma delimited))',
        ),
      );
      return undefined;
    }
  }
  return { header: headerRow.cells, rows: dataRows, positional: true };
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
      rows.push({ ...p, cells });
    }
    // Keys missing from an object are empty cells at the object's place.
    for (const row of rows) for (let j = 0; j < header.length; j++) row.cells[j] ??= { text: '', line: row.line, column: row.column };
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
      rows.push({ ...at(item), cells: item.items.map((n) => cellOf(n)) });
    }
    return { header, rows, positional: true };
  }
  diagnostics.push(error(`${file}: unexpected JSON layout`, { file, ...at(root) }, JSON_SHAPES));
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Typing

function tableToDataSet(name: string, spec: DataSetSpec, table: RawTable, diagnostics: Diagnostic[]): DataSet | undefined {
  const file = spec.file;
  const where = (cell: { line: number; column: number }) => ({ file, line: cell.line, column: cell.column });
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
    const cells = [...row.cells];
    while (table.positional && cells.length > width && cells[cells.length - 1]!.text === '' && !cells[cells.length - 1]!.invalid) cells.pop();
    if (table.positional && cells.length !== width) {
      const extra = cells[width];
      const split = cells.length > width ? splitThousands(cells, width) : undefined;
      diagnostics.push(
        error(
          `this row has ${cells.length} value${cells.length === 1 ? '' : 's'} but the header has ${width} column${width === 1 ? '' : 's'}`,
          split ? where(split.cell) : extra ? where(extra) : where(row),
          split
            ? `${split.number} reads as ${split.number.split(',').length} values: a number with a thousands comma must be in double quotes, "${split.number}", or written without the comma, ${split.number.replace(/,/g, '')}`
            : cells.length > width
              ? `a value that contains a comma must be in double quotes, e.g. "1,234.5"; the first extra value is "${extra!.text}"`
              : 'every row needs one value per column; leave a cell empty (,,) when the value is missing',
        ),
      );
      continue;
    }
    rows.push({ ...row, cells });
  }

  // Header names: present and distinct. A nameless column with no values is ignored.
  const keep: number[] = [];
  let headerBroken = false;
  const seen = new Map<string, RawCell>();
  header.forEach((cell, j) => {
    const label = cell.text;
    if (label === '') {
      if (rows.every((r) => r.cells[j]!.text === '' && !r.cells[j]!.invalid)) {
        diagnostics.push(warning(`column ${j + 1} has no name and no values; it is ignored`, where(cell)));
        return;
      }
      const sample = rows.find((r) => r.cells[j]!.text !== '')?.cells[j]!.text ?? '';
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

  const columns: Column[] = keep.map((j, k) => typeColumn(header[j]!.text, j, k === 0, rows, file, diagnostics, header[j]));
  const category = columns[0]!;

  // Categories: present and distinct.
  const firstSeen = new Map<string, RawRow>();
  rows.forEach((row, i) => {
    const v = category.values[i];
    const cell = row.cells[keep[0]!]!;
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
          `duplicate category "${v}" in column "${category.name}": lines ${prior.line} and ${row.line}`,
          where(cell),
          `each row needs its own value in the first column "${category.name}"; merge or remove one of the two rows`,
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
  };
}

type Kind = 'empty' | 'number' | 'date' | 'other';

const PERCENT = /^([+-]?[\d.,]+)\s*%$/;

function typeColumn(name: string, j: number, isFirst: boolean, rows: RawRow[], file: string, diagnostics: Diagnostic[], header?: RawCell): Column {
  const cells = rows.map((r) => r.cells[j]!);
  const kinds: Kind[] = cells.map((c) => {
    if (c.invalid) return 'other';
    if (c.num !== undefined) return 'number';
    if (c.text === '' || MISSING.has(c.text.toLowerCase())) return 'empty';
    if (parseNumber(c.text) !== undefined) return 'number';
    if (isIsoDate(c.text)) return 'date';
    return 'other';
  });
  const count = (k: Kind) => kinds.filter((x) => x === k).length;
  const numbers = count('number');
  const dates = count('date');
  const others = count('other');
  const where = (c: RawCell) => ({ file, line: c.line, column: c.column });
  const label = (c: RawCell) => `line ${c.line}, column "${name}" (field ${j + 1})`;

  for (const c of cells) {
    if (c.invalid) diagnostics.push(error(`${label(c)}: a cell must be a number, text or null, not an object or array`, where(c)));
  }

  let type: ColumnType;
  let values: Cell[];
  if (numbers > dates + others || (numbers === 0 && dates === 0 && others === 0)) {
    values = cells.map((c, i) => {
      if (kinds[i] === 'number') return c.num ?? parseNumber(c.text)!;
      if (kinds[i] !== 'empty' && !c.invalid) {
        diagnostics.push(error(`${label(c)}: "${c.text}" is not a number`, where(c), numberHint(c.text, name)));
      }
      return null;
    });
    const nums = values.filter((v): v is number => v !== null);
    const yearLike = nums.length > 0 && nums.every((v) => Number.isInteger(v) && v >= 1000 && v <= 2999);
    type = yearLike && (isFirst || YEAR_HEADER.test(name)) ? 'year' : 'number';
  } else if (dates > numbers + others) {
    type = 'date';
    values = cells.map((c, i) => {
      if (kinds[i] === 'date') return c.text;
      if (kinds[i] !== 'empty' && !c.invalid) {
        diagnostics.push(error(`${label(c)}: "${c.text}" is not a date`, where(c), `the other values in "${name}" are dates; write dates as YYYY-MM-DD (or YYYY-MM), e.g. 2024-03-31`));
      }
      return null;
    });
  } else {
    type = 'text';
    values = cells.map((c) => (c.text === '' || c.invalid ? null : c.text));
    const percents = cells.filter((c) => kinds[cells.indexOf(c)] === 'other' && PERCENT.test(c.text));
    if (!isFirst && header && percents.length > 0 && percents.length === others) {
      const shown = percents.slice(0, 2).map((c) => `"${c.text}"`).join(', ');
      const first = percents[0]!.text.replace(PERCENT, '$1');
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

/** A number written with a thousands comma and no quotes, which CSV reads as two or more cells. */
function splitThousands(cells: RawCell[], width: number): { cell: RawCell; number: string } | undefined {
  const extra = cells.length - width;
  for (let j = 0; j + 1 < cells.length; j++) {
    if (!/^[+-]?\d{1,3}$/.test(cells[j]!.text) || !/^\d{3}(\.\d+)?$/.test(cells[j + 1]!.text)) continue;
    let k = j + 1;
    while (k + 1 < cells.length && /^\d{3}$/.test(cells[k]!.text) && /^\d{3}(\.\d+)?$/.test(cells[k + 1]!.text)) k++;
    if (k - j !== extra) continue;
    return { cell: cells[j]!, number: cells.slice(j, k + 1).map((c) => c.text).join(',') };
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
