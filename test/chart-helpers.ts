import { readFileSync } from 'node:fs';
import { parseDataSet } from '../src/data/load.js';
import type { DataSet } from '../src/data/types.js';
import type { ChartTheme } from '../src/layout/chart.js';
import { sampleCsvPath } from './helpers/tools.js';

export const CSV_PATH = sampleCsvPath;

export const THEME: ChartTheme = {
  palette: ['1F4E79', '#C55A11', '7F7F7F'],
  negative: 'C00000',
  positive: '2E7D32',
  highlight: '#FFB000',
  text: '222222',
  muted: '7F7F7F',
  grid: 'D9D9D9',
  fontFace: 'Calibri',
  fontSize: 12,
};

export function tradeDataSet(): DataSet {
  const text = readFileSync(CSV_PATH, 'utf8');
  const { dataset, diagnostics } = parseDataSet(
    'trade',
    { file: 'data/korea-china-trade.csv', source: 'MOTIE; KITA', units: 'US$ bn', at: { file: 'deck.yaml', line: 6 } },
    text,
  );
  if (!dataset) throw new Error(`sample CSV did not load: ${JSON.stringify(diagnostics)}`);
  return dataset;
}

/** The CSV read independently of the loader, to compare chart values with. */
export function csvColumns(): Record<string, string[]> {
  const [head, ...rows] = readFileSync(CSV_PATH, 'utf8').trim().split(/\r?\n/);
  const names = head!.split(',');
  const out: Record<string, string[]> = {};
  names.forEach((n, i) => (out[n] = rows.map((r) => r.split(',')[i]!)));
  return out;
}

export function datasets(): Map<string, DataSet> {
  return new Map([['trade', tradeDataSet()]]);
}
