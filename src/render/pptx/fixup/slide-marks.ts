/**
 * Slides (and brief's own slide layouts): what pptxgenjs 4.0.1 cannot write, from the Deck
 * (render/pptx/marks.ts):
 * - shapes marked decorative the way PowerPoint marks them ("Mark as decorative"), so that screen
 *   readers skip rules, accent bars, card backgrounds, icons and the logo; their description goes;
 * - slide numbers as fields (`<a:fld type="slidenum">`): pptxgenjs writes text runs only, and a
 *   typed number is wrong as soon as a slide is added in PowerPoint;
 * - the header row of tables (`a:tblPr firstRow="1"`): pptxgenjs writes a bare `<a:tblPr/>`, and
 *   PowerPoint's checker (and screen readers) need to know the first row holds the column names;
 * - theme colours (`a:schemeClr`) for the fills, rules and text of brief's own shapes (cards, tiles,
 *   rules, tables) whose colour the template's PowerPoint file decides: pptxgenjs writes only
 *   `a:srgbClr` (its scheme names cover no shade and no dk/lt slot), so another theme chosen in
 *   PowerPoint would leave them in the old colours. Each shape is found by its place in the shape
 *   tree and checked by name; its colour elements are found by structure (the shape's fill, a run's
 *   properties, a cell's fill and bottom rule), never by comparing colour values.
 */
import {
  type Edit,
  type Span,
  applyEdits,
  attributes,
  attributeValue,
  childElements,
  elementAt,
  findElements,
  firstChild,
  nextStartTag,
  previousStartTag,
  schemeColorEdits,
  serializeElement,
} from './xml.js';
import type { RunColors, ShapeColors, SlideMarks } from '../marks.js';
import { schemeColorXml } from '../../../template/theme-refs.js';
import { type RepairFactory, Tally } from './repair.js';


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

/** Objects of the slide's shape tree, in order (what pptxgenjs writes one per object added). */
function treeObjects(xml: string): Span[] {
  const tree = findElements(xml, 'p:spTree')[0];
  if (!tree) return [];
  return childElements(xml, tree).filter((c) => ['p:sp', 'p:pic', 'p:graphicFrame', 'p:cxnSp', 'p:grpSp'].includes(c.name));
}

/** The direct `a:solidFill` child of `parent` (a shape's `p:spPr`, a cell's `a:tcPr`, a line). */
function solidFillOf(xml: string, parent: Span | undefined): Span | undefined {
  return parent ? firstChild(xml, parent, 'a:solidFill') : undefined;
}

function runColorEdits(xml: string, within: Span, text: RunColors): Edit[] {
  const wanted = new Map(text.runs.map((r) => [r.index, schemeColorXml(r.ref)]));
  return findElements(xml, 'a:r', within.start, within.end).flatMap((run, i) => {
    const scheme = wanted.get(i);
    const fill = scheme ? solidFillOf(xml, firstChild(xml, run, 'a:rPr')) : undefined;
    return fill ? schemeColorEdits(xml, fill, scheme!) : [];
  });
}

/** The edits that write one shape's theme colours; none when the shape at its place is not the one recorded. */
function shapeColorEdits(xml: string, shape: Span, colors: ShapeColors): Edit[] {
  const cNvPr = findElements(xml, 'p:cNvPr', shape.start, shape.end)[0];
  if (!cNvPr || attributeValue(xml, cNvPr, 'name') !== colors.name) return [];
  const edits: Edit[] = [];
  if (colors.fill) {
    const fill = solidFillOf(xml, firstChild(xml, shape, 'p:spPr'));
    if (fill) edits.push(...schemeColorEdits(xml, fill, schemeColorXml(colors.fill)));
  }
  if (colors.text) edits.push(...runColorEdits(xml, shape, colors.text));
  if (colors.cells) {
    findElements(xml, 'a:tc', shape.start, shape.end).forEach((tc, i) => {
      const cell = colors.cells![i];
      if (!cell) return;
      const tcPr = firstChild(xml, tc, 'a:tcPr');
      if (cell.fill) {
        const fill = solidFillOf(xml, tcPr);
        if (fill) edits.push(...schemeColorEdits(xml, fill, schemeColorXml(cell.fill)));
      }
      if (cell.border) {
        const rule = solidFillOf(xml, tcPr ? firstChild(xml, tcPr, 'a:lnB') : undefined);
        if (rule) edits.push(...schemeColorEdits(xml, rule, schemeColorXml(cell.border)));
      }
      if (cell.text) edits.push(...runColorEdits(xml, tc, cell.text));
    });
  }
  return edits;
}

/** Theme colours of the slide's shapes (SlideMarks.colors), written before the other marks. */
export function themeColorSlide(xml: string, colors: readonly ShapeColors[]): string {
  const objects = treeObjects(xml);
  return applyEdits(xml, colors.flatMap((c) => (objects[c.index] ? shapeColorEdits(xml, objects[c.index]!, c) : [])));
}

