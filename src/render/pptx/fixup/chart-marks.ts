/**
 * Charts: what pptxgenjs 4.0.1 cannot write, from the ChartSpec each chart part was drawn from
 * (render/pptx/marks.ts):
 * - theme colours (`a:schemeClr`, with `lumMod`/`lumOff` for a derived shade) for series and
 *   points whose colour the template's PowerPoint file decides (ChartSeries.colorRef,
 *   pointColorRefs): pptxgenjs writes every chart colour as `a:srgbClr`;
 * - a colour per point (`c:dPt`): pptxgenjs writes them only for a bar chart with one series, so
 *   highlighted categories on several bar series, line markers of highlighted points and the
 *   coloured bars of a waterfall need them added;
 * - an invisible series (a waterfall's base): no fill, no outline, no labels, no legend entry;
 * - a marker-only series (an area's highlighted categories): no labels, no legend entry;
 * - labels whose text is not the value (a waterfall's signed changes): per-point `c:dLbl` with
 *   rich text;
 * - where the categories sit (`c:crossBetween`, decided in layout/chart-axes.ts): pptxgenjs writes
 *   `between` for an area chart, and `midCat` for any chart of several types that has an area,
 *   which cuts the first and last bars of an area + column combo in half.
 * Runs before the chart schema repair (charts.ts), which puts series children in schema order.
 */
import type { ChartSeries, ChartSpec, ThemeColorRef } from '../../../deck/types.js';
import { categoriesOnTicks } from '../../../layout/chart-axes.js';
import { dataLabelsInTextColor, insideLabelColor } from '../../../layout/chart-colors.js';
import { schemeColorXml } from '../../../template/theme-refs.js';
import { type Edit, type Span, applyEdits, attributes, childElements, findElements, firstChild, schemeColorEdits } from './xml.js';
import { type RepairFactory, Tally } from './repair.js';


const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

const solid = (hex: string, ref?: ThemeColorRef | null) => `<a:solidFill>${ref ? schemeColorXml(ref) : `<a:srgbClr val="${hex}"/>`}</a:solidFill>`;

/** The fill and line of a series or point (`c:spPr`) and of its marker, in the theme colour `ref`. */
function shapeColorEdits(xml: string, children: Span[], ref: ThemeColorRef): Edit[] {
  const edits: Edit[] = [];
  const spPr = children.find((c) => c.name === 'c:spPr');
  if (spPr) edits.push(...schemeColorEdits(xml, spPr, schemeColorXml(ref)));
  const marker = children.find((c) => c.name === 'c:marker');
  const markerPr = marker ? firstChild(xml, marker, 'c:spPr') : undefined;
  if (markerPr) edits.push(...schemeColorEdits(xml, markerPr, schemeColorXml(ref)));
  return edits;
}

/** The series name as pptxgenjs caches it in `c:tx`. */
function seriesName(xml: string, ser: Span): string | undefined {
  const tx = firstChild(xml, ser, 'c:tx');
  if (!tx) return undefined;
  const v = findElements(xml, 'c:v', tx.start, tx.end)[0];
  return v ? unescapeXml(xml.slice(v.openEnd, v.closeStart)) : undefined;
}

