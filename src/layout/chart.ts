/**
 * A ```chart block (YAML) + the DataSets → a ChartSpec: every decision about a chart (series,
 * colours, formats, axes, highlights) is made here, so that the PPTX and chart.js renderers only
 * translate. The options are documented in docs/charts.md.
 */
import { isScalar, isSeq } from 'yaml';
import { deriveColumns } from '../data/derive.js';
import { applyTransforms, readTransformSteps } from '../data/transform.js';
import { periodsBetween } from '../data/lookup.js';
import { checkNumberFormat, withTrueMinus } from '../data/number-format.js';
import type { Cell, Column, DataSet } from '../data/types.js';
import type { ChartSeries, ChartSpec, ChartType, ThemeColorRef } from '../deck/types.js';
import { didYouMean, hasErrors } from '../diagnostics.js';
import type { Diagnostic, SourcePoint } from '../diagnostics.js';
import { stripInvalidXmlChars } from '../text/sanitize.js';
import { formatNumber } from '../data/number-format.js';
import { chartAltText } from './chart-alt.js';
import { humanizeColumn } from './column-names.js';
import { annotationText } from './chart-annotate.js';
import { decideAxes } from './chart-axes.js';
import { normalizeHex, paletteColor, themedPaletteColor, themedShade } from './chart-colors.js';
import { cellText, defaultFormat, findColumn, findNumericColumn, isNumericColumn, numericValues } from './chart-data.js';
import {
  YamlContext,
  isMapNode,
  mapEntries,
  parseYaml,
  readBoolean,
  readChoice,
  readNumber,
  readString,
  scalarValue,
  seqItems,
} from './chart-yaml.js';
import type { Entry, YamlNode } from './chart-yaml.js';

export interface ChartTheme {
  palette: string[];
  negative: string;
  positive: string;
  highlight: string;
  text: string;
  muted: string;
  grid: string;
  fontFace: string;
  fontSize: number;
  /** Theme references of the colours above, on a PowerPoint-file template (palette: parallel to it). */
  refs?: { palette?: (ThemeColorRef | null)[]; highlight?: ThemeColorRef; muted?: ThemeColorRef; text?: ThemeColorRef; grid?: ThemeColorRef };
  /** The deck's language, for the alt text written from the data. */
  lang?: string;
}

export interface ChartBlockResult {
  spec?: ChartSpec;
  /** "MOTIE; KITA": the layout prints "Source: …" under the chart. */
  source?: string;
  /** A computed figure such as "+2.0% a year, 2015–2024" (see `annotate`). */
  annotation?: string;
  diagnostics: Diagnostic[];
}

export const CHART_TYPES: readonly ChartType[] = [
  'column',
  'bar',
  'line',
  'area',
  'combo',
  'stacked-column',
  'stacked-bar',
  'pie',
  'doughnut',
  'scatter',
  'waterfall',
];

export const CHART_OPTIONS = [
  'type',
  'data',
  'transform',
  'x',
  'sort',
  'series',
  'y',
  'derive',
  'format',
  'secondaryFormat',
  'labels',
  'legend',
  'min',
  'max',
  'beginAtZero',
  'y2Min',
  'y2Max',
  'xTitle',
  'yTitle',
  'y2Title',
  'highlight',
  'negative',
  'annotate',
  'title',
  'source',
  'alt',
  'totals',
] as const;

const SERIES_OPTIONS = ['column', 'label', 'color', 'type', 'axis'] as const;
const SERIES_TYPES = ['column', 'line', 'area'] as const;
type SeriesDraw = (typeof SERIES_TYPES)[number];
const AXES = ['primary', 'secondary'] as const;
type Axis = (typeof AXES)[number];
const LEGENDS = ['top', 'bottom', 'left', 'right', 'none'] as const;

interface SeriesRequest {
  column: string;
  node: YamlNode | null;
  label?: string;
  color?: string;
  type?: SeriesDraw;
  typeNode?: YamlNode | null;
  axis?: Axis;
  axisNode?: YamlNode | null;
}

interface ResolvedSeries extends SeriesRequest {
  values: (number | null)[];
}

/** PowerPoint draws at most 32,000 points in a series. */
export const MAX_SERIES_POINTS = 32000;
/** Beyond these a chart is unreadable on a slide: a warning says how to shape the data. */
export const READABLE_CATEGORIES = 200;
export const READABLE_LINE_POINTS = 5000;
const SHAPE_HINT = 'shape the data in the dataset or the chart block with `transform:`: filter the rows, group them (sum by year or product), or keep the top N with an "others" row';

/** The `transform:` of a block, run on its dataset; undefined (with the step's error) when a step fails. */
export function shapeBlockData(dataset: DataSet, node: YamlNode | null, ctx: YamlContext): DataSet | undefined {
  const steps = readTransformSteps(node, (n) => ctx.pos(n as YamlNode), ctx.diagnostics);
  if (!steps || hasErrors(ctx.diagnostics)) return undefined;
  const shaped = applyTransforms(dataset, steps);
  ctx.diagnostics.push(...shaped.diagnostics);
  return shaped.dataset;
}

