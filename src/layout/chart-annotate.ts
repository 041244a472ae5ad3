/**
 * `annotate:` — a one-line figure computed from the data, printed by the layout next to the chart:
 *   annotate: cagr                                   → "+2.0% a year, 2015–2024" (first series, whole range)
 *   annotate: { cagr: total_usd_bn, from: 2015, to: 2024 }
 *   annotate: { change: exports_usd_bn }             → "−3.0%, 2015–2024"
 *   annotate: { difference: balance, from: 2015 }    → "−53.7, 2015–2024" (in the series' number format)
 */
import { isScalar } from 'yaml';
import { formatNumber } from '../data/number-format.js';
import type { DataSet } from '../data/types.js';
import { didYouMean } from '../diagnostics.js';
import { compoundGrowth, percentChange } from '../data/lookup.js';
import { defaultFormat, findNumericColumn, numericValues } from './chart-data.js';
import { isMapNode, mapEntries, scalarValue } from './chart-yaml.js';
import type { Entry, YamlContext, YamlNode } from './chart-yaml.js';

export const ANNOTATIONS = ['cagr', 'change', 'difference'] as const;
export type AnnotationKind = (typeof ANNOTATIONS)[number];

const MINUS = '\u2212';

export interface AnnotateContext {
  dataset: DataSet;
  categories: string[];
  /** The first charted column, used when `annotate` names no column. */
  defaultColumn?: string;
  /** Periods between two rows for a CAGR (data/lookup's periodsBetween when x is the category column). */
  periods(from: number, to: number): number;
  /** True when those periods are years, so the CAGR reads "a year". */
  periodsAreYears: boolean;
  /** Number format per charted column (for `difference`). */
  formatOf(column: string): string | undefined;
}

export function annotationText(entry: Entry, ac: AnnotateContext, ctx: YamlContext): string | undefined {
  let kind: AnnotationKind | undefined;
  let kindNode: YamlNode | null = entry.value;
  let column: string | undefined;
  let columnNode: YamlNode | null = entry.value;
  let from: Entry | undefined;
  let to: Entry | undefined;

  if (isScalar(entry.value)) {
    const text = String(entry.value.value);
    if (!(ANNOTATIONS as readonly string[]).includes(text)) {
      const guess = didYouMean(text, ANNOTATIONS);
      ctx.error(`unknown annotation \`${text}\``, entry.value, guess ? `did you mean \`${guess}\`?` : `use one of ${ANNOTATIONS.join(' | ')}`);
      return undefined;
    }
    kind = text as AnnotationKind;
  } else if (isMapNode(entry.value)) {
    const entries = mapEntries(entry.value, [...ANNOTATIONS, 'from', 'to'], 'annotate', ctx);
    const kinds = ANNOTATIONS.filter((k) => entries.has(k));
    if (kinds.length !== 1) {
      ctx.error(
        kinds.length === 0 ? 'annotate needs one of cagr, change, difference' : `annotate takes one figure, not ${kinds.join(' and ')}`,
        entry.value,
        'e.g. `annotate: { cagr: total_usd_bn, from: 2015, to: 2024 }`',
      );
      return undefined;
    }
    kind = kinds[0]!;
    const k = entries.get(kind)!;
    kindNode = k.value ?? k.keyNode;
    const v = scalarValue(k.value);
    if (typeof v === 'string' || typeof v === 'number') {
      column = String(v);
      columnNode = k.value;
    } else if (v !== true && v !== null && v !== undefined) {
      ctx.error(`\`${kind}\` names the column to compute it on`, kindNode, `e.g. \`${kind}: total_usd_bn\``);
      return undefined;
    }
    from = entries.get('from');
    to = entries.get('to');
  } else {
    ctx.error('annotate must be cagr, change, difference, or a map like { cagr: column, from: 2015, to: 2024 }', entry.value ?? entry.keyNode);
    return undefined;
  }

  column ??= ac.defaultColumn;
  if (column === undefined) {
    ctx.error(`\`${kind}\` needs a column`, kindNode);
    return undefined;
  }
  const col = findNumericColumn(ac.dataset, column, columnNode, ctx);
  if (!col) return undefined;
  const values = numericValues(col);

  const indexOf = (e: Entry | undefined, fallback: number): number | undefined => {
    if (!e) return fallback;
    const v = scalarValue(e.value);
    const text = typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
    const i = text === undefined ? -1 : ac.categories.indexOf(text);
    if (i < 0) {
      const guess = text !== undefined ? didYouMean(text, ac.categories) : undefined;
      ctx.error(
        `annotate: \`${e.key}: ${text ?? ''}\` is not a category of the chart`,
        e.value ?? e.keyNode,
        guess ? `did you mean \`${guess}\`?` : `categories run ${ac.categories[0] ?? ''}–${ac.categories[ac.categories.length - 1] ?? ''}`,
      );
      return undefined;
    }
    return i;
  };
  const firstValued = values.findIndex((v) => v !== null);
  let lastValued = -1;
  values.forEach((v, i) => {
    if (v !== null) lastValued = i;
  });
  const i0 = indexOf(from, firstValued);
  const i1 = indexOf(to, lastValued);
  if (i0 === undefined || i1 === undefined) return undefined;
  if (i0 < 0 || i1 < 0) {
    ctx.error(`annotate: column \`${column}\` has no values`, columnNode);
    return undefined;
  }
  if (i1 <= i0) {
    ctx.error(`annotate: \`to\` (${ac.categories[i1]}) must come after \`from\` (${ac.categories[i0]})`, (to ?? from)?.value ?? entry.value);
    return undefined;
  }
  const c0 = ac.categories[i0]!;
  const c1 = ac.categories[i1]!;
  const v0 = values[i0];
  const v1 = values[i1];
  for (const [v, c, e] of [
    [v0, c0, from],
    [v1, c1, to],
  ] as const) {
    if (v === null || v === undefined) {
      ctx.error(`annotate: \`${column}\` has no value for ${c}`, e?.value ?? columnNode);
      return undefined;
    }
  }
  const a = v0!;
  const b = v1!;
  const range = `${c0}\u2013${c1}`;

  if (kind === 'difference') {
    const format = ac.formatOf(column) ?? defaultFormat(values);
    return `${signed(b - a, format)}, ${range}`;
  }
  if (kind === 'change') {
    const pct = percentChange(a, b);
    if (pct === null) {
      ctx.error(`annotate: change needs a non-zero starting value; \`${column}\` is 0 in ${c0}`, columnNode);
      return undefined;
    }
    return `${signed(pct / 100, '0.0%')}, ${range}`;
  }
  // CAGR over the years (or dates) between the rows when the categories are years, else per row.
  const yearly = ac.periodsAreYears;
  const pct = compoundGrowth(a, b, ac.periods(i0, i1));
  if (pct === null) {
    ctx.error(`annotate: cagr needs positive values; \`${column}\` is ${a} in ${c0} and ${b} in ${c1}`, columnNode);
    return undefined;
  }
  return `${signed(pct / 100, '0.0%')} ${yearly ? 'a year' : 'per period'}, ${range}`;
}

/** "+1.9%", "−18.0", "0.0%": the sign comes from the rounded figure. */
function signed(value: number, format: string): string {
  const figure = formatNumber(Math.abs(value), format);
  if (figure === formatNumber(0, format)) return figure;
  return (value < 0 ? MINUS : '+') + figure;
}
