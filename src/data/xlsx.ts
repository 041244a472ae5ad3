/**
 * Excel workbooks (.xlsx): one worksheet (by name or 1-based number) and an optional A1 range → the
 * same typed DataSet as a CSV. Cells are typed from their values, not from what Excel displays:
 * a number is a number whatever its format, a date cell is an ISO date, text is text.
 *
 * The reader (@e965/xlsx, the maintained fork of SheetJS on npm) is loaded only when a briefing
 * has an .xlsx dataset: a CSV-only build never reads it (it stays outside the CLI bundle).
 */
import { createRequire } from 'node:module';
import { didYouMean, error } from '../diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import { finishDataSet } from './load.js';
import type { LoadOptions } from './load.js';
import { cellName } from './raw.js';
import type { Cells, RawCell, RawTable } from './raw.js';
import type { DataSet, DataSetSpec } from './types.js';

type Xlsx = typeof import('@e965/xlsx');
let xlsxModule: Xlsx | undefined;

function reader(): Xlsx {
  xlsxModule ??= createRequire(import.meta.url)('@e965/xlsx') as Xlsx;
  return xlsxModule;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (bytes: Uint8Array, magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);

/** An OLE container with an "EncryptionInfo" stream is how Office stores a password-protected workbook. */
function isEncrypted(bytes: Uint8Array): boolean {
  const needle = Buffer.from('EncryptionInfo', 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

const A1_RANGE = /^\$?([A-Za-z]{1,3})\$?(\d+):\$?([A-Za-z]{1,3})\$?(\d+)$/;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function parseWorkbookDataSet(name: string, spec: DataSetSpec, bytes: Uint8Array, options: LoadOptions = {}): { dataset?: DataSet; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const file = spec.file;
  if (startsWith(bytes, OLE)) {
    diagnostics.push(
      isEncrypted(bytes)
        ? error(`${file} is protected with a password`, { file }, 'brief cannot read an encrypted workbook: open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password, empty), save, and build again')
        : error(`${file} is an old Excel 97–2003 workbook (.xls) with an .xlsx name`, { file }, 'open it in Excel and save it as an Excel Workbook (.xlsx)'),
    );
    return { diagnostics };
  }
  if (!startsWith(bytes, ZIP)) {
    diagnostics.push(error(`${file} is not an Excel workbook (it is not an .xlsx package)`, { file }, 'save the file from Excel as an Excel Workbook (.xlsx), or as CSV UTF-8 and name the .csv file'));
    return { diagnostics };
  }
  const XLSX = reader();
  let wb: import('@e965/xlsx').WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'buffer', dense: true, cellDates: true, UTC: true, cellFormula: false, cellHTML: false, cellText: false, cellStyles: false });
  } catch (e) {
    const why = (e as Error).message.split('\n')[0] ?? '';
    diagnostics.push(error(`${file} is damaged and cannot be read as a workbook (${why})`, { file }, 'open it in Excel and save it again as an Excel Workbook (.xlsx)'));
    return { diagnostics };
  }
  const sheets = wb.SheetNames;
  const listed = sheets.map((s) => `"${s}"`).join(', ');
  let sheetName: string | undefined;
  if (spec.sheet === undefined) sheetName = sheets[0];
  else if (typeof spec.sheet === 'number') {
    sheetName = Number.isInteger(spec.sheet) && spec.sheet >= 1 ? sheets[spec.sheet - 1] : undefined;
    if (sheetName === undefined) {
      diagnostics.push(error(`${file} has no sheet ${spec.sheet}: it has ${sheets.length} sheet${sheets.length === 1 ? '' : 's'} (${listed})`, spec.at, 'name a sheet by its number from 1, or by its name'));
      return { diagnostics };
    }
  } else {
    sheetName = sheets.find((s) => s === spec.sheet) ?? sheets.find((s) => s.toLowerCase() === String(spec.sheet).trim().toLowerCase());
    if (sheetName === undefined) {
      const guess = didYouMean(String(spec.sheet), sheets);
      diagnostics.push(error(`${file} has no sheet "${spec.sheet}"`, spec.at, `${guess ? `did you mean "${guess}"? ` : ''}its sheets are ${listed}`));
      return { diagnostics };
    }
  }
  const ws = sheetName === undefined ? undefined : wb.Sheets[sheetName];
  const used = ws?.['!ref'];
  if (!ws || !used) {
    diagnostics.push(error(`sheet "${sheetName ?? ''}" of ${file} is empty`, { file: `${file}!${sheetName ?? ''}` }, 'a dataset needs a header row naming the columns and at least one row of data'));
    return { diagnostics };
  }
  const usedRange = XLSX.utils.decode_range(used);
  let range = usedRange;
  if (spec.range !== undefined) {
    const m = A1_RANGE.exec(spec.range.trim());
    if (!m) {
      diagnostics.push(error(`range "${spec.range}" is not an A1 range`, spec.at, 'write the top-left and bottom-right cells, e.g. range: A1:F5000'));
      return { diagnostics };
    }
    const s = { c: columnNumber(m[1]!) - 1, r: Number(m[2]) - 1 };
    const e = { c: columnNumber(m[3]!) - 1, r: Number(m[4]) - 1 };
    if (s.r > e.r || s.c > e.c) {
      diagnostics.push(error(`range "${spec.range}" is backwards`, spec.at, `write the top-left cell first, e.g. ${cellName(Math.min(s.r, e.r) + 1, Math.min(s.c, e.c) + 1)}:${cellName(Math.max(s.r, e.r) + 1, Math.max(s.c, e.c) + 1)}`));
      return { diagnostics };
    }
    if (s.r > usedRange.e.r || s.c > usedRange.e.c || e.r < usedRange.s.r || e.c < usedRange.s.c) {
      diagnostics.push(error(`range "${spec.range}" is outside the data of sheet "${sheetName}" of ${file}, which fills ${used}`, spec.at, `use a range within ${used}, or leave range out to read all of it`));
      return { diagnostics };
    }
    range = { s, e: { r: Math.min(e.r, usedRange.e.r), c: Math.min(e.c, usedRange.e.c) } };
  }

  const data = (ws['!data'] ?? []) as (import('@e965/xlsx').CellObject | undefined)[][];
  const sheet = new SheetCells(data, range.s.c, range.e.c);
  // The header is the range's first row that has anything in it (or the row deck.yaml names).
  let top = range.s.r;
  if (spec.header !== undefined) {
    top = spec.header - 1;
    if (top < range.s.r || top > range.e.r) {
      diagnostics.push(error(`header row ${spec.header} is outside the data of sheet "${sheetName}" of ${file}, which fills ${cellName(range.s.r + 1, range.s.c + 1)}:${cellName(range.e.r + 1, range.e.c + 1)}`, spec.headerAt ?? spec.at, `name the sheet row that holds the column names, between ${range.s.r + 1} and ${range.e.r + 1}`));
      return { diagnostics };
    }
  } else while (top <= range.e.r && sheet.rowEmpty(top)) top++;
  if (top > range.e.r) {
    diagnostics.push(error(`the range ${cellName(range.s.r + 1, range.s.c + 1)}:${cellName(range.e.r + 1, range.e.c + 1)} of sheet "${sheetName}" of ${file} is empty`, spec.at, `the sheet's data fills ${used}`));
    return { diagnostics };
  }
  const header: RawCell[] = [];
  for (let c = range.s.c; c <= range.e.c; c++) header.push(sheet.cell(top, c));
  const rows: number[] = [];
  for (let r = top + 1; r <= range.e.r; r++) if (!sheet.rowEmpty(r)) rows.push(r);
  sheet.useRows(Int32Array.from(rows));
  const table: RawTable = { header, cells: sheet, positional: true, sheet: sheetName };
  return finishDataSet(name, spec, table, diagnostics, options);
}

