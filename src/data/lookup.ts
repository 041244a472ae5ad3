/**
 * Finding rows by category, and the growth arithmetic that derived columns and `{{ }}` helpers
 * share, so that a CAGR in a sentence and a CAGR in a chart are the same number.
 */
import { didYouMean } from '../diagnostics.js';
import type { Cell, Column, DataSet } from './types.js';

/** `[2024]`, `["2015/16"]`, `[latest]`, `[first]`. */
export type RowSelector = { kind: 'first' } | { kind: 'latest' } | { kind: 'value'; value: string | number };

/** Row-selector keywords and what they mean. */
export const FIRST_KEYWORDS = ['first', 'earliest'] as const;
export const LATEST_KEYWORDS = ['latest', 'last'] as const;

export function selectorFromWord(word: string): RowSelector {
  const w = word.toLowerCase();
  if ((FIRST_KEYWORDS as readonly string[]).includes(w)) return { kind: 'first' };
  if ((LATEST_KEYWORDS as readonly string[]).includes(w)) return { kind: 'latest' };
  return { kind: 'value', value: word };
}

export function categoryColumnOf(dataset: DataSet): Column {
  return dataset.columns.find((c) => c.name === dataset.categoryColumn) ?? dataset.columns[0]!;
}

export function findColumn(dataset: DataSet, name: string): Column | undefined {
  return dataset.columns.find((c) => c.name === name);
}

/**
 * The row index a selector picks, or undefined. `first`/`latest` are the smallest/greatest year,
 * date or number when the categories are ordered values, else the first/last row of the file.
 */
export function findRow(dataset: DataSet, selector: RowSelector): number | undefined {
  const cat = categoryColumnOf(dataset);
  const n = cat.values.length;
  if (n === 0) return undefined;
  if (selector.kind === 'first' || selector.kind === 'latest') {
    if (cat.type === 'text') return selector.kind === 'first' ? 0 : n - 1;
    let best: number | undefined;
    for (let i = 0; i < n; i++) {
      const v = cat.values[i];
      if (v === null || v === undefined) continue;
      if (best === undefined) {
        best = i;
        continue;
      }
      const b = cat.values[best]!;
      const better = selector.kind === 'first' ? compareCells(v, b) < 0 : compareCells(v, b) > 0;
      if (better) best = i;
    }
    return best;
  }
  const want = selector.value;
  if (cat.type === 'number' || cat.type === 'year') {
    const num = typeof want === 'number' ? want : parseNumber(want);
    if (num === undefined) return undefined;
    const i = cat.values.findIndex((v) => v === num);
    return i === -1 ? undefined : i;
  }
  const text = typeof want === 'number' ? String(want) : want;
  const i = cat.values.findIndex((v) => v !== null && String(v) === text);
  return i === -1 ? undefined : i;
}

function compareCells(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** The category of row `i` as the user would write it. */
export function categoryLabel(dataset: DataSet, i: number): string {
  const v = categoryColumnOf(dataset).values[i];
  return v === null || v === undefined ? '' : String(v);
}

/** A hint for a category that was not found: a did-you-mean, or the range or list that exists. */
export function missingRowHint(dataset: DataSet, wanted: string): string {
  const cat = categoryColumnOf(dataset);
  const labels = cat.values.filter((v): v is number | string => v !== null).map(String);
  const guess = cat.type === 'text' || cat.type === 'date' ? didYouMean(wanted, labels) : undefined;
  let range: string;
  if ((cat.type === 'year' || cat.type === 'number' || cat.type === 'date') && labels.length > 0) {
    const first = findRow(dataset, { kind: 'first' });
    const last = findRow(dataset, { kind: 'latest' });
    range = `"${cat.name}" runs from ${categoryLabel(dataset, first ?? 0)} to ${categoryLabel(dataset, last ?? 0)}`;
  } else {
    const shown = labels.slice(0, 8).map((l) => `"${l}"`).join(', ');
    range = `the rows of "${cat.name}" are ${shown}${labels.length > 8 ? `, … (${labels.length} in all)` : ''}`;
  }
  return guess ? `did you mean "${guess}"? ${range}` : `${range}; first and latest pick the ends`;
}

/**
 * Periods between two rows for a CAGR: the difference of the years (or of the dates, in years)
 * when the categories are years or dates, else the number of rows between them.
 */
export function periodsBetween(dataset: DataSet, from: number, to: number): number {
  const cat = categoryColumnOf(dataset);
  const a = cat.values[from];
  const b = cat.values[to];
  if (cat.type === 'year' && typeof a === 'number' && typeof b === 'number') return b - a;
  if (cat.type === 'date' && typeof a === 'string' && typeof b === 'string') {
    const ms = Date.parse(toFullDate(b)) - Date.parse(toFullDate(a));
    return ms / (365.25 * 24 * 3600 * 1000);
  }
  return to - from;
}

function toFullDate(iso: string): string {
  return iso.length === 7 ? `${iso}-01` : iso;
}

/** Percentage change from `a` to `b`, in percent (20 = +20%); relative to |a|; null when a is 0. */
export function percentChange(a: number | null, b: number | null): number | null {
  if (a === null || b === null || a === 0) return null;
  return clean(((b - a) / Math.abs(a)) * 100);
}

/** Compound annual growth in percent; null when it is undefined (a ≤ 0, b < 0, periods ≤ 0). */
export function compoundGrowth(a: number | null, b: number | null, periods: number): number | null {
  if (a === null || b === null || a <= 0 || b < 0 || !(periods > 0)) return null;
  return clean(((b / a) ** (1 / periods) - 1) * 100);
}

/** Rounds away binary noise (124.8 − 142.8 = −18.000000000000014 → −18); non-finite → null. */
export function clean(v: number): number | null {
  if (!Number.isFinite(v)) return null;
  return Number(v.toPrecision(12));
}

/** Decimals a value shows at 12 significant digits: 46.8 → 1, 133 → 0. */
export function decimalsOf(v: number): number {
  const s = String(Number(v.toPrecision(12)));
  if (s.includes('e')) {
    const m = /e-(\d+)$/.exec(s);
    const mant = s.split('e')[0]!;
    const mantDecimals = mant.includes('.') ? mant.split('.')[1]!.length : 0;
    return m ? Number(m[1]) + mantDecimals : 0;
  }
  const dot = s.indexOf('.');
  return dot === -1 ? 0 : s.length - dot - 1;
}

/** The decimals to show a column with by default: the most any of its values has, up to 4. */
export function columnDecimals(values: readonly Cell[]): number {
  let d = 0;
  for (const v of values) if (typeof v === 'number') d = Math.max(d, decimalsOf(v));
  return Math.min(d, 4);
}

/**
 * Parses a number as brief reads it in data files: an optional sign (+, -, or −), digits with an
 * optional thousands separator in groups of three ("1,234.5"), a decimal point, an exponent.
 * Rejects NaN, Infinity, currency signs, percent signs and anything else.
 */
export function parseNumber(text: string): number | undefined {
  const s = text.trim().replace(/^\u2212/, '-');
  if (!NUMBER_RE.test(s)) return undefined;
  const n = Number(s.replace(/,/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

const NUMBER_RE = /^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Did-you-mean for a column name of a dataset, followed by the list of its columns. */
export function unknownColumnHint(dataset: DataSet, wanted: string): string {
  const names = dataset.columns.map((c) => c.name);
  const guess = didYouMean(wanted, names);
  const list = `the columns of ${dataset.name} are ${names.map((n) => `"${n}"`).join(', ')}`;
  return guess ? `did you mean "${guess}"? ${list}` : list;
}
