/**
 * Chart parts (ppt/charts/chartN.xml) that pptxgenjs 4.0.1 writes against the dml-chart schema: a
 * third c:axId in 2-D groups, no c:grouping in line groups, c:invertIfNegative on series that have
 * none, category-axis-only children on scatter value axes, and series children out of order
 * (c:marker after c:dLbls). PowerPoint repairs each on opening.
 */
import { applyEdits, childElements, type Edit, findElements, type Span } from './xml.js';
import { plural } from './package.js';
import { type Repair, Tally } from './repair.js';

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
  tally: Tally;
  edits: (xml: string) => Edit[];
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
  const fix = (describe: (count: number) => string, edits: (xml: string) => Edit[]): ChartFix => ({ tally: new Tally(describe), edits });
  return [
    fix((n) => `removed ${plural(n, 'third c:axId')} from 2-D chart groups`, extraAxisIds),
    fix((n) => `added c:grouping to ${plural(n, 'line chart group')}`, missingGrouping),
    fix((n) => `removed c:invertIfNegative from ${n} non-bar series`, misplacedInvertIfNegative),
    fix((n) => `removed ${plural(n, 'category-axis-only element')} from value axes`, categoryOnlyOnValueAxes),
    fix((n) => `put the children of ${n} series in schema order`, misorderedSeries),
  ];
}

export function chartSchemaRepair(): Repair {
  const fixes = chartFixes();
  return {
    name: 'chart parts against the dml-chart schema',
    parts: CHART_PART,
    part: (xml, part) => {
      // One fix at a time: each one's spans are found in the text the previous one produced.
      for (const fix of fixes) {
        const edits = fix.edits(xml);
        if (edits.length === 0) continue;
        xml = applyEdits(xml, edits);
        fix.tally.add(part, edits.length);
      }
      return xml;
    },
    after: ({ pkg }) => {
      for (const fix of fixes) fix.tally.report(pkg);
    },
  };
}
