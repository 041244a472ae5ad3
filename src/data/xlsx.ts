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
import { cellName, finishDataSet, rowFromCells } from './load.js';
import type { LoadOptions, RawCell, RawRow, RawTable } from './load.js';
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
  const cellOf = (r: number, c: number): RawCell => {
    const cell = data[r]?.[c];
    const at = { line: r + 1, column: c + 1 };
    if (!cell || cell.v === undefined || cell.v === null) return { text: '', ...at };
    switch (cell.t) {
      case 'n':
        return { text: String(cell.v), num: cell.v as number, ...at };
      case 'd': {
        const d = cell.v instanceof Date ? cell.v : new Date(String(cell.v));
        return { text: Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10), ...at };
      }
      case 'b':
        return { text: cell.v ? 'TRUE' : 'FALSE', ...at };
      case 'e':
        return { text: `#ERROR ${String(cell.w ?? cell.v)}`, ...at };
      default:
        return { text: String(cell.v).trim(), ...at };
    }
  };
  // The header is the range's first row that has anything in it.
  let top = range.s.r;
  const rowEmpty = (r: number) => {
    for (let c = range.s.c; c <= range.e.c; c++) if (cellOf(r, c).text !== '') return false;
    return true;
  };
  while (top <= range.e.r && rowEmpty(top)) top++;
  if (top > range.e.r) {
    diagnostics.push(error(`the range ${cellName(range.s.r + 1, range.s.c + 1)}:${cellName(range.e.r + 1, range.e.c + 1)} of sheet "${sheetName}" of ${file} is empty`, spec.at, `the sheet's data fills ${used}`));
    return { diagnostics };
  }
  const header: RawCell[] = [];
  for (let c = range.s.c; c <= range.e.c; c++) header.push(cellOf(top, c));
  // Trailing header cells with no name and no values are the sheet's formatting, not columns.
  const rows: RawRow[] = [];
  for (let r = top + 1; r <= range.e.r; r++) {
    const cells: RawCell[] = [];
    let any = false;
    for (let c = range.s.c; c <= range.e.c; c++) {
      const cell = cellOf(r, c);
      if (cell.text !== '') any = true;
      cells.push(cell);
    }
    if (any) rows.push(rowFromCells(cells, r + 1, range.s.c + 1));
  }
  const table: RawTable = { header, rows, positional: true, sheet: sheetName };
  return finishDataSet(name, spec, table, diagnostics, options);
}