/** Too many points for PowerPoint is an error; more than a reader can use is a warning. False on error. */
function readable(type: ChartType, points: number, xColumn: { name: string; values: readonly unknown[] }, ds: DataSet, node: YamlNode | null, ctx: YamlContext): boolean {
  if (points > MAX_SERIES_POINTS) {
    ctx.error(`the chart has ${points.toLocaleString('en')} points in each series; PowerPoint draws at most ${MAX_SERIES_POINTS.toLocaleString('en')}`, node, SHAPE_HINT);
    return false;
  }
  if (ds.long && type !== 'scatter' && xColumn.name === ds.categoryColumn && new Set(xColumn.values).size < xColumn.values.length) {
    ctx.error(`\`${xColumn.name}\` repeats in ${ds.name}: a long table has several rows per ${xColumn.name}, and a chart needs one`, node, `${SHAPE_HINT}; e.g. transform: [ { group: { by: [${xColumn.name}], sum: [value] } } ]`);
    return false;
  }
  const isLine = type === 'line' || type === 'area' || type === 'scatter';
  if (isLine && points > READABLE_LINE_POINTS) {
    ctx.warn(`the chart draws ${points.toLocaleString('en')} points per line, more than a reader can follow on a slide (over ${READABLE_LINE_POINTS.toLocaleString('en')})`, node, SHAPE_HINT);
  } else if (!isLine && type !== 'pie' && type !== 'doughnut' && points > READABLE_CATEGORIES) {
    ctx.warn(`the chart has ${points.toLocaleString('en')} categories, more than a reader can tell apart (over ${READABLE_CATEGORIES})`, node, SHAPE_HINT);
  }
  return true;
}