export function markChart(xml: string, spec: ChartSpec): string {
  const edits: Edit[] = [];
  const byName = new Map(spec.series.map((s) => [s.name, s]));
  const hiddenIndexes: number[] = [];
  for (const group of ['c:barChart', 'c:lineChart', 'c:areaChart', 'c:pieChart', 'c:doughnutChart', 'c:scatterChart']) {
    for (const g of findElements(xml, group)) {
      // the group's own label defaults, in the text colour like the series' labels
      const groupLabels = childElements(xml, g).find((c) => c.name === 'c:dLbls');
      const groupLabelsPr = groupLabels ? firstChild(xml, groupLabels, 'c:txPr') : undefined;
      if (spec.textColorRef && groupLabelsPr && dataLabelsInTextColor(spec)) edits.push(...schemeColorEdits(xml, groupLabelsPr, schemeColorXml(spec.textColorRef)));
      for (const ser of childElements(xml, g).filter((c) => c.name === 'c:ser')) {
        const name = seriesName(xml, ser);
        const s = name === undefined ? undefined : byName.get(name);
        if (!s) continue;
        const children = childElements(xml, ser);
        const idx = children.find((c) => c.name === 'c:idx');
        if (s.hidden || s.markersOnly) {
          if (idx) hiddenIndexes.push(Number(attributes(xml, idx).find(([k]) => k === 'val')?.[1] ?? -1));
        }
        if (s.hidden) {
          edits.push(...hideSeries(xml, ser, children));
          continue;
        }
        if (s.colorRef) edits.push(...shapeColorEdits(xml, children, s.colorRef));
        if (s.pointColorRefs) {
          // points pptxgenjs wrote itself (a bar chart's only series) get their theme colours here
          for (const dPt of children.filter((c) => c.name === 'c:dPt')) {
            const idx = firstChild(xml, dPt, 'c:idx');
            const ref = idx ? s.pointColorRefs[Number(attributes(xml, idx).find(([k]) => k === 'val')?.[1] ?? -1)] : undefined;
            if (ref) edits.push(...shapeColorEdits(xml, childElements(xml, dPt), ref));
          }
        }
        if (s.markersOnly) {
          // the markers are the emphasis; a label there would repeat the area's own
          const dLbls = children.find((c) => c.name === 'c:dLbls');
          if (dLbls) edits.push({ start: dLbls.start, end: dLbls.end, text: '<c:dLbls><c:delete val="1"/></c:dLbls>' });
          continue;
        }
        const dLbls = children.find((c) => c.name === 'c:dLbls');
        const dLblsPr = dLbls ? firstChild(xml, dLbls, 'c:txPr') : undefined;
        if (spec.textColorRef && dLblsPr && dataLabelsInTextColor(spec)) edits.push(...schemeColorEdits(xml, dLblsPr, schemeColorXml(spec.textColorRef)));
        const points = pointEdit(xml, ser, children, s, group, spec);
        if (points) edits.push(points);
        if (s.labels) edits.push(...labelEdits(xml, children, s, spec));
      }
    }
  }
  edits.push(...frameColorEdits(xml, spec));
  if (spec.type !== 'scatter' && spec.type !== 'pie' && spec.type !== 'doughnut') {
    const placement = categoriesOnTicks(spec) ? 'midCat' : 'between';
    for (const cb of findElements(xml, 'c:crossBetween')) {
      if (attributes(xml, cb).find(([k]) => k === 'val')?.[1] !== placement) edits.push({ start: cb.start, end: cb.end, text: `<c:crossBetween val="${placement}"/>` });
    }
  }
  if (hiddenIndexes.length > 0) {
    const legend = findElements(xml, 'c:legend')[0];
    if (legend) {
      const pos = firstChild(xml, legend, 'c:legendPos');
      const at = pos ? pos.end : legend.openEnd;
      const entries = hiddenIndexes.map((i) => `<c:legendEntry><c:idx val="${i}"/><c:delete val="1"/></c:legendEntry>`).join('');
      edits.push({ start: at, end: at, text: entries });
    }
  }
  return applyEdits(xml, edits);
}

/**
 * The chart's frame in the theme's colours: titles, axis labels and the legend in the text colour,
 * axis lines and gridlines in the grid colour.
 */
function frameColorEdits(xml: string, spec: ChartSpec): Edit[] {
  const edits: Edit[] = [];
  const text = spec.textColorRef ? schemeColorXml(spec.textColorRef) : undefined;
  const grid = spec.gridColorRef ? schemeColorXml(spec.gridColorRef) : undefined;
  if (text) {
    for (const title of findElements(xml, 'c:title')) edits.push(...schemeColorEdits(xml, title, text));
    for (const legend of findElements(xml, 'c:legend')) {
      const txPr = firstChild(xml, legend, 'c:txPr');
      if (txPr) edits.push(...schemeColorEdits(xml, txPr, text));
    }
  }
  for (const name of ['c:catAx', 'c:valAx', 'c:dateAx', 'c:serAx']) {
    for (const axis of findElements(xml, name)) {
      const children = childElements(xml, axis);
      const txPr = children.find((c) => c.name === 'c:txPr');
      if (text && txPr) edits.push(...schemeColorEdits(xml, txPr, text));
      if (!grid) continue;
      const line = children.find((c) => c.name === 'c:spPr');
      if (line) edits.push(...schemeColorEdits(xml, line, grid));
      const gridlines = children.find((c) => c.name === 'c:majorGridlines');
      const gridPr = gridlines ? firstChild(xml, gridlines, 'c:spPr') : undefined;
      if (gridPr) edits.push(...schemeColorEdits(xml, gridPr, grid));
    }
  }
  return edits;
}

/** No fill, no outline, no labels: the series holds its place in the stack and nothing else. */
function hideSeries(xml: string, ser: Span, children: Span[]): Edit[] {
  const edits: Edit[] = [];
  const invisible = '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>';
  const spPr = children.find((c) => c.name === 'c:spPr');
  if (spPr) edits.push({ start: spPr.start, end: spPr.end, text: invisible });
  else {
    const tx = children.find((c) => c.name === 'c:tx');
    const at = tx ? tx.end : ser.openEnd;
    edits.push({ start: at, end: at, text: invisible });
  }
  for (const c of children) if (c.name === 'c:dPt') edits.push({ start: c.start, end: c.end, text: '' });
  const dLbls = children.find((c) => c.name === 'c:dLbls');
  const none = '<c:dLbls><c:delete val="1"/></c:dLbls>';
  if (dLbls) edits.push({ start: dLbls.start, end: dLbls.end, text: none });
  return edits;
}

