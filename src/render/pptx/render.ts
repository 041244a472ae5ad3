import { type Pptx, PptxGenJS, type PptxSlide, type SlideMasterProps, type TableRow, type TextProps, type TextPropsOptions } from './pptxgen.js';
import type { Deck, MasterLayout, Paragraph, Shape, Slide, TableShape, TextRun, TextShape, TextStyle, ThemeColorRef } from '../../deck/types.js';
import { BULLET_INDENT_IN } from '../../layout/measure.js';
import { addChartToSlide } from './chart.js';
import { imageData } from './images.js';
import { type DeckMarks, type RunColors, type ShapeColors, type SlideMarks, emptyMarks } from './marks.js';

const PT_PER_IN = 72;
/** The hanging indent layout measured bullets with. */
const BULLET_INDENT_PT = BULLET_INDENT_IN * PT_PER_IN;

/** Translates the Deck into pptxgenjs calls. Every decision was made in layout/: nothing is chosen here. */
export function deckToPptxGen(deck: Deck, marks: DeckMarks = emptyMarks()): Pptx {
  const pptx = new PptxGenJS();
  pptx.defineLayout({ name: 'BRIEF', width: deck.width, height: deck.height });
  pptx.layout = 'BRIEF';
  pptx.title = deck.title;
  if (deck.subtitle) pptx.subject = deck.subtitle;
  if (deck.author) pptx.author = deck.author;
  if (deck.organization) pptx.company = deck.organization;
  // On a PowerPoint file's masters (deck.base) the slides get them in the graft (graft.ts): none here.
  const masters = deck.base ? [] : mastersOf(deck);
  defineMasters(pptx, deck, masters, marks);
  for (const slide of deck.slides) marks.slides.push(renderSlide(pptx, slide, !deck.base, marks));
  return pptx;
}

/**
 * One slide layout per template layout, with title and body placeholders styled like the template and
 * the master elements (logo, fixed footer text), so that a slide a presenter adds in PowerPoint looks
 * like the others and its title sits in a real placeholder (outline view, navigation, screen readers).
 */
function defineMasters(pptx: Pptx, deck: Deck, masters: readonly MasterLayout[], marks: DeckMarks): void {
  if (deck.theme) pptx.theme = { headFontFace: deck.theme.fonts.heading, bodyFontFace: deck.theme.fonts.body };
  for (const master of masters) {
    const objects: SlideMasterProps['objects'] = [];
    for (const p of master.placeholders) {
      // Text typed into a layout's body placeholder becomes bullets, like the body text brief writes.
      const bullet = p.type === 'body' ? { bullet: { indent: BULLET_INDENT_PT } } : {};
      objects.push({ placeholder: { options: { ...styleOptions(p.style), ...bullet, name: p.type, type: p.type, x: p.box.x, y: p.box.y, w: p.box.w, h: p.box.h }, text: '' } });
    }
    for (const shape of master.shapes) {
      if (shape.kind === 'image') {
        objects.push({ image: { data: imageData(shape), x: shape.box.x, y: shape.box.y, w: shape.box.w, h: shape.box.h, altText: shape.alt, objectName: shape.role } as never });
        if (shape.decorative && !marks.layoutDecorative.includes(shape.role)) marks.layoutDecorative.push(shape.role);
      }
      else if (shape.kind === 'text') objects.push({ text: { text: shape.paragraphs.map((p) => p.runs.map((r) => r.text).join('')).join('\n'), options: textOptions(shape) } });
    }
    pptx.defineSlideMaster({ title: masterName(master.layout), background: { color: master.background }, objects });
  }
}

/** Without masters in the Deck (a Deck made without a template at hand): one per layout used, with its title. */
function mastersOf(deck: Deck): MasterLayout[] {
  if (deck.masters) return deck.masters;
  const masters = new Map<string, MasterLayout>();
  for (const slide of deck.slides) {
    if (masters.has(slide.layout)) continue;
    const title = slide.shapes.find((s): s is TextShape => s.kind === 'text' && s.role === 'title');
    masters.set(slide.layout, { layout: slide.layout, background: slide.background, placeholders: title ? [{ type: 'title', box: title.box, style: title.style }] : [], shapes: [] });
  }
  return [...masters.values()];
}