export function chartBlockToSpec(
  yamlText: string,
  at: SourcePoint,
  datasets: ReadonlyMap<string, DataSet>,
  theme: ChartTheme,
  /** Datasets that failed to load: a chart of one is skipped without a diagnostic of its own. */
  failed: ReadonlySet<string> = new Set(),
): ChartBlockResult {
  const ctx = new YamlContext(at);
  const done = (extra?: Partial<ChartBlockResult>): ChartBlockResult => {
    if (hasErrors(ctx.diagnostics)) return { diagnostics: ctx.diagnostics };
    return { ...extra, diagnostics: ctx.diagnostics };
  };

  const root = parseYaml(yamlText, ctx);
  if (root === null && ctx.diagnostics.length > 0) return done();
  if (root === null || root === undefined || (isScalar(root) && (root.value === null || root.value === ''))) {
    ctx.error('empty chart block', null, 'a chart needs at least `data: <dataset>`, e.g.\n  type: column\n  data: trade\n  y: exports_usd_bn');
    return done();
  }
  if (!isMapNode(root)) {
    ctx.error('a chart block holds YAML options (`key: value` lines)', root, 'e.g. `type: column` and `data: trade` on separate lines');
    return done();
  }
  const o = mapEntries(root, CHART_OPTIONS, 'chart', ctx);

  // ── type ────────────────────────────────────────────────────────────────────────────────────
  const typeEntry = o.get('type');
  const chosenType: ChartType | undefined = typeEntry ? readChoice(typeEntry, CHART_TYPES, ctx, 'chart type') : 'column';

  // ── data ────────────────────────────────────────────────────────────────────────────────────
  const dataEntry = o.get('data');
  let dataset: DataSet | undefined;
  if (dataEntry) {
    const name = readString(dataEntry, ctx);
    if (name !== undefined) {
      dataset = datasets.get(name);
      if (!dataset && !failed.has(name)) {
        const names = [...datasets.keys()];
        const guess = didYouMean(name, names);
        ctx.error(
          `unknown dataset \`${name}\``,
          dataEntry.value,
          guess ? `did you mean \`${guess}\`?` : names.length > 0 ? `deck.yaml declares: ${names.join(', ')}` : 'declare datasets under `data:` in deck.yaml',
        );
      }
    }
  } else if (datasets.size === 1 && failed.size === 0) {
    dataset = [...datasets.values()][0];
  } else if (datasets.size === 0 && failed.size === 1) {
    // the one dataset failed to load and was reported
  } else {
    const names = [...datasets.keys()];
    ctx.error('the chart needs `data:` naming a dataset', root, names.length > 0 ? `one of: ${names.join(', ')}` : 'declare datasets under `data:` in deck.yaml');
  }
  if (!dataset || !chosenType) return done();
  const requestedType = chosenType;

  // ── transform ───────────────────────────────────────────────────────────────────────────────
  const transformEntry = o.get('transform');
  if (transformEntry) {
    const shaped = shapeBlockData(dataset, transformEntry.value, ctx);
    if (!shaped) return done();
    dataset = shaped;
  }

  // ── derive ──────────────────────────────────────────────────────────────────────────────────
  const deriveEntry = o.get('derive');
  if (deriveEntry) {
    if (!isMapNode(deriveEntry.value)) {
      ctx.error('`derive` maps new column names to expressions', deriveEntry.value ?? deriveEntry.keyNode, 'e.g. `derive: { balance: exports_usd_bn - imports_usd_bn }`');
      return done();
    }
    for (const pair of deriveEntry.value.items) {
      const name = scalarValue(pair.key as YamlNode);
      const expr = scalarValue(pair.value as YamlNode | null);
      const node = (pair.value as YamlNode | null) ?? (pair.key as YamlNode);
      if ((typeof name !== 'string' && typeof name !== 'number') || (typeof expr !== 'string' && typeof expr !== 'number')) {
        ctx.error('each `derive` entry is `name: expression`', node, 'e.g. `balance: exports_usd_bn - imports_usd_bn`');
        continue;
      }
      const result = deriveColumns(dataset, { [String(name)]: String(expr) }, ctx.pos(node));
      ctx.diagnostics.push(...result.diagnostics);
      dataset = result.dataset;
    }
    if (hasErrors(ctx.diagnostics)) return done();
  }
  const ds = dataset;

  // ── x / categories ──────────────────────────────────────────────────────────────────────────
  const xEntry = o.get('x');
  const xName = (xEntry ? readString(xEntry, ctx) : undefined) ?? ds.categoryColumn;
  const xColumn = findColumn(ds, xName, xEntry?.value ?? xEntry?.keyNode ?? root, ctx);
  if (!xColumn) return done();
  let categories = xColumn.values.map((c) => stripInvalidXmlChars(cellText(c)));
  let keepRows: number[] = categories.map((_, i) => i);
  let xValues: number[] | undefined;
  if (requestedType === 'scatter') {
    if (!isNumericColumn(xColumn)) {
      ctx.error(`a scatter chart needs a numeric x column; \`${xName}\` holds ${xColumn.type === 'date' ? 'dates' : 'text'}`, xEntry?.value ?? root, 'use a column chart for categories, or set `x:` to a numeric column');
      return done();
    }
    const xs = numericValues(xColumn);
    keepRows = keepRows.filter((i) => xs[i] !== null);
    if (keepRows.length < xs.length) {
      ctx.warn(`${xs.length - keepRows.length} row(s) with no \`${xName}\` value are left out of the scatter chart`, xEntry?.value ?? root);
    }
    xValues = keepRows.map((i) => xs[i]!);
    categories = keepRows.map((i) => categories[i]!);
    const sortEntry = o.get('sort');
    if (sortEntry) ctx.warn('`sort` is ignored: a scatter chart places each point by its x value', sortEntry.keyNode, 'remove `sort:`');
  } else {
    const order = categoryOrder(xColumn, ds, o.get('sort'), ctx, o.get('data')?.value ?? root);
    if (order) {
      keepRows = order;
      categories = keepRows.map((i) => categories[i]!);
    }
  }

  // ── series ──────────────────────────────────────────────────────────────────────────────────
  const requests = seriesRequests(o, ds, xName, root, ctx);
  if (!requests) return done();
  const resolved: ResolvedSeries[] = [];
  for (const r of requests) {
    const col = findNumericColumn(ds, r.column, r.node, ctx);
    if (col) {
      const all = numericValues(col);
      resolved.push({ ...r, values: keepRows.map((i) => all[i] ?? null) });
    }
  }
  if (hasErrors(ctx.diagnostics)) return done();
  if (!readable(requestedType, categories.length, xColumn, ds, xEntry?.value ?? dataEntry?.value ?? root, ctx)) return done();

  // ── chart type and combos ───────────────────────────────────────────────────────────────────
  const specType = decideType(requestedType, resolved, typeEntry, ctx);
  if (!specType) return done();
  const isPie = specType === 'pie' || specType === 'doughnut';
  if (isPie && resolved.length !== 1) {
    const e = o.get('series') ?? o.get('y');
    ctx.error(`a ${specType} chart draws one series, not ${resolved.length}`, e?.value ?? root, 'name one column with `y:`');
    return done();
  }
  if (specType === 'waterfall' && resolved.length !== 1) {
    const e = o.get('series') ?? o.get('y');
    ctx.error(`a waterfall draws one column of changes, not ${resolved.length}`, e?.value ?? root, 'name one column with `y:`; the categories listed in `totals:` hold whole amounts');
    return done();
  }
  if (specType !== 'waterfall' && o.get('totals')) ctx.warn('`totals` is ignored: only a waterfall has totals', o.get('totals')!.keyNode, 'use `type: waterfall`');
  if (isPie && resolved[0]!.values.some((v) => v !== null && v < 0)) {
    ctx.warn(`a ${specType} chart cannot show negative values (\`${resolved[0]!.column}\` has some)`, resolved[0]!.node);
  }

  // ── colours ─────────────────────────────────────────────────────────────────────────────────
  const series: ChartSeries[] = resolved.map((r, i) => {
    const paint = r.color ? { color: r.color } : themedPaletteColor(theme.palette, theme.refs?.palette, i, theme.text);
    const s: ChartSeries = {
      name: stripInvalidXmlChars(r.label ?? r.column),
      values: r.values,
      color: paint.color,
      ...(paint.ref ? { colorRef: paint.ref } : {}),
    };
    if (specType === 'combo') {
      s.type = r.type ?? 'column';
      s.axis = r.axis ?? 'primary';
    }
    return s;
  });
  const names = new Set<string>();
  for (const [i, s] of series.entries()) {
    if (names.has(s.name)) ctx.warn(`two series are labelled \`${s.name}\``, resolved[i]!.node, 'give each series its own `label` (PowerPoint\'s data sheet needs distinct names)');
    names.add(s.name);
  }

  // ── formats ─────────────────────────────────────────────────────────────────────────────────
  const secondary = series.filter((s) => s.axis === 'secondary');
  const primary = series.filter((s) => s.axis !== 'secondary');
  const formatEntry = o.get('format');
  const secondaryFormatEntry = o.get('secondaryFormat');
  // negative values print with the true minus (−), as in prose and tables: in the deck's labels
  // and axes and in the preview alike, since both take these codes
  const numberFormat = withTrueMinus(readFormat(formatEntry, ctx) ?? defaultFormat(primary.flatMap((s) => s.values)));
  let secondaryNumberFormat: string | undefined = readFormat(secondaryFormatEntry, ctx);
  if (secondary.length > 0) {
    secondaryNumberFormat = withTrueMinus(secondaryNumberFormat ?? (formatEntry ? numberFormat : defaultFormat(secondary.flatMap((s) => s.values))));
  } else if (secondaryFormatEntry) {
    ctx.warn('`secondaryFormat` is ignored: no series is on the secondary axis', secondaryFormatEntry.keyNode, 'put a series there with `axis: secondary`');
    secondaryNumberFormat = undefined;
  }

  // ── axes, labels, legend ────────────────────────────────────────────────────────────────────
  // a waterfall is read by its labels (the changes); its parts are not series a legend could name
  const dataLabels = readBoolean(o.get('labels'), ctx) ?? specType === 'waterfall';
  const legendDefault = isPie ? 'right' : series.length > 1 ? 'bottom' : 'none';
  let legend = readChoice(o.get('legend'), LEGENDS, ctx, 'legend position') ?? legendDefault;
  if (specType === 'waterfall' && legend !== 'none') {
    ctx.warn('a waterfall has no legend', o.get('legend')!.keyNode, 'its colours speak for themselves: increases, decreases and totals; drop `legend`');
    legend = 'none';
  }
  const min = readNumber(o.get('min'), ctx);
  const max = readNumber(o.get('max'), ctx);
  const y2Min = readNumber(o.get('y2Min'), ctx);
  const y2Max = readNumber(o.get('y2Max'), ctx);
  const beginAtZero = readBoolean(o.get('beginAtZero'), ctx) ?? true;
  for (const [lo, hi, key] of [
    [min, max, 'max'],
    [y2Min, y2Max, 'y2Max'],
  ] as const) {
    if (lo !== undefined && hi !== undefined && hi <= lo) ctx.error(`\`${key}\` (${hi}) must be greater than the minimum (${lo})`, o.get(key)!.value);
  }
  if (secondary.length === 0) {
    for (const key of ['y2Min', 'y2Max', 'y2Title'] as const) {
      const e = o.get(key);
      if (e) ctx.warn(`\`${key}\` is ignored: no series is on the secondary axis`, e.keyNode, 'put a series there with `axis: secondary`');
    }
  }
  const text = (key: string): string | undefined => {
    const v = readString(o.get(key), ctx);
    return v === undefined ? undefined : stripInvalidXmlChars(v);
  };

  const spec: ChartSpec = {
    type: specType,
    categories,
    series,
    numberFormat,
    dataLabels,
    legend,
    valueAxis: { beginAtZero },
    categoryAxis: {},
    fontFace: theme.fontFace,
    fontSize: theme.fontSize,
    textColor: normalizeHex(theme.text) ?? '000000',
    gridColor: normalizeHex(theme.grid) ?? 'D9D9D9',
    ...(theme.refs?.text ? { textColorRef: theme.refs.text } : {}),
    ...(theme.refs?.grid ? { gridColorRef: theme.refs.grid } : {}),
  };
  const title = text('title');
  if (title !== undefined) spec.title = title;
  if (xValues) spec.xValues = xValues;
  if (min !== undefined) spec.valueAxis.min = min;
  if (max !== undefined) spec.valueAxis.max = max;
  const yTitle = text('yTitle');
  if (yTitle !== undefined) spec.valueAxis.title = yTitle;
  const xTitle = text('xTitle');
  if (xTitle !== undefined) spec.categoryAxis.title = xTitle;
  const y2Title = text('y2Title');
  if (secondary.length > 0) {
    spec.secondaryNumberFormat = secondaryNumberFormat;
    spec.secondaryValueAxis = { beginAtZero };
    if (y2Min !== undefined) spec.secondaryValueAxis.min = y2Min;
    if (y2Max !== undefined) spec.secondaryValueAxis.max = y2Max;
    if (y2Title !== undefined) spec.secondaryValueAxis.title = y2Title;
  }
  if (isPie && (xTitle !== undefined || yTitle !== undefined)) {
    ctx.warn(`a ${specType} chart has no axes; \`xTitle\`/\`yTitle\` are ignored`, (o.get('xTitle') ?? o.get('yTitle'))!.keyNode);
    delete spec.valueAxis.title;
    delete spec.categoryAxis.title;
  }

  // ── per-point colours: pie slices, highlights, negatives ───────────────────────────────────
  let waterfall: { changes: (number | null)[]; totals: Set<number> } | undefined;
  if (specType === 'waterfall') waterfall = waterfallSeries(spec, o, theme, ctx);
  else applyPointColors(spec, o, theme, ctx, resolved.map((r) => r.column));
  decideAxes(spec);

  // ── annotation and source ───────────────────────────────────────────────────────────────────
  let annotation: string | undefined;
  const annotateEntry = o.get('annotate');
  if (annotateEntry) {
    annotation = annotationText(
      annotateEntry,
      {
        dataset: ds,
        categories: xColumn.values.map(cellText),
        defaultColumn: resolved[0]?.column,
        periods: (from, to) => (xName === ds.categoryColumn ? periodsBetween(ds, from, to) : to - from),
        periodsAreYears: xName === ds.categoryColumn && (xColumn.type === 'year' || xColumn.type === 'date'),
        formatOf: (column) => {
          const i = resolved.findIndex((r) => r.column === column);
          if (i < 0) return formatEntry ? numberFormat : undefined;
          return series[i]!.axis === 'secondary' ? secondaryNumberFormat : numberFormat;
        },
      },
      ctx,
    );
  }
  let source: string | undefined = ds.source;
  const sourceEntry = o.get('source');
  if (sourceEntry) {
    const v = scalarValue(sourceEntry.value);
    if (v === false || v === null) source = undefined;
    else source = readString(sourceEntry, ctx);
  }
  if (source !== undefined) source = stripInvalidXmlChars(source);

  // ── alt text ────────────────────────────────────────────────────────────────────────────────
  const alt = text('alt');
  if (alt !== undefined && alt.trim() !== '') spec.alt = alt.trim();
  else {
    const only = resolved.length === 1 ? resolved[0]! : undefined;
    // unlabelled series are said in words; units read from the column names stand in for the
    // dataset's when it declares none and the columns agree on them
    const unlabelled = resolved.filter((r) => r.label === undefined).map((r) => ({ column: r.column, words: humanizeColumn(r.column) }));
    const named = new Set(unlabelled.map((u) => u.words.units));
    const units = ds.units ?? (unlabelled.length === resolved.length && named.size === 1 ? unlabelled[0]?.words.units : undefined);
    const spoken = new Map(
      unlabelled.map(({ column, words }) => [
        stripInvalidXmlChars(column),
        words.units !== undefined && words.units !== units ? `${words.name} (${words.units})` : words.name,
      ]),
    );
    spec.alt = chartAltText({
      spec,
      measure: only ? (only.label ?? title ?? spoken.get(stripInvalidXmlChars(only.column))) : undefined,
      units,
      lang: theme.lang ?? 'en',
      spoken,
      ...(waterfall ?? {}),
    });
  }

  return done({ spec, source, annotation });
}