/** One `c:dPt` per point whose colour is not the series colour; none where pptxgenjs wrote them. */
function pointEdit(xml: string, ser: Span, children: Span[], s: ChartSeries, group: string, spec: ChartSpec): Edit | undefined {
  if (!s.pointColors || children.some((c) => c.name === 'c:dPt')) return undefined;
  const line = group === 'c:lineChart';
  const size = 8;
  // the point's own c:spPr repeats the series' line, as PowerPoint writes it when one marker is
  // recoloured: the segment into the point keeps the series' colour and width whatever a reader
  // defaults a point's line to. (LibreOffice draws a point's marker in its line colour, whatever
  // the marker's own c:spPr or a fill on the point says: the larger marker shows there, in the
  // line's colour; PowerPoint draws the marker in the highlight colour.)
  const seriesSpPr = children.find((c) => c.name === 'c:spPr');
  const seriesLine = seriesSpPr ? /<a:ln\b[\s\S]*?<\/a:ln>/.exec(xml.slice(seriesSpPr.openEnd, seriesSpPr.closeStart))?.[0] : undefined;
  const segment = seriesLine ? `<c:spPr>${seriesLine}</c:spPr>` : '';
  const dPts = s.pointColors
    .map((color, i) => {
      if (color === s.color || s.values[i] === null) return '';
      const ref = s.pointColorRefs?.[i];
      if (line) {
        return `<c:dPt><c:idx val="${i}"/><c:marker><c:symbol val="circle"/><c:size val="${size}"/><c:spPr>${solid(color, ref)}<a:ln w="9525">${solid(color, ref)}</a:ln></c:spPr></c:marker><c:bubble3D val="0"/>${segment}</c:dPt>`;
      }
      return `<c:dPt><c:idx val="${i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/><c:spPr>${solid(color, ref)}</c:spPr></c:dPt>`;
    })
    .join('');
  if (!dPts) return undefined;
  void spec;
  // c:dPt goes before c:dLbls (CT_BarSer, CT_LineSer); the fix-up puts series children in order anyway
  const before = children.find((c) => ['c:dLbls', 'c:trendline', 'c:errBars', 'c:cat', 'c:val', 'c:smooth', 'c:shape', 'c:extLst'].includes(c.name));
  const at = before ? before.start : ser.closeStart;
  return { start: at, end: at, text: dPts };
}

/** Labels whose text is given (a waterfall's signed change) or that are switched off (null). */
function labelEdits(xml: string, children: Span[], s: ChartSeries, spec: ChartSpec): Edit[] {
  const labels = s.labels!;
  const dLbls = children.find((c) => c.name === 'c:dLbls');
  if (!dLbls || dLbls.selfClosing) return [];
  const fills = spec.series.filter((x) => !x.hidden && !x.markersOnly).flatMap((x) => x.pointColors ?? [x.color]);
  const color = insideLabelColor(fills, spec.textColor);
  const size = Math.round(Math.max(6, spec.fontSize - 1) * 100);
  const font = escapeXml(spec.fontFace);
  const flags = '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>';
  const one = labels
    .map((text, i) => {
      if (s.values[i] === null) return '';
      if (text === null) return `<c:dLbl><c:idx val="${i}"/><c:delete val="1"/></c:dLbl>`;
      const run = `<a:r><a:rPr lang="en-US" sz="${size}" b="0">${solid(color)}<a:latin typeface="${font}"/><a:ea typeface="${font}"/></a:rPr><a:t>${escapeXml(text)}</a:t></a:r>`;
      return `<c:dLbl><c:idx val="${i}"/><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}"/></a:pPr>${run}</a:p></c:rich></c:tx><c:dLblPos val="ctr"/>${flags}</c:dLbl>`;
    })
    .join('');
  // c:dLbl elements come first in c:dLbls
  return one ? [{ start: dLbls.openEnd, end: dLbls.openEnd, text: one }] : [];
}

export const chartMarksRepair: RepairFactory = (options) => {
  const charts = options.marks?.charts;
  if (!charts || charts.size === 0) return undefined;
  const tally = new Tally((n) => `wrote point colours, hidden series or given labels into ${n} chart${n === 1 ? '' : 's'}`);
  return {
    name: 'chart marks',
    parts: /^ppt\/charts\/chart\d+\.xml$/,
    part(xml, name) {
      const spec = charts.get(name);
      if (!spec) return xml;
      const out = markChart(xml, spec);
      if (out !== xml) tally.add(name, 1);
      return out;
    },
    after(ctx) {
      tally.report(ctx.pkg);
    },
  };
};
