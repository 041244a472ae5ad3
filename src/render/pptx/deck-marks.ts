/**
 * What the Deck says and pptxgenjs 4.0.1 has no option for, written into the parts it produced:
 * - charts: a colour per point (`c:dPt`) on any series but a lone bar series (the only place
 *   pptxgenjs writes them), line markers of highlighted points, an invisible series (a waterfall's
 *   base: no fill, no labels, no legend entry) and labels whose text is not the value (a waterfall's
 *   signed changes);
 * - slides: shapes marked decorative the way PowerPoint marks them (screen readers skip them),
 *   slide numbers as fields (`<a:fld type="slidenum">`, renumbered by PowerPoint), table header rows
 *   (`a:tblPr firstRow="1"`).
 * The render stage records what to write (`DeckMarks`); these functions only edit XML strings.
 */
import type { ChartSeries, ChartSpec } from '../../deck/types.js';
import { insideLabelColor } from '../../layout/chart-colors.js';
import { type Edit, type Span, applyEdits, attributes, childElements, findElements, firstChild, serializeElement } from './fixup-xml.js';

export interface SlideMarks {
  /** Object names (`p:cNvPr/@name`) of the shapes a screen reader should skip. */
  decorative: string[];
  /** Runs (counted from 0 in the shape's text) that hold the slide number, per object name. */
  fields: { name: string; runs: number[] }[];
}

export interface DeckMarks {
  /** Chart part (`ppt/charts/chart3.xml`) → the spec it was drawn from. */
  charts: Map<string, ChartSpec>;
  /** One entry per slide, in order. */
  slides: SlideMarks[];
  /** Object names of decorative shapes on the slide layouts (the logo). */
  layoutDecorative: string[];
}

export function emptyMarks(): DeckMarks {
  return { charts: new Map(), slides: [], layoutDecorative: [] };
}

const UTF8 = new TextDecoder();
const ENCODE = new TextEncoder();

/** Applies the marks to the parts pptxgenjs wrote (in place, keeping their order). */
export function applyDeckMarks(parts: [string, Uint8Array][], marks: DeckMarks): void {
  for (const entry of parts) {
    const [name, data] = entry;
    let edit: ((xml: string) => string) | undefined;
    const spec = marks.charts.get(name);
    if (spec) edit = (xml) => markChart(xml, spec);
    const slide = /^ppt\/slides\/slide(\d+)\.xml$/.exec(name);
    if (slide) {
      const m = marks.slides[Number(slide[1]) - 1];
      edit = (xml) => markSlide(xml, m);
    }
    if (/^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(name) && marks.layoutDecorative.length) {
      edit = (xml) => markSlide(xml, { decorative: marks.layoutDecorative, fields: [] });
    }
    if (!edit) continue;
    const xml = UTF8.decode(data);
    const out = edit(xml);
    if (out !== xml) entry[1] = ENCODE.encode(out);
  }
}

// ── decorative shapes, slide-number fields, table headers ──────────────────────────────────────

/** The mark PowerPoint writes inside `p:cNvPr` when "Mark as decorative" is ticked. */
export const DECORATIVE_EXT =
  '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext></a:extLst>';

/** The id PowerPoint gives its slide-number field; one id for every slide, as PowerPoint does. */
const SLIDE_NUMBER_FIELD_ID = '{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}';

/**
 * A run turned into a slide-number field: the same run properties, the number as shown when it was
 * written, and PowerPoint renumbers it when slides move. Shared by every place that writes one.
 */
export function slideNumberField(xml: string, run: Span): string {
  const inner = xml.slice(run.openEnd, run.closeStart);
  return `<a:fld id="${SLIDE_NUMBER_FIELD_ID}" type="slidenum">${inner}</a:fld>`;
}

export function markSlide(xml: string, marks: SlideMarks | undefined): string {
  const edits: Edit[] = [];
  const decorative = new Set(marks?.decorative ?? []);
  const fields = new Map((marks?.fields ?? []).map((f) => [f.name, new Set(f.runs)]));
  for (const kind of ['p:sp', 'p:pic', 'p:cxnSp']) {
    for (const shape of findElements(xml, kind)) {
      const cNvPr = findElements(xml, 'p:cNvPr', shape.start, shape.end)[0];
      if (!cNvPr) continue;
      const name = attributes(xml, cNvPr).find(([k]) => k === 'name')?.[1] ?? '';
      if (decorative.has(name) && !xml.slice(cNvPr.start, cNvPr.end).includes('adec:decorative')) {
        // a decorative shape has no description: PowerPoint clears it too
        const attrs = attributes(xml, cNvPr).filter(([k]) => k !== 'descr');
        const inner = cNvPr.selfClosing ? '' : xml.slice(cNvPr.openEnd, cNvPr.closeStart).replace(/<a:extLst>[\s\S]*<\/a:extLst>/, '');
        edits.push({ start: cNvPr.start, end: cNvPr.end, text: serializeElement('p:cNvPr', attrs, inner + DECORATIVE_EXT) });
      }
      const runs = fields.get(name);
      if (runs && kind === 'p:sp') {
        findElements(xml, 'a:r', shape.start, shape.end).forEach((run, i) => {
          if (runs.has(i)) edits.push({ start: run.start, end: run.end, text: slideNumberField(xml, run) });
        });
      }
    }
  }
  // brief's tables always have a header row (GFM tables do)
  for (const tblPr of findElements(xml, 'a:tblPr')) {
    const attrs = attributes(xml, tblPr);
    if (attrs.some(([k]) => k === 'firstRow')) continue;
    const inner = tblPr.selfClosing ? '' : xml.slice(tblPr.openEnd, tblPr.closeStart);
    edits.push({ start: tblPr.start, end: tblPr.end, text: serializeElement('a:tblPr', [['firstRow', '1'], ...attrs], inner) });
  }
  return applyEdits(xml, edits);
}

// ── charts ─────────────────────────────────────────────────────────────────────────────────────

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

const solid = (hex: string) => `<a:solidFill><a:srgbClr val="${hex}"/></a:solidFill>`;

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
  for (const group of ['c:barChart', 'c:lineChart', 'c:areaChart']) {
    for (const g of findElements(xml, group)) {
      for (const ser of childElements(xml, g).filter((c) => c.name === 'c:ser')) {
        const name = seriesName(xml, ser);
        const s = name === undefined ? undefined : byName.get(name);
        if (!s) continue;
        const children = childElements(xml, ser);
        const idx = children.find((c) => c.name === 'c:idx');
        if (s.hidden) {
          if (idx) hiddenIndexes.push(Number(attributes(xml, idx).find(([k]) => k === 'val')?.[1] ?? -1));
          edits.push(...hideSeries(xml, ser, children));
          continue;
        }
        const points = pointEdit(xml, ser, children, s, group, spec);
        if (points) edits.push(points);
        if (s.labels) edits.push(...labelEdits(xml, children, s, spec));
      }
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
  const dPts = s.pointColors
    .map((color, i) => {
      if (color === s.color || s.values[i] === null) return '';
      if (line) {
        // the marker shows the point; the line keeps the series colour
        return `<c:dPt><c:idx val="${i}"/><c:marker><c:symbol val="circle"/><c:size val="${size}"/><c:spPr>${solid(color)}<a:ln w="9525">${solid(color)}</a:ln></c:spPr></c:marker><c:bubble3D val="0"/></c:dPt>`;
      }
      return `<c:dPt><c:idx val="${i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/><c:spPr>${solid(color)}</c:spPr></c:dPt>`;
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
  const fills = spec.series.filter((x) => !x.hidden).flatMap((x) => x.pointColors ?? [x.color]);
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