const SORTS = ['file', 'ascending', 'descending'] as const;

/**
 * The row order of the categories, or undefined for the file's order. Time reads left to right,
 * oldest first: time-like categories in another order are drawn ascending, with a warning naming
 * the file, unless `sort:` says what is wanted (`file` keeps the file's order).
 */
function categoryOrder(x: Column, ds: DataSet, sortEntry: Entry | undefined, ctx: YamlContext, at: YamlNode): number[] | undefined {
  const sort = sortEntry ? readChoice(sortEntry, SORTS, ctx, '`sort`') : undefined;
  if (sortEntry && !sort) return undefined;
  if (sort === 'file') return undefined;
  const keys = x.values.map((v) => timeKey(v, x.type));
  const rows = x.values.map((_, i) => i);
  const byCategory = (a: number, b: number): number => {
    const ka = keys[a];
    const kb = keys[b];
    if (ka !== undefined && kb !== undefined) return ka - kb;
    return cellText(x.values[a] ?? null).localeCompare(cellText(x.values[b] ?? null), 'en', { numeric: true });
  };
  if (sort) return rows.sort((a, b) => (sort === 'ascending' ? byCategory(a, b) : byCategory(b, a)));
  if (keys.some((k) => k === undefined)) return undefined;
  const ascending = keys.every((k, i) => i === 0 || k! > keys[i - 1]!);
  if (ascending) return undefined;
  const first = cellText(x.values[0] ?? null);
  ctx.warn(
    `${ds.file} is not in time order (its first "${x.name}" is ${first}): the chart draws "${x.name}" from oldest to newest`,
    at,
    'sort the file oldest first, or add `sort: file` to the chart to keep the order of the file',
  );
  return rows.sort(byCategory);
}

