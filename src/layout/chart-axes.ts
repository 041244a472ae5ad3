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
  const decimals = Math.min(20, Math.max(0, -Math.floor(Math.log10(step)) + 2));
  const r = Number(n.toFixed(decimals));
  return Object.is(r, -0) ? 0 : r;
}

/**
 * Round bounds around [lo, hi]. With data labels (`pad`), the bounds leave a twentieth of the range
 * of the data beyond the longest bar (or highest point), so its label stays in the chart: the step
 * is chosen for the data with that room added, not by adding a whole step after the fact (which
 * took a −18 bar's axis to −40 with steps of 20, where −30 with steps of 10 leaves the room).
 */
export function niceScale(lo: number, hi: number, pad: { top: boolean; bottom: boolean } = { top: false, bottom: false }): Scale {
  if (lo === hi) {
    if (lo === 0) return { min: 0, max: 1, step: 0.2 };
    const pad = Math.abs(lo) * 0.1;
    lo = lo > 0 ? Math.min(0, lo - pad) : lo - pad;
    hi = hi < 0 ? Math.max(0, hi + pad) : hi + pad;
  }
  const room = (hi - lo) / 20;
  const padded = (pad.top && hi > 0) || (pad.bottom && lo < 0);
  const top = pad.top && hi > 0 ? hi + room : hi;
  const bottom = pad.bottom && lo < 0 ? lo - room : lo;
  // of the round steps that give 4 to 8 gridlines (10 when labels need room), the one that
  // wastes least room (ties: fewer lines)
  const base = niceStep((hi - lo) / TARGET_STEPS);
  const candidates = [base / 2.5, base / 2, base, base * 2].map((c) => niceStep(c * (1 - 1e-9)));
  let step = base;
  let best = Infinity;
  for (const c of candidates) {
    const lines = Math.ceil(top / c - 1e-9) - Math.floor(bottom / c + 1e-9);
    if (lines < 4 || lines > (padded ? 10 : 8)) continue;
    const range = lines * c;
    if (range < best - 1e-9 || (Math.abs(range - best) < 1e-9 && c > step)) {
      best = range;
      step = c;
    }
  }
  const min = Math.floor(bottom / step + 1e-9) * step;
  const max = Math.ceil(top / step - 1e-9) * step;
  return { min: clean(min, step), max: clean(max, step), step };
}

/** The lowest and highest value the axis must show: bar stacks as sums, waterfalls as running totals. */
function extentOf(spec: ChartSpec, axis: 'primary' | 'secondary'): Extent | undefined {
  const series = spec.series.filter((s) => (s.axis ?? 'primary') === axis && !s.hidden && !s.markersOnly);
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

/**
 * Values no round scale can show (1e308, 1e-173 apart) are left to the renderers' own scaling, as
 * are bounds a user wrote that no step divides sensibly.
 */
function sane(s: Scale): boolean {
  const lines = (s.max - s.min) / s.step;
  return [s.min, s.max, s.step].every(Number.isFinite) && s.step >= 1e-12 && Math.abs(s.min) < 1e15 && Math.abs(s.max) < 1e15 && s.max > s.min && lines <= 50;
}

function write(axis: ValueAxis, s: Scale): void {
  if (!sane(s)) return;
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
  if (!pe || !Number.isFinite(pe.hi - pe.lo)) return;
  const primaryShown = shown(pe, spec.valueAxis);
  // labels sit above line points and beyond the ends of bars, below zero too
  const bars = ['column', 'bar', 'stacked-column', 'stacked-bar', 'waterfall'].includes(spec.type);
  const pad = { top: spec.dataLabels, bottom: spec.dataLabels && bars };
  const primary = scaleFor(primaryShown, spec.valueAxis, pad);
  const y2 = spec.secondaryValueAxis;
  const se = y2 ? extentOf(spec, 'secondary') : undefined;
  if (!y2 || !se || !Number.isFinite(se.hi - se.lo)) {
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
  // the same count of steps below and above zero on both axes, so zeros and gridlines coincide:
  // of the round steps for each axis, the pair that leaves least empty room on the two together
  const aligned = alignedSteps(primaryShown, secondaryShown, spec.dataLabels);
  for (const [axis, step] of [
    [spec.valueAxis, aligned.p],
    [y2, aligned.q],
  ] as const) {
    write(axis, { min: clean(-aligned.below * step, step), max: clean(aligned.above * step, step), step });
  }
}

/** Round steps that divide [lo, hi] into 2 to 10 parts. */
function stepsFor(e: Extent): number[] {
  const range = Math.max(e.hi - e.lo, Number.EPSILON);
  const out = new Set<number>();
  for (let parts = 2; parts <= 10; parts++) out.add(niceStep(range / parts));
  return [...out];
}

function alignedSteps(p: Extent, s: Extent, pad: boolean): { p: number; q: number; below: number; above: number } {
  let best: { p: number; q: number; below: number; above: number; waste: number } | undefined;
  const room = (e: Extent) => (pad ? (e.hi - e.lo) / 20 : 0);
  for (const ps of stepsFor(p)) {
    for (const qs of stepsFor(s)) {
      const below = Math.max(Math.ceil(-p.lo / ps - 1e-9), Math.ceil(-s.lo / qs - 1e-9), 0);
      const above = Math.max(Math.ceil((p.hi + (p.hi > 0 ? room(p) : 0)) / ps - 1e-9), Math.ceil((s.hi + (s.hi > 0 ? room(s) : 0)) / qs - 1e-9), 0);
      const lines = below + above;
      if (lines < 4 || lines > 8) continue;
      const waste = (lines * ps) / Math.max(p.hi - p.lo, Number.EPSILON) + (lines * qs) / Math.max(s.hi - s.lo, Number.EPSILON) + lines * 0.01;
      if (!best || waste < best.waste - 1e-9) best = { p: ps, q: qs, below, above, waste };
    }
  }
  if (best) return best;
  const a = niceScale(p.lo, p.hi);
  const b = niceScale(s.lo, s.hi);
  const below = Math.max(Math.round(-a.min / a.step), Math.round(-b.min / b.step));
  const above = Math.max(Math.round(a.max / a.step), Math.round(b.max / b.step));
  return { p: a.step, q: b.step, below, above };
}

/**
 * Whether the categories sit on the tick marks, the first and last at the plot's edges (PowerPoint's
 * `crossBetween="midCat"`, chart.js's `offset: false`), rather than in the middle of a category's
 * band. An area shows an amount running through a period, and the half-band gaps at either end
 * would read as missing data, so a chart whose series are areas (with or without lines) runs edge
 * to edge. Bars need their bands, so any bar series keeps the categories between the ticks, as
 * lines alone do (PowerPoint's default).
 */
export function categoriesOnTicks(spec: ChartSpec): boolean {
  if (spec.type === 'area') return true;
  if (spec.type !== 'combo') return false;
  const drawn = spec.series.filter((s) => !s.hidden && !s.markersOnly);
  return drawn.some((s) => s.type === 'area') && !drawn.some((s) => s.type === undefined || s.type === 'column' || s.type === 'bar');
}
