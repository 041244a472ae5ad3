/**
 * Value-axis bounds, decided once in layout so that PowerPoint and chart.js draw the same scale
 * (neither renderer's own auto-scaling is trusted: they round differently).
 *
 * A secondary axis that shares zero with the primary one gets its zero at the same height, with
 * the same number of major units above and below zero on both axes, so the gridlines of the
 * primary axis are also the secondary axis's ticks (think-cell's default).
 */
import type { ChartSpec, ValueAxis } from '../deck/types.js';

interface Extent {
  lo: number;
  hi: number;
}

interface Scale {
  min: number;
  max: number;
  step: number;
}

/** The steps a reader counts in comfortably: 1, 2, 2.5, 5 times a power of ten. */
const NICE = [1, 2, 2.5, 5, 10];
/** About this many major units between the bounds. */
const TARGET_STEPS = 5;

export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (NICE.find((n) => n >= m - 1e-9) ?? 10) * power;
}

/** Rounds away the binary noise of multiplying a decimal step (0.1 × 3 = 0.30000000000000004). */
function clean(n: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  const r = Number(n.toFixed(decimals));
  return Object.is(r, -0) ? 0 : r;
}

/**
 * Round bounds around [lo, hi]. With data labels (`pad`), a bound that lands within a twentieth of
 * the range of the data gets one more step, so a label beyond the longest bar stays in the chart.
 */
export function niceScale(lo: number, hi: number, pad: { top: boolean; bottom: boolean } = { top: false, bottom: false }): Scale {
  if (lo === hi) {
    if (lo === 0) return { min: 0, max: 1, step: 0.2 };
    const pad = Math.abs(lo) * 0.1;
    lo = lo > 0 ? Math.min(0, lo - pad) : lo - pad;
    hi = hi < 0 ? Math.max(0, hi + pad) : hi + pad;
  }
  const step = niceStep((hi - lo) / TARGET_STEPS);
  let min = Math.floor(lo / step + 1e-9) * step;
  let max = Math.ceil(hi / step - 1e-9) * step;
  const room = (hi - lo) / 20;
  if (pad.top && hi > 0 && max - hi < room) max += step;
  if (pad.bottom && lo < 0 && lo - min < room) min -= step;
  return { min: clean(min, step), max: clean(max, step), step };
}

/** The lowest and highest value the axis must show: bar stacks as sums, waterfalls as running totals. */
function extentOf(spec: ChartSpec, axis: 'primary' | 'secondary'): Extent | undefined {
  const series = spec.series.filter((s) => (s.axis ?? 'primary') === axis && !s.hidden);
  const values: number[] = [];
  if (spec.type === 'stacked-column' || spec.type === 'stacked-bar' || spec.type === 'waterfall') {
    // a waterfall's base series is part of the stack too: the stack ends where the bar ends
    const all = spec.type === 'waterfall' ? spec.series : series;
    spec.categories.forEach((_, i) => {
      let up = 0;
      let down = 0;
      for (const s of all) {
        const v = s.values[i];
        if (v === null || v === undefined) continue;
        if (v >= 0) up += v;
        else down += v;
      }
      values.push(up, down);
    });
  } else for (const s of series) for (const v of s.values) if (v !== null) values.push(v);
  if (values.length === 0) return undefined;
  return { lo: Math.min(...values), hi: Math.max(...values) };
}

/** The extent an axis shows: with `beginAtZero` it reaches zero; explicit bounds replace the data's. */
function shown(e: Extent, axis: ValueAxis): Extent {
  let { lo, hi } = e;
  if (axis.beginAtZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (axis.min !== undefined) lo = axis.min;
  if (axis.max !== undefined) hi = axis.max;
  return { lo, hi };
}

function scaleFor(e: Extent, axis: ValueAxis, pad: { top: boolean; bottom: boolean }): Scale {
  const s = niceScale(e.lo, e.hi, pad);
  // explicit bounds stay exactly as written; the step then divides their range
  if (axis.min !== undefined || axis.max !== undefined) {
    const min = axis.min ?? s.min;
    const max = axis.max ?? s.max;
    return { min, max, step: niceStep((max - min) / TARGET_STEPS) };
  }
  return s;
}

function write(axis: ValueAxis, s: Scale): void {
  axis.min = s.min;
  axis.max = s.max;
  axis.majorUnit = s.step;
}

/**
 * Writes min, max and majorUnit into the spec's value axes (not for pie, doughnut or scatter,
 * whose axes the renderers scale alike on their own: pies have none, a scatter's x is numeric).
 */
export function decideAxes(spec: ChartSpec): void {
  if (spec.type === 'pie' || spec.type === 'doughnut' || spec.type === 'scatter') return;
  const pe = extentOf(spec, 'primary');
  if (!pe) return;
  const primaryShown = shown(pe, spec.valueAxis);
  // labels sit above line points and beyond the ends of bars, below zero too
  const bars = ['column', 'bar', 'stacked-column', 'stacked-bar', 'waterfall'].includes(spec.type);
  const pad = { top: spec.dataLabels, bottom: spec.dataLabels && bars };
  const primary = scaleFor(primaryShown, spec.valueAxis, pad);
  const y2 = spec.secondaryValueAxis;
  const se = y2 ? extentOf(spec, 'secondary') : undefined;
  if (!y2 || !se) {
    write(spec.valueAxis, primary);
    return;
  }
  const secondaryShown = shown(se, y2);
  const secondary = scaleFor(secondaryShown, y2, pad);
  const explicit = [spec.valueAxis.min, spec.valueAxis.max, y2.min, y2.max].some((v) => v !== undefined);
  const includesZero = (s: Scale) => s.min <= 0 && s.max >= 0;
  if (explicit || !includesZero(primary) || !includesZero(secondary)) {
    write(spec.valueAxis, primary);
    write(y2, secondary);
    return;
  }
  // the same count of steps below and above zero on both axes: zeros and gridlines coincide
  const below = Math.max(Math.round(-primary.min / primary.step), Math.round(-secondary.min / secondary.step));
  const above = Math.max(Math.round(primary.max / primary.step), Math.round(secondary.max / secondary.step));
  for (const [axis, s] of [
    [spec.valueAxis, primary],
    [y2, secondary],
  ] as const) {
    write(axis, { min: clean(-below * s.step, s.step), max: clean(above * s.step, s.step), step: s.step });
  }
}