/** A number that orders time-like categories (2024, 2024-03, 2024-Q1, Q1 2024, FY2024, H2 2024); undefined for anything else. */
function timeKey(v: Cell | undefined, type: Column['type']): number | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return type === 'year' ? v * 12 : undefined;
  const t = v.trim();
  let m = /^(?:FY\s?)?(\d{4})$/i.exec(t);
  if (m) return Number(m[1]) * 12;
  m = /^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$/.exec(t);
  if (m) return Number(m[1]) * 12 + Number(m[2]) - 1 + (m[3] ? Number(m[3]) / 32 : 0);
  m = /^(\d{4})[-\s]?([QH])([1-4])$/i.exec(t) ?? null;
  if (m) return Number(m[1]) * 12 + (Number(m[3]) - 1) * (m[2]!.toUpperCase() === 'Q' ? 3 : 6);
  m = /^([QH])([1-4])[-\s]?(\d{4})$/i.exec(t);
  if (m) return Number(m[3]) * 12 + (Number(m[2]) - 1) * (m[1]!.toUpperCase() === 'Q' ? 3 : 6);
  return undefined;
}

function readFormat(entry: Entry | undefined, ctx: YamlContext): string | undefined {
  const v = readString(entry, ctx);
  if (v === undefined) return undefined;
  if (v.trim() === '') {
    ctx.error('`' + entry!.key + '` is empty', entry!.value ?? entry!.keyNode, "use an Excel number format such as '#,##0.0' or '0%'");
    return undefined;
  }
  const problem = checkNumberFormat(v);
  if (problem) {
    ctx.error(problem, entry!.value ?? entry!.keyNode, "use an Excel number format such as '#,##0.0' or '0%'");
    return undefined;
  }
  return v;
}

/** `series:` (list of columns or `{column, label, color, type, axis}`), `y:`, or every numeric column. */
function seriesRequests(
  o: Map<string, Entry>,
  ds: DataSet,
  xName: string,
  root: YamlNode,
  ctx: YamlContext,
): SeriesRequest[] | undefined {
  const seriesEntry = o.get('series');
  const yEntry = o.get('y');
  if (seriesEntry && yEntry) {
    ctx.error('use either `series` or `y`, not both', yEntry.keyNode, '`y: [a, b]` is the short form of `series: [a, b]`');
    return undefined;
  }
  const entry = seriesEntry ?? yEntry;
  if (!entry) {
    const numeric = ds.columns.filter((c) => c.name !== xName && isNumericColumn(c));
    if (numeric.length === 0) {
      ctx.error(`dataset \`${ds.name}\` has no numeric column to chart`, root, 'name the columns with `y:`');
      return undefined;
    }
    return numeric.map((c) => ({ column: c.name, node: root }));
  }
  const items: (YamlNode | null)[] = isSeq(entry.value) ? seqItems(entry.value) : [entry.value];
  if (items.length === 0 || entry.value === null) {
    ctx.error(`\`${entry.key}\` lists no columns`, entry.value ?? entry.keyNode, `e.g. \`${entry.key}: [exports_usd_bn, imports_usd_bn]\``);
    return undefined;
  }
  const out: SeriesRequest[] = [];
  for (const item of items) {
    if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number')) {
      out.push({ column: String(item.value), node: item });
      continue;
    }
    if (!isMapNode(item) || entry.key === 'y') {
      ctx.error(
        entry.key === 'y' ? '`y` lists column names' : 'each series is a column name or `{ column, label, color, type, axis }`',
        item ?? entry.keyNode,
        entry.key === 'y' ? 'use `series:` for labels, colours and axes' : 'e.g. `- { column: exports_usd_bn, label: Exports }`',
      );
      continue;
    }
    const e = mapEntries(item, SERIES_OPTIONS, 'series', ctx);
    const columnEntry = e.get('column');
    if (!columnEntry) {
      ctx.error('a series needs `column:`', item, 'e.g. `- { column: exports_usd_bn, label: Exports }`');
      continue;
    }
    const column = readString(columnEntry, ctx);
    if (column === undefined) continue;
    const r: SeriesRequest = { column, node: columnEntry.value };
    const label = readString(e.get('label'), ctx);
    if (label !== undefined) r.label = label;
    const colorEntry = e.get('color');
    if (colorEntry) {
      const raw = scalarValue(colorEntry.value);
      const hex = typeof raw === 'string' ? normalizeHex(raw) : undefined;
      if (hex) r.color = hex;
      else {
        ctx.error(
          `\`color: ${raw === undefined || raw === null ? '' : String(raw)}\` is not a hex colour`,
          colorEntry.value ?? colorEntry.keyNode,
          "write it as six hex digits, quoted when it starts with '#': `color: '#1F4E79'` or `color: 1F4E79`",
        );
      }
    }
    const typeEntry = e.get('type');
    if (typeEntry) {
      const t = readChoice(typeEntry, SERIES_TYPES, ctx, 'series type');
      if (t) r.type = t;
      r.typeNode = typeEntry.value;
    }
    const axisEntry = e.get('axis');
    if (axisEntry) {
      const a = readChoice(axisEntry, AXES, ctx, 'axis');
      if (a) r.axis = a;
      r.axisNode = axisEntry.value;
    }
    out.push(r);
  }
  return out;
}

