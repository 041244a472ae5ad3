/**
 * CSV/TSV read straight from the file's UTF-8 bytes in one pass, into flat typed arrays: where each
 * field starts, where its value starts and ends, and each record's first field and line. No string
 * is made for a cell until something asks for its text, numbers are read from the bytes, and a
 * cell's line and column are worked out from its byte offset only when a diagnostic is made.
 *
 * The rules are those brief gives csv-parse (double quotes with "" inside, spaces around values
 * trimmed, empty lines skipped, quotes inside an unquoted value kept). The scan gives up (returns
 * undefined) as soon as the text holds anything else (an unclosed quote, text after a closing
 * quote, mixed line ends): csv-parse then reads the file and reports what is wrong.
 * test/data-csv-scan.test.ts checks the two agree on random text.
 *
 * Why not csv-parse for everything: it takes about 1 s on a 100,000-row × 6-column export, and
 * 4 s when asked for each field's position (an object per field); this pass takes a fraction.
 */
import { TO_JUDGE } from './raw.js';
import type { Cells } from './raw.js';
import { bytePositions } from '../text/positions.js';

export interface CsvScan {
  bytes: Buffer;
  /** Records read (lines of nothing but empty fields are left out). */
  records: number;
  /** Field index of each record's first field; `recFirst[records]` closes the last record. */
  recFirst: Int32Array;
  /** Line (1-based) of each record's first field. */
  recLine: Int32Array;
  /** Per field: byte offset of the field (its opening quote when quoted), and of its value's start and end. */
  fieldAt: Int32Array;
  valueStart: Int32Array;
  valueEnd: Int32Array;
  /** Per field: 1 = quoted, 2 = has doubled quotes ("") inside. */
  flags: Uint8Array;
}

const QUOTED = 1;
const DOUBLED = 2;