type CellObject = import('@e965/xlsx').CellObject;

/** A worksheet's rows read in place from the reader's dense cell grid: no copy per cell. */
class SheetCells implements Cells {
  rows = 0;
  private sheetRows: Int32Array = new Int32Array(0);
  constructor(
    private readonly data: (CellObject | undefined)[][],
    private readonly first: number,
    private readonly last: number,
  ) {}
  useRows(rows: Int32Array): void {
    this.sheetRows = rows;
    this.rows = rows.length;
  }
  private get(i: number, j: number): CellObject | undefined {
    return this.data[this.sheetRows[i]!]?.[this.first + j];
  }
  /** The text of the cell at sheet row r, column c (0-based), as brief reads it. */
  static text(cell: CellObject | undefined): string {
    if (!cell || cell.v === undefined || cell.v === null) return '';
    switch (cell.t) {
      case 'n':
        return String(cell.v);
      case 'd': {
        const d = cell.v instanceof Date ? cell.v : new Date(String(cell.v));
        return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
      }
      case 'b':
        return cell.v ? 'TRUE' : 'FALSE';
      case 'e':
        return `#ERROR ${String(cell.w ?? cell.v)}`;
      default:
        return String(cell.v).trim();
    }
  }
  cell(r: number, c: number): RawCell {
    const cell = this.data[r]?.[c];
    const out: RawCell = { text: SheetCells.text(cell), line: r + 1, column: c + 1 };
    if (cell?.t === 'n' && typeof cell.v === 'number') out.num = cell.v;
    return out;
  }
  rowEmpty(r: number): boolean {
    const row = this.data[r];
    if (!row) return true;
    for (let c = this.first; c <= this.last; c++) if (SheetCells.text(row[c]) !== '') return false;
    return true;
  }
  width(): number {
    return this.last - this.first + 1;
  }
  rowLine(i: number): number {
    return this.sheetRows[i]! + 1;
  }
  rowColumn(): number {
    return this.first + 1;
  }
  empty(i: number, j: number): boolean {
    const cell = this.get(i, j);
    if (!cell || cell.v === undefined || cell.v === null) return true;
    return cell.t === 'n' ? false : SheetCells.text(cell) === '';
  }
  text(i: number, j: number): string {
    return SheetCells.text(this.get(i, j));
  }
  number(i: number, j: number): number {
    const cell = this.get(i, j);
    return cell?.t === 'n' && typeof cell.v === 'number' ? cell.v : NaN;
  }
  invalid(): boolean {
    return false;
  }
  at(i: number, j: number): { line: number; column: number } {
    return { line: this.sheetRows[i]! + 1, column: this.first + j + 1 };
  }
}
