/**
 * ChartSpec → a chart.js 4 configuration, as plain JSON (no functions) so that the HTML preview
 * can inline it in the page. Like the PPTX renderer, this only translates the spec.
 *
 * Number formats. chart.js formats numbers with callbacks, which JSON cannot hold, so the Excel
 * format codes travel as data and the preview wires them up with data/number-format's formatNumber:
 * - `options.plugins.brief.formats` maps each value-scale id to its format code
 *   (`{ y: '#,##0.0', y2: '0.0%' }`; for horizontal bars the value scale is `x`; for pie/doughnut
 *   the key is `value`). The preview sets `scales[id].ticks.callback = (v) => formatNumber(v, code)`.
 * - every dataset carries `briefFormat`, the code for its values (tooltips and data labels).
 * - `options.plugins.brief.dataLabels` asks for data labels; chart.js has none built in, so the
 *   preview registers a plugin with id `brief` that draws `formatNumber(value, dataset.briefFormat)`
 *   above each point (chart.js hands that plugin `options.plugins.brief` as its options).
 * Colours are '#RRGGBB'. Missing values stay null (a gap, as in the PPTX: displayBlanksAs=gap).
 */
import type { ChartSeries, ChartSpec, ValueAxis } from '../deck/types.js';
import { categoriesOnTicks } from '../layout/chart-axes.js';
import { AREA_OPACITY, dataLabelColor, labelsInside } from '../layout/chart-colors.js';

export type ChartJsType = 'bar' | 'line' | 'pie' | 'doughnut' | 'scatter';

export interface ChartJsPoint {
  x: number;
  y: number | null;
}

export interface ChartJsDataset {
  label: string;
  data: (number | null)[] | ChartJsPoint[];
  /** Set on combo datasets drawn differently from the chart's type. */
  type?: 'bar' | 'line';
  backgroundColor: string | string[];
  borderColor: string | string[];
  borderWidth: number;
  fill?: boolean | string;
  yAxisID?: string;
  xAxisID?: string;
  /** chart.js draws higher `order` first: areas behind bars, lines on top. */
  order?: number;
  pointBackgroundColor?: string | string[];
  pointBorderColor?: string | string[];
  pointRadius?: number;
  tension?: number;
  spanGaps?: boolean;
  showLine?: boolean;
  stack?: string;
  /** Excel number format for this dataset's values (tooltips, data labels). */
  briefFormat: string;
  /** Label texts that replace the formatted values (a waterfall's signed changes); null = none. */
  briefLabels?: (string | null)[];
  /** Drawn but not seen, not in the legend, not in tooltips (a waterfall's base). */
  briefHidden?: boolean;
}

export interface BriefChartJsOptions {
  /** Excel number format per value-scale id. */
  formats: Record<string, string>;
  dataLabels: boolean;
  /** Where the labels go: above/outside the points and bars, or centred inside bars, areas and slices. */
  labelPosition: 'outside' | 'inside';
  /** Label colour ('#RRGGBB'): the text colour, or white when labels sit inside dark fills. */
  labelColor: string;
  /** Text colour, font family and size for the labels the preview draws. */
  color: string;
  fontFamily: string;
  fontSize: number;
}

export interface ChartJsConfig {
  type: ChartJsType;
  data: { labels: string[]; datasets: ChartJsDataset[] };
  options: {
    responsive: boolean;
    maintainAspectRatio: boolean;
    animation: boolean;
    indexAxis?: 'x' | 'y';
    plugins: {
      title: { display: boolean; text?: string; color: string; font: ChartJsFont };
      legend: { display: boolean; position?: 'top' | 'bottom' | 'left' | 'right'; labels: { color: string; font: ChartJsFont } };
      brief: BriefChartJsOptions;
    };
    scales?: Record<string, ChartJsScale>;
  };
}

export interface ChartJsFont {
  family: string;
  size: number;
  weight?: 'bold' | 'normal';
}

export interface ChartJsScale {
  type: 'category' | 'linear';
  position?: 'left' | 'right' | 'top' | 'bottom';
  stacked?: boolean;
  /** Category scales: points sit in the middle of their category, as PowerPoint draws them. */
  offset?: boolean;
  beginAtZero?: boolean;
  min?: number;
  max?: number;
  title?: { display: boolean; text: string; color: string; font: ChartJsFont };
  grid: { display?: boolean; color?: string; drawOnChartArea?: boolean };
  border?: { display: boolean; color?: string };
  ticks: { color: string; font: ChartJsFont; stepSize?: number };
}

