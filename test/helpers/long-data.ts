/**
 * Synthetic long-format trade data for tests and the bench: one row per year × flow × product ×
 * partner, as statistics portals export it. Seeded, so every run writes the same file. These are
 * made-up numbers for testing only, never figures about real trade.
 */
import * as XLSX from '@e965/xlsx';

export const LONG_HEADER = ['year', 'flow', 'hs', 'product', 'partner', 'value_usd_m'] as const;
export type LongRow = [number, string, string, string, string, number];

export const PRODUCTS = [
  ['8542', 'Semiconductors'],
  ['2710', 'Petroleum products'],
  ['8524', 'Displays'],
  ['2902', 'Cyclic hydrocarbons'],
  ['8507', 'Batteries'],
  ['3901', 'Polymers of ethylene'],
  ['8708', 'Vehicle parts'],
  ['9013', 'Optical devices'],
  ['7208', 'Flat-rolled steel'],
  ['2811', 'Inorganic acids'],
  ['8471', 'Computers'],
  ['6204', 'Garments'],
] as const;
export const PARTNERS = ['China', 'Hong Kong', 'Taiwan', 'Japan', 'Vietnam'] as const;
export const FLOWS = ['export', 'import'] as const;

/** A small linear congruential generator: the same seed gives the same numbers everywhere. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/**
 * `count` rows cycling through year × partner × product × flow (1,200 rows make one full cycle;
 * after it the combinations repeat with new values, as several shipments would).
 */
export function longTradeRows(count: number, seed = 12): LongRow[] {
  const rnd = seeded(seed);
  const rows: LongRow[] = [];
  const years = 10;
  for (let i = 0; i < count; i++) {
    const year = 2015 + (i % years);
    const partner = PARTNERS[Math.floor(i / years) % PARTNERS.length]!;
    const product = PRODUCTS[Math.floor(i / (years * PARTNERS.length)) % PRODUCTS.length]!;
    const flow = FLOWS[Math.floor(i / (years * PARTNERS.length * PRODUCTS.length)) % 2]!;
    const value = Math.round(rnd() * 50000) / 10;
    rows.push([year, flow, product[0], product[1], partner, value]);
  }
  return rows;
}

export function longCsv(rows: readonly LongRow[]): string {
  return `${LONG_HEADER.join(',')}\n${rows.map((r) => r.join(',')).join('\n')}\n`;
}

/** The rows as an .xlsx workbook: sheet `sheet`, header at `origin` (e.g. B3), numbers typed as numbers. */
export function longXlsx(rows: readonly LongRow[], options: { sheet?: string; origin?: string; extraSheets?: string[] } = {}): Buffer {
  const ws = XLSX.utils.aoa_to_sheet([[...LONG_HEADER], ...rows.map((r) => [...r])], { origin: options.origin ?? 'A1' });
  const wb = XLSX.utils.book_new();
  for (const name of options.extraSheets ?? []) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['notes'], ['made-up test workbook']]), name);
  XLSX.utils.book_append_sheet(wb, ws, options.sheet ?? 'Data');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

/** Sum of value_usd_m over the rows that pass `keep`, grouped by `key`, computed without brief. */
export function sumBy(rows: readonly LongRow[], keep: (r: LongRow) => boolean, key: (r: LongRow) => string | number): Map<string | number, number> {
  const out = new Map<string | number, number>();
  for (const r of rows) if (keep(r)) out.set(key(r), (out.get(key(r)) ?? 0) + r[5]);
  return out;
}
