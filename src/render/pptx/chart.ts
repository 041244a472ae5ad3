/**
 * ChartSpec → a native PowerPoint chart through pptxgenjs: the numbers are embedded (chart cache +
 * workbook), so the chart stays editable in PowerPoint. This module only translates; every choice
 * (colours, formats, axes, legend) was made in layout/chart.ts.
 *
 * pptxgenjs 4.0.1 behaviours this works around (see also render/pptx/fixup.ts):
 * - colours: pptxgenjs falls back to its own palette, or to a random palette entry for line
 *   markers whose series index exceeds `chartColors`; every chart here passes `chartColors`
 *   explicitly, with an entry for every index it reads (or a single entry), so no colour is ever
 *   chosen by pptxgenjs.
 * - line markers read `chartColors[globalSeriesIndex]` (a random entry when that is past the end)
 *   while line fills read `chartColors[localIndex]`, so in a combo each line series is its own
 *   line group whose `chartColors` holds just its colour.
 * - per-point colours (`c:dPt`) are written only for a bar group with exactly one series, from
 *   `chartColors`: the layout sets pointColors only there (and on pie slices).
 * - an empty category label shifts the embedded workbook's shared strings, so it becomes ' '.
 */
import type mod from 'pptxgenjs';
import type { Box, ChartSeries, ChartSpec, ValueAxis } from '../../deck/types.js';
import { AREA_OPACITY, dataLabelColor } from '../../layout/chart-colors.js';
import type { Pptx, PptxSlide } from './pptxgen.js';

type ChartOpts = mod.default.IChartOpts;
type ChartData = mod.default.OptsChartData;
type ChartName = mod.default.CHART_NAME;
type ChartMulti = mod.default.IChartMulti;
type CatAxisOpts = mod.default.IChartPropsAxisCat;

/** pptxgenjs takes opacity in percent. */
const AREA_OPACITY_PCT = Math.round(AREA_OPACITY * 100);

const LEGEND_POS: Record<Exclude<ChartSpec['legend'], 'none'>, 'b' | 't' | 'l' | 'r'> = {
  bottom: 'b',
  top: 't',
  left: 'l',
  right: 'r',
};

/**
 * Adds the chart and returns the name of its part (`ppt/charts/chartN.xml`), so that the fix-up can
 * write what pptxgenjs cannot (render/pptx/chart-repairs.ts).
 */
export function addChartToSlide(pptx: Pptx, slide: PptxSlide, spec: ChartSpec, box: Box): string | undefined {
  draw(pptx, slide, spec, box);
  // pptxgenjs names the part after a counter it keeps per process: read the name it chose
  const rels = (slide as unknown as { _relsChart?: { fileName?: string }[] })._relsChart;
  const fileName = rels?.[rels.length - 1]?.fileName;
  return fileName ? `ppt/charts/${fileName}` : undefined;
}

