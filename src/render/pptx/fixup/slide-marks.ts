/**
 * Slides (and brief's own slide layouts): what pptxgenjs 4.0.1 cannot write, from the Deck
 * (render/pptx/marks.ts):
 * - shapes marked decorative the way PowerPoint marks them ("Mark as decorative"), so that screen
 *   readers skip rules, accent bars, card backgrounds, icons and the logo; their description goes;
 * - slide numbers as fields (`<a:fld type="slidenum">`): pptxgenjs writes text runs only, and a
 *   typed number is wrong as soon as a slide is added in PowerPoint;
 * - the header row of tables (`a:tblPr firstRow="1"`): pptxgenjs writes a bare `<a:tblPr/>`, and
 *   PowerPoint's checker (and screen readers) need to know the first row holds the column names.
 */
import { type Edit, type Span, applyEdits, attributes, findElements, serializeElement } from './xml.js';
import type { SlideMarks } from '../marks.js';
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
