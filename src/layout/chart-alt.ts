/**
 * Alt text written from a chart's data, so that a screen reader says what the chart shows and not
 * a column name: the kind of chart, what is measured and in which units, the range of categories,
 * each series' lowest and highest value with their categories, its last value and the change over
 * the period ("Column chart of total trade with China, US$ bn, 2015–2024: lowest 211.4 in 2016,
 * highest 310.4 in 2022, 272.9 in 2024, up 20% over the period").
 */
import { formatNumber } from '../data/number-format.js';
import type { ChartSeries, ChartSpec } from '../deck/types.js';
import { wordsFor } from './words.js';

export interface AltInput {
  spec: ChartSpec;
  /** What the chart measures when it has one series without a label: the chart's title, or the column. */
  measure?: string;
  units?: string;
  lang: string;
  /**
   * The words for series the chart block did not label (their name is the column's), by series
   * name: a screen reader says "exports", not "exports_usd_bn" (layout/column-names.ts).
   */
  spoken?: ReadonlyMap<string, string>;
  /** A waterfall's original changes (the spec holds its drawn parts). */
  changes?: (number | null)[];
  totals?: ReadonlySet<number>;
}

export function chartAltText(input: AltInput): string {
  const { spec, lang } = input;
  const w = wordsFor(lang);
  const kind = w.chartKinds[spec.type] ?? spec.type;
  const visible = spec.series.filter((s) => !s.hidden && !s.markersOnly);
  const cats = spec.categories;
  const range = cats.length > 1 ? `${cats[0]}–${cats[cats.length - 1]}` : (cats[0] ?? '');
  const fmt = (s: ChartSeries | undefined, v: number) =>
    formatNumber(v, s?.axis === 'secondary' ? (spec.secondaryNumberFormat ?? spec.numberFormat) : spec.numberFormat);

  const single = visible.length === 1 || spec.type === 'waterfall';
  const nameOf = (s: ChartSeries): string => input.spoken?.get(s.name) ?? s.name;
  const what = single ? (input.measure ?? (visible[0] ? nameOf(visible[0]) : '')) : visible.map(nameOf).join(w.comma);
  const head = [w.chartOf(kind, what), input.units, range].filter((p) => p !== undefined && p !== '').join(w.comma);

  if (spec.type === 'waterfall' && input.changes) {
    const ch = input.changes;
    const totals = input.totals ?? new Set<number>();
    const idx = ch.map((v, i) => i).filter((i) => ch[i] !== null && ch[i] !== undefined);
    const parts: string[] = [];
    const first = idx[0];
    const last = idx[idx.length - 1];
    if (first !== undefined && last !== undefined && totals.has(first) && totals.has(last) && first !== last) {
      parts.push(w.bridge(fmt(undefined, ch[first]!), cats[first]!, fmt(undefined, ch[last]!), cats[last]!));
    }
    const moves = idx.filter((i) => !totals.has(i));
    const rise = moves.filter((i) => ch[i]! > 0).sort((a, b) => ch[b]! - ch[a]!)[0];
    const fall = moves.filter((i) => ch[i]! < 0).sort((a, b) => ch[a]! - ch[b]!)[0];
    if (rise !== undefined) parts.push(w.biggestRise(signed(fmt(undefined, ch[rise]!), ch[rise]!), cats[rise]!));
    if (fall !== undefined) parts.push(w.biggestFall(fmt(undefined, ch[fall]!), cats[fall]!));
    return parts.length ? head + w.colon + parts.join(w.comma) : head;
  }

  const summaries = visible.map((s) => {
    const text = seriesSummary(s, cats, (v) => fmt(s, v), w, spec.type === 'pie' || spec.type === 'doughnut');
    return single ? text : `${nameOf(s)}${w.colon}${text}`;
  });
  const body = summaries.filter((t) => t !== '').join(w.and);
  return body ? head + w.colon + body : head;
}

function signed(text: string, v: number): string {
  return v > 0 && !/^[+]/.test(text) ? `+${text}` : text;
}

function seriesSummary(s: ChartSeries, cats: readonly string[], fmt: (v: number) => string, w: ReturnType<typeof wordsFor>, parts: boolean): string {
  const idx = s.values.map((_, i) => i).filter((i) => s.values[i] !== null && s.values[i] !== undefined);
  if (idx.length === 0) return '';
  const v = (i: number) => s.values[i]!;
  let lo = idx[0]!;
  let hi = idx[0]!;
  for (const i of idx) {
    if (v(i) < v(lo)) lo = i;
    if (v(i) > v(hi)) hi = i;
  }
  const out = [w.lowest(fmt(v(lo)), cats[lo]!), w.highest(fmt(v(hi)), cats[hi]!)];
  // a pie's slices have no order: no "last value" and no change over a period
  if (parts || idx.length < 2) return out.join(w.comma);
  const first = idx[0]!;
  const last = idx[idx.length - 1]!;
  const a = v(first);
  const b = v(last);
  if (a > 0 && b > 0) {
    if (last !== hi && last !== lo) out.push(w.lastValue(fmt(v(last)), cats[last]!));
    const pct = Math.round(((b - a) / a) * 100);
    if (pct !== 0) out.push(w.change(pct > 0, `${Math.abs(pct)}%`));
  } else if (a !== b) out.push(w.fromTo(fmt(a), cats[first]!, fmt(b), cats[last]!));
  return out.join(w.comma);
}
