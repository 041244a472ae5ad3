/**
 * Looking columns up in a DataSet for a chart, and the number helpers charts share.
 */
import { didYouMean } from '../diagnostics.js';
import { clean, columnDecimals } from '../data/lookup.js';
import type { Cell, Column, DataSet } from '../data/types.js';
import type { YamlContext, YamlNode } from './chart-yaml.js';

/** Types a chart can plot on a value axis. */
const NUMERIC: ReadonlySet<string> = new Set(['number', 'year']);

export function isNumericColumn(column: Column): boolean {
  return NUMERIC.has(column.type);
}

/** A column by name; an error with a did-you-mean when the dataset has no such column. */
export function findColumn(dataset: DataSet, name: string, node: YamlNode | null | undefined, ctx: YamlContext): Column | undefined {
  const column = dataset.columns.find((c) => c.name === name);
  if (column) return column;
  const names = dataset.columns.map((c) => c.name);
  const guess = didYouMean(name, names);
  ctx.error(
    `unknown column \`${name}\` in dataset \`${dataset.name}\``,
    node,
    guess ? `did you mean \`${guess}\`?` : `${dataset.file} has the columns ${names.join(', ')}`,
  );
  return undefined;
}

/** A column whose values can be charted; text and date columns are errors naming the column. */
export function findNumericColumn(dataset: DataSet, name: string, node: YamlNode | null | undefined, ctx: YamlContext): Column | undefined {
  const column = findColumn(dataset, name, node, ctx);
  if (!column) return undefined;
  if (isNumericColumn(column)) return column;
  const numeric = dataset.columns.filter(isNumericColumn).map((c) => c.name);
  ctx.error(
    `column \`${name}\` of dataset \`${dataset.name}\` holds ${column.type === 'date' ? 'dates' : 'text'}, which cannot be charted as values`,
    node,
    numeric.length > 0 ? `chart a numeric column: ${numeric.join(', ')}` : `${dataset.file} has no numeric column`,
  );
  return undefined;
}

/** Category text of a cell: years and numbers as written, empty for a blank cell. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  return typeof cell === 'number' ? String(cell) : cell;
}

/** A column's values as numbers (binary noise rounded away, as in prose), nulls kept. */
export function numericValues(column: Column): (number | null)[] {
  return column.values.map((v) => (typeof v === 'number' ? clean(v) : null));
}

/**
 * The default number format for values: thousands separators and as many decimals as the data
 * has (the same rule as numbers in prose): 137.1 → '#,##0.0', 1,250 → '#,##0'.
 */
export function defaultFormat(values: readonly (number | null)[]): string {
  const decimals = columnDecimals(values);
  return decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`;
}