/** How a non-combo chart type draws its series, for deciding whether the chart is a combo. */
const DRAWN_AS: Partial<Record<ChartType, SeriesDraw>> = {
  column: 'column',
  'stacked-column': 'column',
  line: 'line',
  area: 'area',
  combo: 'column',
};

function decideType(requested: ChartType, series: ResolvedSeries[], typeEntry: Entry | undefined, ctx: YamlContext): ChartType | undefined {
  const mixed = series.filter((s) => (s.type !== undefined && s.type !== DRAWN_AS[requested]) || s.axis === 'secondary');
  if (requested === 'combo' || (mixed.length > 0 && DRAWN_AS[requested] !== undefined && requested !== 'stacked-column')) {
    if (series.every((s) => s.axis === 'secondary')) {
      ctx.error('every series is on the secondary axis', series[0]!.axisNode ?? series[0]!.node, 'leave at least one series on the primary axis');
      return undefined;
    }
    if (requested !== 'combo' && requested !== 'column') {
      // a line or area chart with a column series or a secondary axis: still a combo, with series typed
      for (const s of series) s.type ??= DRAWN_AS[requested];
    }
    return 'combo';
  }
  if (mixed.length === 0) return requested;
  const s = mixed[0]!;
  const node = s.type !== undefined && s.type !== DRAWN_AS[requested] ? s.typeNode : s.axisNode;
  const at = node ?? typeEntry?.value ?? null;
  switch (requested) {
    case 'scatter':
      ctx.error(
        'a scatter chart cannot be combined with other series types or a secondary axis',
        at,
        'pptxgenjs cannot combine scatter with bars, lines or areas: draw them as separate charts, or use type: line',
      );
      break;
    case 'pie':
    case 'doughnut':
      ctx.error(`a ${requested} chart has no series types or axes`, at, 'remove `type`/`axis` from the series');
      break;
    case 'bar':
    case 'stacked-bar':
      ctx.error(`horizontal bars (\`type: ${requested}\`) cannot be combined with other series types or a secondary axis`, at, 'use `type: column` for a combo chart');
      break;
    case 'stacked-column':
      ctx.error('stacked columns cannot be combined with lines or a secondary axis yet', at, 'use `type: combo` (clustered columns) or chart the line separately');
      break;
    default:
      ctx.error('this chart type cannot mix series types', at);
  }
  return undefined;
}

/**
 * A waterfall as stacked columns: an invisible base series lifts each change to where the running
 * total stands, and the visible part is split at zero into a part above and a part below, because
 * stacked columns pile positive values up from zero and negative ones down from it. A bar that
 * crosses zero so has a visible part on each side, in the same colour. Increases take the template's
 * positive colour, decreases its negative colour, totals (whole bars from zero) the first palette
 * colour. The labels are the signed changes and the totals, on the larger visible part.
 */