/** The shape kind whose non-visual properties each element is (p:sp's p:nvSpPr, ...). */
const NON_VISUAL: ReadonlyArray<[string, string]> = [
  ['<p:nvSpPr>', 'p:sp'],
  ['<p:nvPicPr>', 'p:pic'],
  ['<p:nvCxnSpPr>', 'p:cxnSp'],
];

/**
 * The name-bearing p:cNvPr of every shape, picture and connector (not of groups and graphic
 * frames), with its shape's kind. Read from the p:cNvPr elements themselves, each the first child
 * of its shape's non-visual properties, rather than by finding every shape and then its p:cNvPr:
 * marks name a few shapes of a slide that holds dozens.
 */
function shapeNames(xml: string): Array<{ kind: string; cNvPr: Span }> {
  const out: Array<{ kind: string; cNvPr: Span }> = [];
  for (let at = nextStartTag(xml, 'p:cNvPr', 0); at >= 0; at = nextStartTag(xml, 'p:cNvPr', at + 8)) {
    // the tag before it: its parent's start tag, with nothing but whitespace after it
    const parent = xml.lastIndexOf('<', at - 1);
    const found = parent < 0 ? undefined : NON_VISUAL.find(([tag]) => xml.startsWith(tag, parent));
    if (found && xml.slice(parent + found[0].length, at).trim() === '') out.push({ kind: found[1], cNvPr: elementAt(xml, at) });
  }
  return out;
}

export function markSlide(xml: string, marks: SlideMarks | undefined): string {
  if (marks?.colors?.length) xml = themeColorSlide(xml, marks.colors);
  const edits: Edit[] = [];
  const decorative = new Set(marks?.decorative ?? []);
  const fields = new Map((marks?.fields ?? []).map((f) => [f.name, new Set(f.runs)]));
  // slide-number fields are in text shapes only; pictures and connectors matter when decorative
  if (decorative.size > 0 || fields.size > 0) {
    for (const { kind, cNvPr } of shapeNames(xml)) {
      const name = attributeValue(xml, cNvPr, 'name') ?? '';
      if (decorative.has(name) && !xml.slice(cNvPr.start, cNvPr.end).includes('adec:decorative')) {
        // a decorative shape has no description: PowerPoint clears it too
        const attrs = attributes(xml, cNvPr).filter(([k]) => k !== 'descr');
        const inner = cNvPr.selfClosing ? '' : xml.slice(cNvPr.openEnd, cNvPr.closeStart).replace(/<a:extLst>[\s\S]*<\/a:extLst>/, '');
        edits.push({ start: cNvPr.start, end: cNvPr.end, text: serializeElement('p:cNvPr', attrs, inner + DECORATIVE_EXT) });
      }
      const runs = fields.get(name);
      const shapeStart = runs && kind === 'p:sp' ? previousStartTag(xml, 'p:sp', cNvPr.start) : -1;
      if (runs && shapeStart >= 0) {
        const shape = elementAt(xml, shapeStart);
        findElements(xml, 'a:r', shape.start, shape.end).forEach((run, i) => {
          if (runs.has(i)) edits.push({ start: run.start, end: run.end, text: slideNumberField(xml, run) });
        });
      }
    }
  }
  // brief's tables always have a header row (GFM tables do)
  for (const tblPr of xml.includes('<a:tblPr') ? findElements(xml, 'a:tblPr') : []) {
    const attrs = attributes(xml, tblPr);
    if (attrs.some(([k]) => k === 'firstRow')) continue;
    const inner = tblPr.selfClosing ? '' : xml.slice(tblPr.openEnd, tblPr.closeStart);
    edits.push({ start: tblPr.start, end: tblPr.end, text: serializeElement('a:tblPr', [['firstRow', '1'], ...attrs], inner) });
  }
  return applyEdits(xml, edits);
}


const SLIDE = /^ppt\/slides\/slide(\d+)\.xml$/;
const LAYOUT = /^ppt\/slideLayouts\/slideLayout\d+\.xml$/;

export const slideMarksRepair: RepairFactory = (options) => {
  const marks = options.marks;
  if (!marks) return undefined;
  const tally = new Tally((n) => `marked ${n} slide${n === 1 ? '' : 's'} and layouts for screen readers (decorative shapes, slide-number fields, table headers)`);
  return {
    name: 'slide marks',
    parts: /^ppt\/(slides\/slide|slideLayouts\/slideLayout)\d+\.xml$/,
    part(xml, name) {
      const slide = SLIDE.exec(name);
      const m = slide ? marks.slides[Number(slide[1]) - 1] : LAYOUT.test(name) ? { decorative: marks.layoutDecorative, fields: [] } : undefined;
      const out = markSlide(xml, m);
      if (out !== xml) tally.add(name, 1);
      return out;
    },
    after(ctx) {
      tally.report(ctx.pkg);
    },
  };
};