function draw(pptx: Pptx, slide: PptxSlide, spec: ChartSpec, box: Box): void {
  const opts = baseOptions(spec, box);
  const labels = spec.categories.map((c) => (c === '' ? ' ' : c));
  const dataOf = (s: ChartSeries): ChartData => ({ name: s.name, labels, values: s.values as number[] });
  const colorsOf = (series: readonly ChartSeries[]): string[] => {
    // pptxgenjs paints one bar series point by point from chartColors (c:dPt) when it has >1 entry.
    if (series.length === 1 && series[0]!.pointColors && series[0]!.pointColors.length > 0) return [...series[0]!.pointColors];
    return series.map((s) => s.color);
  };
  const T = pptx.ChartType;

  switch (spec.type) {
    case 'waterfall': {
      // stacked columns; the fix-up hides the base series and writes each bar's colour and label
      Object.assign(opts, valueAxisOptions(spec.valueAxis, spec.series), {
        barDir: 'col',
        barGrouping: 'stacked',
        barGapWidthPct: 50,
        chartColors: spec.series.map((s) => s.color),
        dataLabelPosition: 'ctr',
        dataLabelColor: dataLabelColor(spec),
      } satisfies ChartOpts);
      slide.addChart(T.bar as ChartName, spec.series.map(dataOf), opts);
      return;
    }
    case 'column':
    case 'bar':
    case 'stacked-column':
    case 'stacked-bar': {
      const horizontal = spec.type === 'bar' || spec.type === 'stacked-bar';
      const stacked = spec.type.startsWith('stacked');
      Object.assign(opts, valueAxisOptions(spec.valueAxis, spec.series), {
        barDir: horizontal ? 'bar' : 'col',
        barGrouping: stacked ? 'stacked' : 'clustered',
        barGapWidthPct: stacked ? 50 : 80,
        chartColors: colorsOf(spec.series),
      } satisfies ChartOpts);
      if (stacked) {
        opts.dataLabelPosition = 'ctr';
        opts.dataLabelColor = dataLabelColor(spec);
      }
      if (horizontal) {
        // First category at the top, as read (and as chart.js draws it); value axis stays at the bottom.
        (opts as Record<string, unknown>).catAxisOrientation = 'maxMin';
        (opts as Record<string, unknown>).catAxisCrossesAt = 'max';
        // pptxgenjs puts a horizontal chart's value labels 'low' (the reversed axis's top)
        opts.valAxisLabelPos = 'nextTo';
      }
      slide.addChart(T.bar as ChartName, spec.series.map(dataOf), opts);
      return;
    }
    case 'line':
    case 'area': {
      // highlighted categories of an area: a marker-only line series over it, so a chart of two types
      if (spec.series.some((s) => s.markersOnly)) {
        drawGroups(pptx, slide, spec, opts, dataOf, colorsOf);
        return;
      }
      Object.assign(opts, valueAxisOptions(spec.valueAxis, spec.series), {
        chartColors: spec.series.map((s) => s.color),
      } satisfies ChartOpts);
      if (spec.type === 'line') opts.dataLabelPosition = 't';
      if (spec.type === 'area') {
        // overlapping areas stay visible whichever one a viewer draws in front
        opts.chartColorsOpacity = AREA_OPACITY_PCT;
        opts.dataLabelColor = dataLabelColor(spec);
      }
      slide.addChart((spec.type === 'line' ? T.line : T.area) as ChartName, spec.series.map(dataOf), opts);
      return;
    }
    case 'pie':
    case 'doughnut': {
      const s = spec.series[0]!;
      Object.assign(opts, {
        chartColors: s.pointColors && s.pointColors.length > 0 ? [...s.pointColors] : [s.color],
        showPercent: false,
        showLabel: false,
        firstSliceAng: 0,
        dataBorder: { pt: 1, color: 'FFFFFF' },
      } satisfies ChartOpts);
      if (spec.type === 'pie') opts.dataLabelPosition = 'outEnd';
      else {
        opts.holeSize = 55;
        opts.dataLabelColor = dataLabelColor(spec);
      }
      slide.addChart((spec.type === 'pie' ? T.pie : T.doughnut) as ChartName, [dataOf(s)], opts);
      return;
    }
    case 'scatter': {
      const xs: ChartData = { name: 'X', values: spec.xValues ?? spec.categories.map(Number) };
      Object.assign(opts, valueAxisOptions(spec.valueAxis, spec.series), {
        chartColors: spec.series.map((s) => s.color),
        lineSize: 0,
        lineDataSymbol: 'circle',
        lineDataSymbolSize: 7,
        dataLabelPosition: 't',
        // pptxgenjs formats a scatter's x axis with valAxisLabelFormatCode; the x values are
        // plain numbers (often years), so that axis gets 'General' through catAxes.
        catAxes: [{ valAxisLabelFormatCode: 'General' } as CatAxisOpts],
        valAxes: [{}],
      } satisfies ChartOpts);
      slide.addChart(T.scatter as ChartName, [xs, ...spec.series.map((s) => ({ name: s.name, values: s.values as number[] }))], opts);
      return;
    }
    case 'combo': {
      drawGroups(pptx, slide, spec, opts, dataOf, colorsOf);
      return;
    }
  }
}