function waterfallSeries(spec: ChartSpec, o: Map<string, Entry>, theme: ChartTheme, ctx: YamlContext): { changes: (number | null)[]; totals: Set<number> } {
  const changes = spec.series[0]!.values;
  const cats = spec.categories;
  const totals = new Set<number>();
  const totalsEntry = o.get('totals');
  if (totalsEntry) {
    const items = isSeq(totalsEntry.value) ? seqItems(totalsEntry.value) : totalsEntry.value === null ? [] : [totalsEntry.value];
    for (const item of items) {
      const v = scalarValue(item);
      const t = typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
      const i = t === undefined ? -1 : cats.indexOf(t);
      if (i < 0) {
        const guess = t !== undefined ? didYouMean(t, cats) : undefined;
        ctx.error(`totals: \`${t ?? ''}\` is not a category of the chart`, item ?? totalsEntry.keyNode, guess ? `did you mean \`${guess}\`?` : `the categories are ${cats.join(', ')}`);
      } else totals.add(i);
    }
  } else if (cats.length > 1) {
    // a bridge runs from one balance to the next: the first and last bars are whole amounts
    totals.add(0);
    totals.add(cats.length - 1);
  }
  const highlightEntry = o.get('highlight');
  if (highlightEntry) ctx.warn('`highlight` is ignored on a waterfall', highlightEntry.keyNode, 'its colours already show increases, decreases and totals');

  const up = normalizeHex(theme.positive) ?? spec.textColor;
  const down = normalizeHex(theme.negative) ?? spec.textColor;
  const { color: whole, ref: wholeRef } = themedPaletteColor(theme.palette, theme.refs?.palette, 0, theme.text);
  const base: (number | null)[] = [];
  const above: (number | null)[] = [];
  const below: (number | null)[] = [];
  const colors: string[] = [];
  const refs: (ThemeColorRef | null)[] = [];
  const aboveLabels: (string | null)[] = [];
  const belowLabels: (string | null)[] = [];
  let running = 0;
  let lastTotalAt: number | undefined;
  changes.forEach((v, i) => {
    if (v === null) {
      base.push(null);
      above.push(null);
      below.push(null);
      colors.push(whole);
      refs.push(wholeRef ?? null);
      aboveLabels.push(null);
      belowLabels.push(null);
      return;
    }
    let from: number;
    let to: number;
    if (totals.has(i)) {
      if (lastTotalAt !== undefined || i > 0) {
        // a total after changes should be where they led
        const gap = Math.abs(v - running);
        if (i > 0 && gap > 1e-6 * Math.max(1, Math.abs(v), Math.abs(running)) && formatNumber(v, spec.numberFormat) !== formatNumber(running, spec.numberFormat)) {
          ctx.warn(
            `the total for \`${cats[i]}\` (${formatNumber(v, spec.numberFormat)}) is not the running total before it (${formatNumber(running, spec.numberFormat)})`,
            totalsEntry?.keyNode ?? o.get('y')?.value ?? null,
            'check the changes add up, or add the missing change as a category (e.g. `Other`)',
          );
        }
      }
      lastTotalAt = i;
      from = 0;
      to = v;
      running = v;
      colors.push(whole);
      refs.push(wholeRef ?? null);
    } else {
      from = running;
      to = running + v;
      running = to;
      colors.push(v >= 0 ? up : down);
      refs.push(null);
    }
    const lo = Math.min(from, to);
    const hi = Math.max(from, to);
    let b: number;
    let a: number;
    let n: number;
    if (lo >= 0) [b, a, n] = [lo, hi - lo, 0];
    else if (hi <= 0) [b, a, n] = [hi, 0, lo - hi];
    else [b, a, n] = [0, hi, lo];
    base.push(b === 0 ? null : b);
    above.push(a === 0 ? null : a);
    below.push(n === 0 ? null : n);
    const shown = formatNumber(v, spec.numberFormat);
    const label = totals.has(i) || v <= 0 || shown.startsWith('+') ? shown : `+${shown}`;
    const onAbove = a >= -n;
    aboveLabels.push(onAbove ? label : null);
    belowLabels.push(onAbove ? null : label);
  });
  const name = spec.series[0]!.name;
  spec.series = [
    { name: `${name} (base)`, values: base, color: spec.gridColor, hidden: true },
    { name, values: above, color: whole, ...(wholeRef ? { colorRef: wholeRef } : {}), pointColors: [...colors], ...pointRefs(refs), labels: aboveLabels },
    { name: `${name} (below zero)`, values: below, color: whole, ...(wholeRef ? { colorRef: wholeRef } : {}), pointColors: [...colors], ...pointRefs(refs), labels: belowLabels },
  ];
  return { changes, totals };
}

function isBarDrawn(spec: ChartSpec, s: ChartSeries): boolean {
  switch (spec.type) {
    case 'column':
    case 'bar':
    case 'stacked-column':
    case 'stacked-bar':
      return true;
    case 'combo':
      return s.type === 'column' || s.type === 'bar';
    default:
      return false;
  }
}

/**
 * Emphasis, decided here so both renderers draw it alike:
 * - `highlight: { series: Balance }` (or a list): the other series take the template's muted colour;
 * - `highlight: [2015, 2024]` (or `{ categories: [...] }`) marks categories:
 *   - pie/doughnut slices and the points of a chart's only bar series take theme.highlight;
 *   - with several bar series, the points of the other categories are drawn lighter, so that each
 *     series keeps its colour where it is highlighted;
 *   - line points get a marker in theme.highlight;
 *   - an area is one shape, so its highlighted categories get markers in theme.highlight from an
 *     overlay series (`markersOnly`: no line, no labels, no legend entry).
 * - negative values of a chart's only bar series take theme.negative (`negative: true` also paints
 *   the others theme.positive; `negative: false` turns it off). Highlight wins over sign.
 */