/** A text style as pptxgenjs shape options; on a placeholder, what text typed into it in PowerPoint gets. */
function styleOptions(st: TextStyle): TextPropsOptions {
  return {
    fontFace: st.fontFace,
    fontSize: st.fontSize,
    color: st.color,
    bold: st.bold ?? false,
    italic: st.italic ?? false,
    align: st.align,
    valign: st.valign,
    // pptxgenjs takes per-side text margins in points as [left, right, bottom, top]
    margin: st.insets ? [st.insets[3] * PT_PER_IN, st.insets[1] * PT_PER_IN, st.insets[2] * PT_PER_IN, st.insets[0] * PT_PER_IN] : st.inset * PT_PER_IN,
    lineSpacingMultiple: st.lineSpacing,
  };
}

function masterName(layout: string): string {
  return `brief-${layout}`;
}

/** A slide's own shapes; its master's (logo, fixed footer) are on its slide layout (layout/masters.ts). */
function renderSlide(pptx: Pptx, slide: Slide, ownMasters: boolean, marks: DeckMarks): SlideMarks {
  const s = ownMasters ? pptx.addSlide({ masterName: masterName(slide.layout) }) : pptx.addSlide();
  const slideMarks: SlideMarks = { decorative: [], fields: [] };
  if (ownMasters) s.background = { color: slide.background };
  // Objects pptxgenjs writes into the slide's shape tree, in order: where the fix-up finds each shape.
  let objects = 0;
  for (const shape of slide.shapes) {
    const colors = themeColorsOf(shape, objects++);
    if (colors) (slideMarks.colors ??= []).push(colors);
    if (shape.kind !== 'table' && shape.kind !== 'chart' && shape.decorative && !slideMarks.decorative.includes(shape.role)) slideMarks.decorative.push(shape.role);
    if (shape.kind === 'text') {
      const runs = fieldRuns(shape.paragraphs);
      if (runs.length) slideMarks.fields.push({ name: shape.role, runs });
    }
    switch (shape.kind) {
      case 'rect':
        s.addShape(shape.radius ? pptx.ShapeType.roundRect : pptx.ShapeType.rect, {
          x: shape.box.x,
          y: shape.box.y,
          w: shape.box.w,
          h: shape.box.h,
          fill: { color: shape.fill },
          line: shape.line ? { color: shape.line.color, width: shape.line.width } : { type: 'none' },
          rectRadius: shape.radius,
          objectName: shape.role,
        });
        break;
      case 'text':
        s.addText(paragraphsToRuns(shape.paragraphs, shape), ownMasters ? textOptions(shape) : { ...textOptions(shape), placeholder: undefined });
        break;
      case 'image':
        s.addImage({ data: imageData(shape), x: shape.box.x, y: shape.box.y, w: shape.box.w, h: shape.box.h, altText: shape.alt, objectName: shape.role });
        break;
      case 'table':
        addTable(s, shape);
        break;
      case 'chart':
      {
        const part = addChartToSlide(pptx, s, shape.chart, shape.box);
        if (part) marks.charts.set(part, shape.chart);
        break;
      }
    }
  }
  if (slide.notes) s.addNotes(slide.notes);
  return slideMarks;
}

/** The theme colours of a shape (ThemeColorRef in the Deck), for the fix-up to write; undefined when none. */
function themeColorsOf(shape: Shape, index: number): ShapeColors | undefined {
  const out: ShapeColors = { index, name: shape.role };
  if (shape.kind === 'rect' && shape.fillRef) out.fill = shape.fillRef;
  if (shape.kind === 'text') {
    const text = styleRuns(shape.paragraphs, shape.style.colorRef);
    if (text) out.text = text;
  }
  if (shape.kind === 'table') {
    const cells = shape.rows.flat().map((cell) => {
      const text = styleRuns(cell.paragraphs, cell.colorRef);
      return { ...(cell.fillRef ? { fill: cell.fillRef } : {}), ...(shape.borderRef ? { border: shape.borderRef } : {}), ...(text ? { text } : {}) };
    });
    if (cells.some((c) => Object.keys(c).length)) out.cells = cells;
  }
  return out.fill || out.text || out.cells ? out : undefined;
}

/**
 * Runs in a theme colour, counted as pptxgenjs writes them: a run's own (TextRun.colorRef), or the
 * style's for runs with no colour of their own that are not links.
 */
function styleRuns(paragraphs: readonly Paragraph[], ref: ThemeColorRef | undefined): RunColors | undefined {
  const runs: RunColors['runs'] = [];
  let i = 0;
  for (const p of paragraphs) {
    for (const r of p.runs.length ? p.runs : [{ text: '' } as TextRun]) {
      if (r.color) {
        if (r.colorRef) runs.push({ index: i, ref: r.colorRef });
      } else if (ref && !p.color && !r.link) runs.push({ index: i, ref });
      i++;
    }
  }
  return runs.length ? { runs } : undefined;
}