/** A chart of several types (a combo, an area with its highlight markers): one pptxgenjs group per type and axis. */
function drawGroups(
  pptx: Pptx,
  slide: PptxSlide,
  spec: ChartSpec,
  opts: ChartOpts,
  dataOf: (s: ChartSeries) => ChartData,
  colorsOf: (series: readonly ChartSeries[]) => string[],
): void {
  const T = pptx.ChartType;
  const groups = comboGroups(spec);
  const types: ChartMulti[] = [];
  for (const g of groups) {
    const o: ChartOpts = {};
    if (g.draw === 'column') {
      Object.assign(o, { barDir: 'col', barGrouping: 'clustered', barGapWidthPct: 80, chartColors: colorsOf(g.series) });
    } else if (g.draw === 'line' && g.series[0]!.markersOnly) {
      // markers only: no line between them, a marker larger than a line's own
      Object.assign(o, { chartColors: [g.series[0]!.color], lineSize: 0, lineDataSymbol: 'circle', lineDataSymbolSize: 9 } satisfies ChartOpts);
    } else if (g.draw === 'line') {
      // one series per line group: its marker reads chartColors[global index], falling back to
      // a random entry past the end, which with a single entry is always this series' colour
      o.chartColors = [g.series[0]!.color];
      o.dataLabelPosition = 't';
    } else {
      o.chartColors = g.series.map((s) => s.color);
      o.chartColorsOpacity = AREA_OPACITY_PCT;
      if (spec.type === 'area') o.dataLabelColor = dataLabelColor(spec);
    }
    if (g.axis === 'secondary') {
      o.secondaryValAxis = true;
      o.secondaryCatAxis = true;
      o.dataLabelFormatCode = spec.secondaryNumberFormat ?? spec.numberFormat;
    }
    types.push({ type: (g.draw === 'column' ? T.bar : g.draw === 'line' ? T.line : T.area) as ChartName, data: g.series.map(dataOf), options: o });
  }
  const primary = spec.series.filter((s) => s.axis !== 'secondary');
  const secondary = spec.series.filter((s) => s.axis === 'secondary');
  const valAxes: ChartOpts[] = [
    { ...valueAxisOptions(spec.valueAxis, primary), ...axisTitle(spec.valueAxis.title, spec), valAxisLabelFormatCode: spec.numberFormat },
  ];
  const catAxes: ChartOpts[] = [{ ...catAxisTitle(spec) }];
  if (secondary.length > 0) {
    const axis = spec.secondaryValueAxis ?? { beginAtZero: spec.valueAxis.beginAtZero };
    valAxes.push({
      ...valueAxisOptions(axis, secondary),
      ...axisTitle(axis.title, spec),
      valAxisLabelFormatCode: spec.secondaryNumberFormat ?? spec.numberFormat,
      valGridLine: { style: 'none' },
    });
    catAxes.push({ catAxisHidden: true });
  }
  Object.assign(opts, { valAxes, catAxes } satisfies ChartOpts);
  // pptxgenjs reads a multi-type chart's options from the second argument.
  slide.addChart(types, opts as unknown as unknown[]);
}

interface ComboGroup {
  draw: 'column' | 'line' | 'area';
  axis: 'primary' | 'secondary';
  series: ChartSeries[];
}

/** Areas at the back, then columns, then lines on top; primary before secondary. */
function comboGroups(spec: ChartSpec): ComboGroup[] {
  const groups: ComboGroup[] = [];
  for (const draw of ['area', 'column', 'line'] as const) {
    for (const axis of ['primary', 'secondary'] as const) {
      const members = spec.series.filter((s) => drawOf(s) === draw && (s.axis ?? 'primary') === axis);
      if (members.length === 0) continue;
      if (draw === 'line') for (const s of members) groups.push({ draw, axis, series: [s] });
      else groups.push({ draw, axis, series: members });
    }
  }
  return groups;
}