const hex = (c: string): string => (c.startsWith('#') ? c : `#${c}`);
/** The alpha byte of area fills: the deck's AREA_OPACITY. */
const AREA_ALPHA = Math.round(AREA_OPACITY * 255).toString(16).toUpperCase().padStart(2, '0');

export function chartSpecToChartJs(spec: ChartSpec): ChartJsConfig {
  const text = hex(spec.textColor);
  const font: ChartJsFont = { family: spec.fontFace, size: spec.fontSize };
  const small: ChartJsFont = { family: spec.fontFace, size: Math.max(6, spec.fontSize - 1) };
  const isPie = spec.type === 'pie' || spec.type === 'doughnut';
  const horizontal = spec.type === 'bar' || spec.type === 'stacked-bar';
  const stacked = spec.type === 'stacked-column' || spec.type === 'stacked-bar' || spec.type === 'waterfall';
  const valueScale = horizontal ? 'x' : 'y';
  const inside = labelsInside(spec);
  const formatOf = (s: ChartSeries): string => (s.axis === 'secondary' ? (spec.secondaryNumberFormat ?? spec.numberFormat) : spec.numberFormat);

  const formats: Record<string, string> = {};
  if (isPie) formats.value = spec.numberFormat;
  else {
    formats[valueScale] = spec.numberFormat;
    if (spec.type === 'combo' && spec.series.some((s) => s.axis === 'secondary')) formats.y2 = spec.secondaryNumberFormat ?? spec.numberFormat;
  }

  const config: ChartJsConfig = {
    type: chartJsType(spec),
    data: { labels: [...spec.categories], datasets: spec.series.map((s) => dataset(spec, s, formatOf(s))) },
    options: {
      // the preview sizes each canvas from its slide box (render/html.ts); chart.js's own responsive
      // sizing reads the container's on-screen size, which the stage's CSS scale distorts
      responsive: false,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        title: spec.title
          ? { display: true, text: spec.title, color: text, font: { ...font, size: spec.fontSize + 2, weight: 'bold' } }
          : { display: false, color: text, font },
        legend:
          spec.legend === 'none'
            ? { display: false, labels: { color: text, font } }
            : { display: true, position: spec.legend, labels: { color: text, font } },
        brief: {
          formats,
          dataLabels: spec.dataLabels,
          labelPosition: inside ? 'inside' : 'outside',
          labelColor: hex(dataLabelColor(spec)),
          color: text,
          fontFamily: spec.fontFace,
          fontSize: small.size,
        },
      },
    },
  };
  if (horizontal) config.options.indexAxis = 'y';
  if (isPie) return config;

  const grid = hex(spec.gridColor);
  const title = (t: string | undefined): ChartJsScale['title'] => (t ? { display: true, text: t, color: text, font } : undefined);
  const valueAxis = (axis: ValueAxis, position: ChartJsScale['position']): ChartJsScale => {
    const s: ChartJsScale = {
      type: 'linear',
      position,
      beginAtZero: axis.beginAtZero,
      grid: { color: grid },
      border: { display: false },
      ticks: { color: text, font: small },
    };
    // the bounds layout decided (chart-axes.ts), the same the PPTX gets
    if (axis.min !== undefined) s.min = axis.min;
    if (axis.max !== undefined) s.max = axis.max;
    if (axis.majorUnit !== undefined) s.ticks.stepSize = axis.majorUnit;
    const t = title(axis.title);
    if (t) s.title = t;
    if (stacked) s.stacked = true;
    return s;
  };
  const categoryScale: ChartJsScale = {
    type: spec.type === 'scatter' ? 'linear' : 'category',
    position: horizontal ? 'left' : 'bottom',
    grid: { display: false },
    border: { display: true, color: grid },
    ticks: { color: text, font: small },
  };
  const ct = title(spec.categoryAxis.title);
  if (ct) categoryScale.title = ct;
  if (stacked) categoryScale.stacked = true;
  // where the categories sit is decided in layout (chart-axes.ts), the deck's c:crossBetween:
  // between the ticks (chart.js's offset), or on them with areas running edge to edge
  if (categoryScale.type === 'category') categoryScale.offset = !categoriesOnTicks(spec);

  const scales: Record<string, ChartJsScale> = {};
  if (horizontal) {
    scales.y = categoryScale;
    scales.x = valueAxis(spec.valueAxis, 'bottom');
  } else {
    scales.x = categoryScale;
    scales.y = valueAxis(spec.valueAxis, 'left');
  }
  if (formats.y2 !== undefined) {
    const y2 = valueAxis(spec.secondaryValueAxis ?? { beginAtZero: spec.valueAxis.beginAtZero }, 'right');
    y2.grid = { drawOnChartArea: false };
    scales.y2 = y2;
  }
  config.options.scales = scales;
  return config;
}