function grow(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/** 1 = CR, 2 = LF, 3 = CR LF. */
function lineKind(bytes: Uint8Array, at: number, n: number): number {
  return bytes[at] === 13 ? (at + 1 < n && bytes[at + 1] === 10 ? 3 : 1) : 2;
}

export function scanCsv(input: Uint8Array, delimiter: string): CsvScan | undefined {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const d = delimiter.charCodeAt(0);
  const n = bytes.length;
  // Room for the fields, judged from the first 64 KiB (growing the arrays later copies them).
  let separators = 0;
  let newlines = 0;
  const sample = Math.min(n, 65536);
  for (let k = 0; k < sample; k++) {
    const b = bytes[k]!;
    if (b === d) separators++;
    else if (b === 10 || b === 13) newlines++;
  }
  const scale = (n / Math.max(1, sample)) * 1.05;
  let cap = Math.ceil((separators + newlines + 1) * scale) + 64;
  let fieldAt: Int32Array = new Int32Array(cap);
  let valueStart: Int32Array = new Int32Array(cap);
  let valueEnd: Int32Array = new Int32Array(cap);
  let flags: Uint8Array = new Uint8Array(cap);
  let recCap = Math.ceil((newlines + 1) * scale) + 16;
  let recFirst: Int32Array = new Int32Array(recCap + 1);
  let recLine: Int32Array = new Int32Array(recCap);
  let fields = 0;
  let records = 0;
  let i = 0;
  let line = 1;
  const tabIsSpace = d !== 9;
  // csv-parse takes the first line end it meets as the record delimiter; mixed ends go to it.
  // (No closures here: a variable a closure shares lives on the heap, and the loop reads them all.)
  let ending = 0;
  while (i < n) {
    const c0 = bytes[i]!;
    if (c0 === 10 || c0 === 13) {
      const kind = lineKind(bytes, i, n);
      if (ending === 0) ending = kind;
      else if (kind !== ending) return undefined;
      i += kind === 3 ? 2 : 1;
      line++;
      continue;
    }
    if (records + 1 >= recCap) {
      recCap *= 2;
      recFirst = grow(recFirst, recCap + 1);
      recLine = grow(recLine, recCap);
    }
    recFirst[records] = fields;
    recLine[records] = line;
    let anything = false;
    for (;;) {
      let c = i < n ? bytes[i]! : -1;
      while (c === 32 || (c === 9 && tabIsSpace)) c = ++i < n ? bytes[i]! : -1;
      if (fields + 1 >= cap) {
        cap *= 2;
        fieldAt = grow(fieldAt, cap);
        valueStart = grow(valueStart, cap);
        valueEnd = grow(valueEnd, cap);
        const f = new Uint8Array(cap);
        f.set(flags);
        flags = f;
      }
      fieldAt[fields] = i;
      if (c === 34) {
        const start = i + 1;
        let flag = QUOTED;
        i++;
        for (;;) {
          if (i >= n) return undefined;
          const q = bytes[i]!;
          if (q === 34) {
            if (i + 1 < n && bytes[i + 1] === 34) {
              flag |= DOUBLED;
              i += 2;
              continue;
            }
            break;
          }
          if (q === 10 || q === 13) {
            const kind = lineKind(bytes, i, n);
            if (ending === 0) ending = kind;
            else if (kind !== ending) return undefined;
            i += kind === 3 ? 2 : 1;
            line++;
            continue;
          }
          i++;
        }
        valueStart[fields] = start;
        valueEnd[fields] = i;
        flags[fields] = flag;
        if (i > start) anything = true;
        i++;
        while (i < n && (bytes[i] === 32 || (bytes[i] === 9 && tabIsSpace))) i++;
        if (i < n) {
          const after = bytes[i]!;
          if (after !== d && after !== 10 && after !== 13) return undefined;
        }
      } else {
        const start = i;
        while (i < n) {
          const b = bytes[i]!;
          if (b === d || b === 10 || b === 13) break;
          i++;
        }
        let end = i;
        while (end > start && (bytes[end - 1] === 32 || (bytes[end - 1] === 9 && tabIsSpace))) end--;
        valueStart[fields] = start;
        valueEnd[fields] = end;
        flags[fields] = 0;
        if (end > start) anything = true;
      }
      fields++;
      if (i < n && bytes[i] === d) {
        i++;
        continue;
      }
      break;
    }
    // A line of spaces alone is an empty line to csv-parse; a row of empty cells (",,,," as
    // spreadsheets write them) is skipped too.
    if (anything) records++;
    else fields = recFirst[records]!;
    if (i < n) {
      const kind = lineKind(bytes, i, n);
      if (ending === 0) ending = kind;
      else if (kind !== ending) return undefined;
      i += kind === 3 ? 2 : 1;
      line++;
    }
  }
  recFirst[records] = fields;
  return { bytes, records, recFirst, recLine, fieldAt, valueStart, valueEnd, flags };
}

/** The text of field `f`. */
export function fieldText(scan: CsvScan, f: number): string {
  const text = scan.bytes.toString('utf8', scan.valueStart[f]!, scan.valueEnd[f]!);
  return scan.flags[f]! & DOUBLED ? text.replaceAll('""', '"') : text;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * The number bytes [s, e) spell in brief's number syntax (lookup.ts `parseNumber`: a sign, digits
 * with optional thousands commas in groups of three, a decimal point, an exponent), else NaN.
 * Up to 15 significant digits and a power of ten up to 22 the result is one correctly rounded
 * operation on exact doubles (as Number() gives); anything longer is handed to Number().
 */
export function bytesToNumber(bytes: Uint8Array, s: number, e: number): number {
  let i = s;
  if (i >= e) return NaN;
  let negative = false;
  let c = bytes[i]!;
  if (c === 43 || c === 45) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let significant = 0;
  let intDigits = 0;
  let groupLen = -1; // digits since the last comma; -1 before any comma
  while (i < e) {
    c = bytes[i]!;
    if (c >= 48 && c <= 57) {
      if (significant > 0 || c !== 48) significant++;
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      intDigits++;
      if (groupLen >= 0) groupLen++;
      i++;
    } else if (c === 44) {
      // thousands comma: the first group 1-3 digits, the others exactly 3
      if (groupLen === -1) {
        if (intDigits < 1 || intDigits > 3) return NaN;
      } else if (groupLen !== 3) return NaN;
      groupLen = 0;
      i++;
    } else break;
  }
  if (groupLen !== -1 && groupLen !== 3) return NaN;
  let scale = 0;
  if (i < e && bytes[i] === 46) {
    i++;
    while (i < e) {
      c = bytes[i]!;
      if (c < 48 || c > 57) break;
      if (significant > 0 || c !== 48) significant++;
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      scale++;
      i++;
    }
  }
  if (digits === 0) return NaN;
  let exponent = 0;
  if (i < e && (bytes[i] === 101 || bytes[i] === 69)) {
    i++;
    let expNegative = false;
    if (i < e && (bytes[i] === 43 || bytes[i] === 45)) {
      expNegative = bytes[i] === 45;
      i++;
    }
    const from = i;
    while (i < e && bytes[i]! >= 48 && bytes[i]! <= 57) {
      if (i - from < 6) exponent = exponent * 10 + (bytes[i]! - 48);
      i++;
    }
    if (i === from || i !== e) return NaN;
    // an exponent of more than six digits: Number() decides (Infinity, hence NaN, or 0)
    if (i - from > 6) return slowNumber(bytes, s, e);
    if (expNegative) exponent = -exponent;
  }
  if (i !== e) return NaN;
  if (significant > 15) return slowNumber(bytes, s, e);
  const p = exponent - scale;
  let v: number;
  if (p === 0) v = mantissa;
  else if (p > 0 && p <= 22) v = mantissa * POW10[p]!;
  else if (p < 0 && p >= -22) v = mantissa / POW10[-p]!;
  else return slowNumber(bytes, s, e);
  if (!Number.isFinite(v)) return NaN;
  return negative ? -v : v;
}

function slowNumber(bytes: Uint8Array, s: number, e: number): number {
  let t = '';
  for (let i = s; i < e; i++) if (bytes[i] !== 44) t += String.fromCharCode(bytes[i]!);
  const v = Number(t);
  return Number.isFinite(v) ? v : NaN;
}

/** The data rows of a scan (every record after the header record, `header`: 0 unless titles sit above it) as Cells. */
export class CsvCells implements Cells {
  readonly rows: number;
  /** Record index of data row 0. */
  private readonly base: number;
  private readonly pos: (offset: number) => { line: number; column: number };
  // One string per distinct short text: a long export repeats the same few words (years, flows,
  // products, partners) in every row.
  private readonly pool = new Map<number, number>();
  private readonly pooled: string[] = [];
  private readonly pooledAt: number[] = [];
  constructor(
    private readonly scan: CsvScan,
    header = 0,
  ) {
    this.base = header + 1;
    this.rows = Math.max(0, scan.records - this.base);
    this.pos = bytePositions(scan.bytes);
  }
  private field(i: number, j: number): number {
    const r = i + this.base;
    const f = this.scan.recFirst[r]! + j;
    return f < this.scan.recFirst[r + 1]! ? f : -1;
  }
  width(i: number): number {
    return this.scan.recFirst[i + this.base + 1]! - this.scan.recFirst[i + this.base]!;
  }
  rowLine(i: number): number {
    return this.scan.recLine[i + this.base]!;
  }
  rowColumn(i: number): number {
    return this.pos(this.scan.fieldAt[this.scan.recFirst[i + this.base]!]!).column;
  }
  empty(i: number, j: number): boolean {
    const f = this.field(i, j);
    return f < 0 || this.scan.valueStart[f] === this.scan.valueEnd[f];
  }
  number(i: number, j: number): number {
    const f = this.field(i, j);
    return f < 0 ? NaN : bytesToNumber(this.scan.bytes, this.scan.valueStart[f]!, this.scan.valueEnd[f]!);
  }
  invalid(): boolean {
    return false;
  }
  readColumn(rows: Int32Array, j: number, parsed: Float64Array, kinds: Uint8Array, texts: string[]): { leadingZero: boolean } {
    const { recFirst, valueStart, valueEnd, bytes } = this.scan;
    const base = this.base;
    let leadingZero = false;
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]! + base;
      const f = recFirst[r]! + j;
      if (f >= recFirst[r + 1]!) continue;
      const s = valueStart[f]!;
      const e = valueEnd[f]!;
      if (s === e) continue;
      const v = bytesToNumber(bytes, s, e);
      if (v === v) {
        kinds[k] = 1;
        parsed[k] = v;
        if (bytes[s] === 48 && e - s > 1 && bytes[s + 1]! >= 48 && bytes[s + 1]! <= 57) leadingZero = true;
      } else {
        kinds[k] = TO_JUDGE;
        texts[k] = this.fieldString(f);
      }
    }
    return { leadingZero };
  }
  text(i: number, j: number): string {
    const f = this.field(i, j);
    return f < 0 ? '' : this.fieldString(f);
  }
  private fieldString(f: number): string {
    const scan = this.scan;
    const s = scan.valueStart[f]!;
    const e = scan.valueEnd[f]!;
    if (s === e) return '';
    if (e - s > 24 || scan.flags[f]! & DOUBLED) return fieldText(scan, f);
    const bytes = scan.bytes;
    let hash = e - s;
    for (let k = s; k < e; k++) hash = (Math.imul(hash, 31) + bytes[k]!) | 0;
    const hit = this.pool.get(hash);
    if (hit !== undefined) {
      const ps = scan.valueStart[this.pooledAt[hit]!]!;
      const pe = scan.valueEnd[this.pooledAt[hit]!]!;
      if (pe - ps === e - s) {
        let same = true;
        for (let k = 0; k < e - s; k++) {
          if (bytes[ps + k] !== bytes[s + k]) {
            same = false;
            break;
          }
        }
        if (same) return this.pooled[hit]!;
      }
    }
    const text = bytes.toString('utf8', s, e);
    if (hit === undefined && this.pooled.length < 65536) {
      this.pool.set(hash, this.pooled.length);
      this.pooled.push(text);
      this.pooledAt.push(f);
    }
    return text;
  }
  at(i: number, j: number): { line: number; column: number } {
    const f = this.field(i, j);
    return f < 0 ? { line: this.rowLine(i), column: this.rowColumn(i) } : this.pos(this.scan.fieldAt[f]!);
  }
}

/** Record `k`'s cells, as objects (for the header: a handful). */
export function csvRecord(scan: CsvScan, k = 0): { text: string; line: number; column: number }[] {
  const pos = bytePositions(scan.bytes);
  const out: { text: string; line: number; column: number }[] = [];
  for (let f = scan.recFirst[k]!; f < scan.recFirst[k + 1]!; f++) out.push({ text: fieldText(scan, f), ...pos(scan.fieldAt[f]!) });
  return out;
}
