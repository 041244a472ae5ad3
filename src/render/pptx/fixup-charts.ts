/**
 * Chart parts (ppt/charts/chartN.xml) that pptxgenjs writes against the dml-chart schema.
 */
import { applyEdits, childElements, type Edit, findElements, type Span } from './fixup-xml.js';
import { type PptxPackage, plural, summarize } from './fixup-package.js';

const CHART_PART = /^ppt\/charts\/chart\d+\.xml$/;

/** 2-D chart groups whose schema allows exactly two c:axId; pptxgenjs adds a series axis id. */
const TWO_AXIS_GROUPS = ['c:barChart', 'c:lineChart', 'c:areaChart', 'c:radarChart', 'c:scatterChart', 'c:bubbleChart', 'c:stockChart'];

/** Only bar and bubble series have c:invertIfNegative; pptxgenjs writes it on every series. */
const NO_INVERT_GROUPS = [
  'c:lineChart',
  'c:line3DChart',
  'c:areaChart',
  'c:area3DChart',
  'c:radarChart',
  'c:scatterChart',
  'c:pieChart',
  'c:pie3DChart',
  'c:doughnutChart',
  'c:ofPieChart',
  'c:stockChart',
  'c:surfaceChart',
  'c:surface3DChart',
];

/** Groups whose c:grouping is required but pptxgenjs omits. */
const GROUPING_REQUIRED = ['c:lineChart', 'c:line3DChart'];

/** Category-axis-only children pptxgenjs also writes on the X value axis of scatter charts. */
const CATEGORY_ONLY = new Set(['c:auto', 'c:lblAlgn', 'c:lblOffset', 'c:tickLblSkip', 'c:tickMarkSkip', 'c:noMultiLvlLbl']);

/**
 * Child order of every series type (CT_BarSer, CT_LineSer, CT_ScatterSer, CT_PieSer, ...) merged
 * into one list; no two series types order a shared pair differently. pptxgenjs writes c:marker
 * after c:dLbls in line and scatter series.
 */
const SERIES_ORDER = [
  'c:idx',
  'c:order',
  'c:tx',
  'c:spPr',
  'c:invertIfNegative',
  'c:pictureOptions',
  'c:marker',
  'c:explosion',
  'c:dPt',
  'c:dLbls',
  'c:trendline',
  'c:errBars',
  'c:cat',
  'c:val',
  'c:xVal',
  'c:yVal',
  'c:smooth',
  'c:shape',
  'c:bubbleSize',
  'c:bubble3D',
  'c:extLst',
];

interface ChartFix {
  describe: (count: number) => string;
  edits: (xml: string) => Edit[];
  count: number;
  parts: string[];
}

function removal(span: Span): Edit {
  return { start: span.start, end: span.end, text: '' };
}

function groups(xml: string, names: string[]): Span[] {
  return names.flatMap((name) => findElements(xml, name)).filter((span) => !span.selfClosing);
}

function extraAxisIds(xml: string): Edit[] {
  return groups(xml, TWO_AXIS_GROUPS).flatMap((group) =>
    childElements(xml, group)
      .filter((child) => child.name === 'c:axId')
      .slice(2)
      .map(removal),
  );
}

function missingGrouping(xml: string): Edit[] {
  return groups(xml, GROUPING_REQUIRED)
    .filter((group) => !childElements(xml, group).some((child) => child.name === 'c:grouping'))
    .map((group) => ({ start: group.openEnd, end: group.openEnd, text: '<c:grouping val="standard"/>' }));
}

function misplacedInvertIfNegative(xml: string): Edit[] {
  return groups(xml, NO_INVERT_GROUPS).flatMap((group) =>
    childElements(xml, group)
      .filter((child) => child.name === 'c:ser' && !child.selfClosing)
      .flatMap((ser) => childElements(xml, ser).filter((child) => child.name === 'c:invertIfNegative'))
      .map(removal),
  );
}

function categoryOnlyOnValueAxes(xml: string): Edit[] {
  return groups(xml, ['c:valAx']).flatMap((axis) =>
    childElements(xml, axis)
      .filter((child) => CATEGORY_ONLY.has(child.name))
      .map(removal),
  );
}

/** Stable sort of the children of `parent` by `order`; undefined when already in order. */
function reorderChildren(xml: string, parent: Span, order: string[]): Edit | undefined {
  const children = childElements(xml, parent);
  const rank = (child: Span) => {
    const at = order.indexOf(child.name);
    return at < 0 ? order.length : at;
  };
  const sorted = children.map((child, index) => ({ child, index })).sort((a, b) => rank(a.child) - rank(b.child) || a.index - b.index);
  if (sorted.every((entry, i) => entry.index === i)) return undefined;
  return { start: parent.openEnd, end: parent.closeStart, text: sorted.map(({ child }) => xml.slice(child.start, child.end)).join('') };
}

function misorderedSeries(xml: string): Edit[] {
  return groups(xml, ['c:ser']).flatMap((ser) => reorderChildren(xml, ser, SERIES_ORDER) ?? []);
}

function chartFixes(): ChartFix[] {
  const fix = (describe: (count: number) => string, edits: (xml: string) => Edit[]): ChartFix => ({ describe, edits, count: 0, parts: [] });
  return [
    fix((n) => `removed ${plural(n, 'third c:axId')} from 2-D chart groups`, extraAxisIds),
    fix((n) => `added c:grouping to ${plural(n, 'line chart group')}`, missingGrouping),
    fix((n) => `removed c:invertIfNegative from ${n} non-bar series`, misplacedInvertIfNegative),
    fix((n) => `removed ${plural(n, 'category-axis-only element')} from value axes`, categoryOnlyOnValueAxes),
    fix((n) => `put the children of ${n} series in schema order`, misorderedSeries),
  ];
}

export function repairCharts(pkg: PptxPackage): void {
  const fixes = chartFixes();
  for (const part of pkg.names().filter((name) => CHART_PART.test(name))) {
    const original = pkg.text(part);
    let xml = original;
    // One fix at a time: each one's spans are found in the text the previous one produced.
    for (const fix of fixes) {
      const edits = fix.edits(xml);
      if (edits.length === 0) continue;
      xml = applyEdits(xml, edits);
      fix.count += edits.length;
      fix.parts.push(part);
    }
    if (xml !== original) pkg.setText(part, xml);
  }
  for (const fix of fixes) if (fix.count > 0) pkg.note(`${fix.describe(fix.count)} in ${summarize(fix.parts)}`);
}