function chartJsType(spec: ChartSpec): ChartJsType {
  switch (spec.type) {
    case 'line':
    case 'area':
      return 'line';
    case 'pie':
      return 'pie';
    case 'doughnut':
      return 'doughnut';
    case 'scatter':
      return 'scatter';
    default:
      return 'bar';
  }
}

function dataset(spec: ChartSpec, s: ChartSeries, format: string): ChartJsDataset {
  const color = hex(s.color);
  const points = s.pointColors?.map(hex);
  const draw = spec.type === 'combo' ? (s.type ?? 'column') : spec.type;
  const base: Pick<ChartJsDataset, 'label' | 'briefFormat' | 'briefLabels' | 'briefHidden'> = { label: s.name, briefFormat: format };
  if (s.labels) base.briefLabels = [...s.labels];
  if (s.hidden) {
    // a waterfall's base: it lifts the bars and is not seen
    return { ...base, briefHidden: true, data: [...s.values], backgroundColor: 'rgba(0,0,0,0)', borderColor: 'rgba(0,0,0,0)', borderWidth: 0 };
  }
  const axis = s.axis === 'secondary' ? { yAxisID: 'y2' } : {};
  if (s.markersOnly) {
    // an area's highlighted categories: markers on its edge, in front, out of the legend and labels
    return {
      ...base,
      ...axis,
      briefHidden: true,
      type: 'line',
      // chart.js draws higher orders first: these go over everything
      order: -1,
      data: [...s.values],
      backgroundColor: color,
      borderColor: color,
      borderWidth: 0,
      pointBackgroundColor: color,
      pointBorderColor: color,
      pointRadius: 5,
      showLine: false,
      fill: false,
    };
  }

  switch (draw) {
    case 'pie':
    case 'doughnut':
      return { ...base, data: [...s.values], backgroundColor: points ?? color, borderColor: '#FFFFFF', borderWidth: 1 };
    case 'scatter': {
      const xs = spec.xValues ?? spec.categories.map(Number);
      return {
        ...base,
        data: xs.map((x, i) => ({ x, y: s.values[i] ?? null })),
        backgroundColor: points ?? color,
        borderColor: points ?? color,
        borderWidth: 1,
        pointRadius: 4,
        showLine: false,
      };
    }
    case 'line':
    case 'area': {
      const d: ChartJsDataset = {
        ...base,
        ...axis,
        data: [...s.values],
        backgroundColor: draw === 'area' ? color + AREA_ALPHA : color,
        borderColor: color,
        // PowerPoint draws areas without an outline or markers
        borderWidth: draw === 'area' ? 0 : 2,
        pointBackgroundColor: points ?? color,
        pointBorderColor: points ?? color,
        pointRadius: draw === 'area' ? 0 : 3,
        fill: draw === 'area' ? 'origin' : false,
        tension: 0,
        spanGaps: false,
      };
      if (spec.type === 'combo') {
        d.type = 'line';
        d.order = draw === 'area' ? 3 : 1;
      }
      return d;
    }
    default: {
      // column, bar, stacked-*, or a combo's column series
      const d: ChartJsDataset = { ...base, ...axis, data: [...s.values], backgroundColor: points ?? color, borderColor: points ?? color, borderWidth: 0 };
      if (spec.type === 'combo') {
        d.type = 'bar';
        d.order = 2;
      }
      return d;
    }
  }
}