function applyPointColors(spec: ChartSpec, o: Map<string, Entry>, theme: ChartTheme, ctx: YamlContext, columns: readonly string[]): void {
  const highlightEntry = o.get('highlight');
  const negativeEntry = o.get('negative');
  const highlight = new Set<number>();
  const emphasised = new Set<ChartSeries>();
  let categoryItems: (YamlNode | null)[] = [];
  if (highlightEntry) {
    if (isMapNode(highlightEntry.value)) {
      const h = mapEntries(highlightEntry.value, ['series', 'categories'] as const, 'highlight', ctx);
      const seriesEntry = h.get('series');
      if (seriesEntry) {
        const items = isSeq(seriesEntry.value) ? seqItems(seriesEntry.value) : [seriesEntry.value];
        for (const item of items) {
          const v = scalarValue(item);
          const name = typeof v === 'string' || typeof v === 'number' ? String(v) : '';
          const found = spec.series.find((s) => s.name === name) ?? spec.series[columns.indexOf(name)];
          if (found) emphasised.add(found);
          else {
            const names = spec.series.map((s) => s.name);
            const guess = didYouMean(name, [...names, ...columns]);
            ctx.error(`highlight: \`${name}\` is not a series of the chart`, item ?? seriesEntry.keyNode, guess ? `did you mean \`${guess}\`?` : `the series are ${names.join(', ')}`);
          }
        }
      }
      const catEntry = h.get('categories');
      if (catEntry) categoryItems = isSeq(catEntry.value) ? seqItems(catEntry.value) : [catEntry.value];
    } else categoryItems = isSeq(highlightEntry.value) ? seqItems(highlightEntry.value) : [highlightEntry.value];
    for (const item of categoryItems) {
      const v = scalarValue(item);
      const text = typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
      const i = text === undefined ? -1 : spec.categories.indexOf(text);
      if (i < 0) {
        const guess = text !== undefined ? didYouMean(text, spec.categories) : undefined;
        ctx.error(
          `highlight: \`${text ?? ''}\` is not a category of the chart`,
          item ?? highlightEntry.keyNode,
          guess ? `did you mean \`${guess}\`?` : `categories run ${spec.categories[0] ?? ''}–${spec.categories[spec.categories.length - 1] ?? ''}`,
        );
      } else highlight.add(i);
    }
  }
  const negative = readBoolean(negativeEntry, ctx);
  const highlightColor = normalizeHex(theme.highlight) ?? spec.textColor;
  const negativeColor = normalizeHex(theme.negative) ?? spec.textColor;
  const positiveColor = normalizeHex(theme.positive) ?? spec.textColor;
  const mutedColor = normalizeHex(theme.muted) ?? spec.gridColor;
  const highlightRef = theme.refs?.highlight ?? null;

  if (spec.type === 'pie' || spec.type === 'doughnut') {
    const s = spec.series[0]!;
    const paints = spec.categories.map((_, i) => (highlight.has(i) ? { color: highlightColor, ref: highlightRef ?? undefined } : themedPaletteColor(theme.palette, theme.refs?.palette, i, theme.text)));
    s.pointColors = paints.map((p) => p.color);
    Object.assign(s, pointRefs(paints.map((p) => p.ref ?? null)));
    s.color = s.pointColors[0] ?? s.color;
    if (s.pointColorRefs?.[0]) s.colorRef = s.pointColorRefs[0];
    else delete s.colorRef;
    if (negativeEntry) ctx.warn(`\`negative\` does not apply to a ${spec.type} chart`, negativeEntry.keyNode);
    if (emphasised.size > 0) ctx.warn(`a ${spec.type} chart has one series: \`highlight: { series }\` does nothing`, highlightEntry!.keyNode, 'highlight slices by category: `highlight: [name]`');
    return;
  }
  if (emphasised.size > 0) {
    for (const s of spec.series) {
      if (emphasised.has(s)) continue;
      s.color = mutedColor;
      if (theme.refs?.muted) s.colorRef = theme.refs.muted;
      else delete s.colorRef;
    }
  }

  const bars = spec.series.filter((s) => isBarDrawn(spec, s));
  const single = bars.length === 1 ? bars[0] : undefined;
  if (single) {
    const target = single;
    const paints = target.values.map((v, i): [string, ThemeColorRef | null] => {
      if (highlight.has(i)) return [highlightColor, highlightRef];
      if (negative !== false && v !== null && v < 0) return [negativeColor, null];
      if (negative === true && v !== null) return [positiveColor, null];
      return [target.color, target.colorRef ?? null];
    });
    const colors = paints.map((p) => p[0]);
    if (colors.some((c) => c !== target.color)) {
      target.pointColors = colors;
      Object.assign(target, pointRefs(paints.map((p) => p[1])));
    }
  } else if (negative === true) {
    const why = bars.length === 0 ? 'it colours bars, and this chart has none' : `it colours bars by sign only when the chart has one bar series, and this one has ${bars.length}`;
    ctx.warn(`\`negative\` is ignored: ${why}`, negativeEntry!.keyNode);
  }
  if (highlight.size === 0) return;
  for (const s of spec.series) {
    if (s === single) continue;
    if (isBarDrawn(spec, s)) {
      // several bar series: the highlighted categories keep each series' colour, the rest are lighter
      const light = themedShade(s.color, s.colorRef, 0.6);
      s.pointColors = s.values.map((_, i) => (highlight.has(i) ? s.color : light.color));
      Object.assign(s, pointRefs(s.values.map((_, i) => (highlight.has(i) ? (s.colorRef ?? null) : (light.ref ?? null)))));
    } else if (spec.type === 'line' || s.type === 'line') {
      s.pointColors = s.values.map((_, i) => (highlight.has(i) ? highlightColor : s.color));
      Object.assign(s, pointRefs(s.values.map((_, i) => (highlight.has(i) ? highlightRef : (s.colorRef ?? null)))));
    }
  }
  // an area is one shape: its highlighted categories are shown by markers on its top edge, drawn
  // by a series of its own (the area's values at those categories, nothing elsewhere)
  const areas = spec.series.filter((s) => spec.type === 'area' || s.type === 'area');
  if (areas.length === 0) return;
  const highlighted = [...highlight].filter((i) => i < spec.categories.length);
  if (highlighted.length === 0) return;
  for (const s of areas) s.type = 'area';
  for (const s of areas) {
    if (emphasised.size > 0 && !emphasised.has(s)) continue;
    spec.series.push({
      name: `${s.name} (${highlightLabel})`,
      values: s.values.map((v, i) => (highlight.has(i) ? v : null)),
      color: highlightColor,
      ...(highlightRef ? { colorRef: highlightRef } : {}),
      type: 'line',
      ...(s.axis ? { axis: s.axis } : {}),
      markersOnly: true,
    });
  }
}

/** `pointColorRefs` when any point colour is a theme colour; nothing otherwise (JSON templates). */
function pointRefs(refs: (ThemeColorRef | null)[]): { pointColorRefs?: (ThemeColorRef | null)[] } {
  return refs.some((r) => r !== null) ? { pointColorRefs: refs } : {};
}

/** The overlay series' name suffix, as PowerPoint shows it in the chart data (not on the slide). */
const highlightLabel = 'highlighted';