/** Indexes of the runs that are fields, counted as pptxgenjs writes them (one a:r per run). */
function fieldRuns(paragraphs: readonly Paragraph[]): number[] {
  const out: number[] = [];
  let i = 0;
  for (const p of paragraphs) {
    const runs = p.runs.length ? p.runs : [{ text: '' }];
    for (const r of runs) {
      if ('field' in r && r.field === 'slidenum') out.push(i);
      i++;
    }
  }
  return out;
}

function textOptions(shape: TextShape): TextPropsOptions {
  const opts: TextPropsOptions = {
    x: shape.box.x,
    y: shape.box.y,
    w: shape.box.w,
    h: shape.box.h,
    ...styleOptions(shape.style),
    wrap: true,
    fit: 'none',
    objectName: shape.role,
  };
  if (shape.fill) opts.fill = { color: shape.fill };
  if (shape.placeholder) opts.placeholder = shape.placeholder === 'title' || shape.placeholder === 'ctrTitle' ? 'title' : shape.placeholder === 'body' ? 'body' : undefined;
  return opts;
}

/** Paragraphs → pptxgenjs runs; a paragraph ends with `breakLine` on its last run. */
function paragraphsToRuns(paragraphs: readonly Paragraph[], shape: TextShape): TextProps[] {
  const st = shape.style;
  const out: TextProps[] = [];
  paragraphs.forEach((p, pi) => {
    const last = pi === paragraphs.length - 1;
    const size = p.fontSize ?? st.fontSize;
    const runs = p.runs.length ? p.runs : [{ text: '' }];
    runs.forEach((run, ri) => {
      const options: TextPropsOptions = {
        fontFace: run.code ? st.monoFontFace : run.lang ? st.eastAsianFontFace : st.fontFace,
        fontSize: size,
        color: run.color ?? p.color ?? (run.link ? st.linkColor : st.color),
        bold: run.bold ?? p.bold ?? st.bold ?? false,
        italic: run.italic ?? p.italic ?? st.italic ?? false,
        lang: run.lang ?? 'en-US',
        // pptxgenjs starts a new paragraph wherever `align` changes between runs, so every run carries it.
        align: p.align ?? st.align,
      };
      if (run.link) options.hyperlink = { url: run.link };
      if (ri === 0) {
        if (p.bullet) {
          options.bullet = { indent: BULLET_INDENT_PT };
          options.indentLevel = p.level ?? 0;
        } else options.bullet = false;
        if (!last && st.paraSpaceAfter) options.paraSpaceAfter = st.paraSpaceAfter;
        if (p.spaceBefore) options.paraSpaceBefore = p.spaceBefore;
        options.lineSpacingMultiple = st.lineSpacing;
      }
      if (ri === runs.length - 1 && !last) options.breakLine = true;
      out.push({ text: run.text, options });
    });
  });
  return out;
}

/** A native table (a:tbl): fills, alignment and sizes as laid out; rules under the rows only. */
function addTable(s: PptxSlide, shape: TableShape): void {
  const rule = { type: 'solid' as const, pt: 0.75, color: shape.borderColor };
  const none = { type: 'none' as const };
  const rows: TableRow[] = shape.rows.map((row) =>
    row.map((cell) => ({
      text: paragraphsToRuns(cell.paragraphs, { kind: 'text', role: 'cell', box: shape.box, paragraphs: cell.paragraphs, style: { ...shape.style, color: cell.color, bold: cell.bold } }),
      options: {
        align: cell.align,
        valign: 'middle' as const,
        fill: cell.fill ? { color: cell.fill } : undefined,
        color: cell.color,
        bold: cell.bold,
        border: [none, none, rule, none],
      },
    })),
  );
  s.addTable(rows, {
    x: shape.box.x,
    y: shape.box.y,
    w: shape.box.w,
    colW: shape.columnWidths,
    rowH: shape.rowHeights,
    fontFace: shape.style.fontFace,
    fontSize: shape.style.fontSize,
    // Inches: pptxgenjs reads margins of 1 or more as points, and these are all below 1.
    margin: shape.cellMargin ?? [shape.style.inset, shape.style.inset, shape.style.inset, shape.style.inset],
    objectName: shape.role,
  });
}