function drawOf(s: ChartSeries): 'column' | 'line' | 'area' {
  return s.type === 'line' ? 'line' : s.type === 'area' ? 'area' : 'column';
}

function baseOptions(spec: ChartSpec, box: Box): ChartOpts {
  const text = spec.textColor;
  const size = spec.fontSize;
  const small = Math.max(6, size - 1);
  const opts: ChartOpts = {
    x: box.x,
    y: box.y,
    w: box.w,
    h: box.h,
    altText: spec.alt ?? spec.title ?? spec.series.map((s) => s.name).join(', '),
    showTitle: spec.title !== undefined && spec.title !== '',
    showLegend: spec.legend !== 'none',
    legendFontFace: spec.fontFace,
    legendFontSize: size,
    legendColor: text,
    showValue: spec.dataLabels,
    dataLabelFormatCode: spec.numberFormat,
    dataLabelColor: text,
    dataLabelFontFace: spec.fontFace,
    dataLabelFontSize: small,
    valAxisLabelFormatCode: spec.numberFormat,
    valAxisLabelColor: text,
    valAxisLabelFontFace: spec.fontFace,
    valAxisLabelFontSize: small,
    valAxisLineShow: false,
    valGridLine: { color: spec.gridColor, size: 0.75, style: 'solid' },
    catAxisLabelColor: text,
    catAxisLabelFontFace: spec.fontFace,
    catAxisLabelFontSize: small,
    catAxisLineColor: spec.gridColor,
    catGridLine: { style: 'none' },
    displayBlanksAs: 'gap',
    lineSize: 2,
    lineDataSymbol: 'circle',
    lineDataSymbolSize: 6,
    ...axisTitle(spec.valueAxis.title, spec),
    ...catAxisTitle(spec),
  };
  if (opts.showTitle) {
    Object.assign(opts, {
      title: spec.title,
      titleFontFace: spec.fontFace,
      titleFontSize: size + 2,
      titleColor: text,
      titleBold: true,
    } satisfies ChartOpts);
  }
  if (spec.legend !== 'none') opts.legendPos = LEGEND_POS[spec.legend];
  return opts;
}

function axisTitle(title: string | undefined, spec: ChartSpec): ChartOpts {
  if (title === undefined || title === '') return { showValAxisTitle: false };
  return {
    showValAxisTitle: true,
    valAxisTitle: title,
    valAxisTitleColor: spec.textColor,
    valAxisTitleFontFace: spec.fontFace,
    valAxisTitleFontSize: spec.fontSize,
  };
}

function catAxisTitle(spec: ChartSpec): ChartOpts {
  const title = spec.categoryAxis.title;
  if (title === undefined || title === '') return { showCatAxisTitle: false };
  return {
    showCatAxisTitle: true,
    catAxisTitle: title,
    catAxisTitleColor: spec.textColor,
    catAxisTitleFontFace: spec.fontFace,
    catAxisTitleFontSize: spec.fontSize,
  };
}

/**
 * Axis bounds: explicit min/max win; `beginAtZero` pins the end nearest zero (min 0 for data that
 * is all ≥ 0, max 0 for data all ≤ 0; data on both sides includes zero anyway). Stacked charts
 * are judged the same way: a stack's total has the sign of its values when they share one.
 */
function valueAxisOptions(
  axis: ValueAxis,
  series: readonly ChartSeries[],
): ChartOpts {
  const o: ChartOpts = {};
  let min = axis.min;
  let max = axis.max;
  if (axis.beginAtZero) {
    const values = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
    if (values.length > 0 && values.every((v) => v >= 0)) min ??= 0;
    else if (values.length > 0 && values.every((v) => v <= 0)) max ??= 0;
  }
  if (min !== undefined && (max === undefined || min < max)) o.valAxisMinVal = min;
  if (max !== undefined) o.valAxisMaxVal = max;
  if (axis.majorUnit !== undefined) o.valAxisMajorUnit = axis.majorUnit;
  return o;
}
