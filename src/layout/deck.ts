import type { Briefing, SlideSource } from '../content/types.js';
import { interpolate } from '../data/interpolate.js';
import type { DataSets } from '../data/types.js';
import type { Deck, Paragraph, Shape, Slide, SlideKind, TextRun, TextShape, TextStyle } from '../deck/types.js';
import { type Diagnostic, type SourcePoint, error, warning } from '../diagnostics.js';
import type { Template } from '../template/types.js';
import { contrastThresholds } from '../template/contrast.js';
import { chooseKind } from './choose.js';
import { type LayoutContext, fittedText, isSourceLine, layoutOf, newSlide, ruleShape, slideTitle, startSlide } from './slide.js';
import { fitText } from './fit.js';
import { inlinesToRuns, minSizeOf, paintOf, plainRuns, resolveStyle, textShape } from './style.js';
import { markBodyPlaceholder, mastersOf, themeOf } from './masters.js';
import { chartSlide } from './chart-slide.js';
import { cardsSlide } from './cards.js';
import { figuresSlide } from './figures.js';
import { flowSlides } from './body.js';
import { columnsSlides } from './columns.js';
import { pictureSlide } from './picture.js';
import { type ImageResolver, fileImageResolver } from './images.js';
import { excerpt, isFitWarning, overflowWarning } from './warnings.js';
import { describeTwin, fontSource } from './font-source.js';
import { wordsFor } from './words.js';
import { formatDate } from './date.js';

export interface LayoutOptions {
  /** Finds and measures pictures; by default on disk, relative to each Markdown file. */
  images?: ImageResolver;
  /** Datasets declared in deck.yaml that failed to load. */
  failedDatasets?: ReadonlySet<string>;
}

/**
 * Lays the whole briefing out through the template. Pure but for reading what it measures with:
 * font metrics, the icon set and the pictures' headers (through `options.images`).
 */
export function briefingToDeck(briefing: Briefing, datasets: DataSets, template: Template, options: LayoutOptions = {}): { deck: Deck; diagnostics: Diagnostic[] } {
  const ctx: LayoutContext = { template, briefing, datasets, failedDatasets: options.failedDatasets ?? new Set(), diagnostics: [], images: options.images ?? fileImageResolver(briefing) };
  ctx.diagnostics.push(...fontWarnings(template, briefing.manifest.at));
  const m = briefing.manifest;
  const slides: Slide[] = [titleSlide(ctx)];
  const sections = briefing.slides.filter((s) => s.depth === 1);
  if (sections.length >= 2 && template.layouts['agenda']) slides.push(...agendaSlides(ctx, sections));
  let sectionNumber = 0;
  for (const source of briefing.slides) {
    const before = ctx.diagnostics.length;
    if (source.depth === 1) slides.push(sectionSlide(ctx, source, ++sectionNumber));
    else slides.push(...contentSlides(ctx, source));
    // Text that still holds a `{{ }}` someone has already been told about is not what will be
    // laid out once it is fixed: warnings about its fit would be noise.
    if (ctx.diagnostics.length > before && holdsUnexpandedReference(source)) ctx.diagnostics.splice(before, Infinity, ...ctx.diagnostics.slice(before).filter((d) => !isFitWarning(d)));
  }
  // reading order: a screen reader reads shapes in the order they are drawn, and the title comes first
  for (const slide of slides) {
    const title = slide.shapes.findIndex((s) => s.kind === 'text' && s.role === 'title');
    if (title > 0) slide.shapes.unshift(...slide.shapes.splice(title, 1));
  }
  const masterShapes = addMasterElements(ctx, slides);
  // On a PowerPoint file the file's own masters serve (render/pptx/fixup/graft.ts): none of brief's.
  const masters = template.base ? undefined : mastersOf(template, masterShapes);
  const deck: Deck = {
    title: m.title,
    subtitle: m.subtitle,
    author: m.author,
    organization: m.organization,
    date: m.date,
    lang: m.lang,
    width: template.slide.width,
    height: template.slide.height,
    template: template.name,
    slides: masters ? slides.map((slide) => markBodyPlaceholder(slide, masters.find((x) => x.layout === slide.layout))) : slides,
    ...(masters ? { masters, theme: themeOf(template) } : {}),
  };
  if (template.accessibility) {
    const bar = contrastThresholds(template.accessibility);
    deck.contrast = { body: bar.body, large: bar.large };
  }
  return { deck, diagnostics: ctx.diagnostics };
}

function holdsUnexpandedReference(source: SlideSource): boolean {
  return /\{\{[^{}]*\}\}/.test(JSON.stringify([source.title, source.blocks]));
}

/** A template font measured with a stand-in is said once, at the template's font entry. */
function fontWarnings(template: Template, fallback: SourcePoint): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const key of ['heading', 'body'] as const) {
    const font = template.fonts[key];
    if (seen.has(font)) continue;
    seen.add(font);
    const source = fontSource(font);
    if (source.kind !== 'class') continue;
    out.push(
      warning(
        `template font "${font}" is not on this machine and brief has no metric twin for it: its text is measured with ${describeTwin(source)}, the stand-in for ${source.fontClass} fonts`,
        template.fontsAt?.[key] ?? fallback,
        `where "${font}" is wider, text may not fit; install the font (brief finds it through fontconfig), or name one brief measures exactly: Calibri, Arial, or a font this machine has`,
      ),
    );
  }
  return out;
}

function titleSlide(ctx: LayoutContext): Slide {
  const m = ctx.briefing.manifest;
  const layout = layoutOf(ctx, 'title');
  const slide = newSlide(ctx, 'title');
  slide.source = m.at;
  const rule = layout.regions['rule'];
  if (rule) slide.shapes.push(ruleShape(ctx, layout, rule));
  slide.title = m.title;
  const title = fittedText(ctx, layout, 'title', 'title', [{ runs: plainRuns(m.title) }], m.at, { placeholder: 'ctrTitle' });
  if (title) slide.shapes.push(title);
  if (m.subtitle) {
    const sub = fittedText(ctx, layout, 'subtitle', 'subtitle', [{ runs: plainRuns(m.subtitle) }], m.at, { placeholder: 'subTitle' });
    if (sub) slide.shapes.push(sub);
  }
  const meta = [formatDate(m.date, m.lang), m.author, m.organization].filter((s): s is string => !!s);
  if (meta.length) {
    const shape = fittedText(ctx, layout, 'meta', 'meta', meta.map((s) => ({ runs: plainRuns(s) })), m.at);
    if (shape) slide.shapes.push(shape);
  }
  return slide;
}

function agendaSlides(ctx: LayoutContext, sections: SlideSource[]): Slide[] {
  const layout = layoutOf(ctx, 'agenda');
  const number = paintOf(ctx.template, layout.styles['number'], 'highlight');
  const paragraphs: Paragraph[] = sections.map((s, i) => ({
    runs: [{ text: `${String(i + 1).padStart(2, '0')}   `, bold: true, color: number.color, ...(number.ref ? { colorRef: number.ref } : {}) }, ...inlinesToRuns(s.title)],
  }));
  // A long agenda continues on further slides, as many entries on each as fit at the minimum size.
  const box = layout.regions['body'];
  let perSlide = paragraphs.length;
  if (box) {
    const style = resolveStyle(ctx.template, layout.styles['body']);
    const min = Math.min(minSizeOf(ctx.template, layout.styles['body']), style.fontSize);
    while (perSlide > 1 && !fitText(paragraphs.slice(0, perSlide), box, style, min).fits) perSlide--;
  }
  const slides: Slide[] = [];
  for (let start = 0; start < paragraphs.length; start += perSlide) {
    const slide = newSlide(ctx, 'agenda');
    slideTitle(ctx, slide, layout, wordsFor(ctx.briefing.manifest.lang).agenda + (start ? wordsFor(ctx.briefing.manifest.lang).continued : ''));
    const body = fittedText(ctx, layout, 'body', 'agenda', paragraphs.slice(start, start + perSlide), sections[start]?.at);
    if (body) slide.shapes.push(body);
    slides.push(slide);
  }
  return slides;
}

function sectionSlide(ctx: LayoutContext, source: SlideSource, n: number): Slide {
  const layout = layoutOf(ctx, 'section');
  const slide = newSlide(ctx, 'section', source);
  const number = fittedText(ctx, layout, 'number', 'section-number', [{ runs: plainRuns(String(n).padStart(2, '0')) }], source.at);
  if (number) slide.shapes.push(number);
  slideTitle(ctx, slide, layout, source.title, source.at);
  const subtitle = source.blocks.find((b) => b.type === 'paragraph');
  if (subtitle && subtitle.type === 'paragraph') {
    const shape = fittedText(ctx, layout, 'subtitle', 'subtitle', [{ runs: inlinesToRuns(subtitle.runs) }], subtitle.at);
    if (shape) slide.shapes.push(shape);
  }
  for (const b of source.blocks) {
    if (b !== subtitle) ctx.diagnostics.push(warning('only one paragraph (the subtitle) is shown on a section divider', b.at, 'put further content under a `##` slide heading'));
  }
  return slide;
}

function contentSlides(ctx: LayoutContext, source: SlideSource): Slide[] {
  const kind = chooseKind(source, ctx.diagnostics);
  const start = (k: SlideKind) => (s: SlideSource, suffix?: string) => startSlide(ctx, k, s, suffix);
  switch (kind) {
    case 'quote':
      return [quoteSlide(ctx, source)];
    case 'figures':
      return figuresSlide(ctx, source, start('figures'));
    case 'cards':
      return cardsSlide(ctx, source, start('cards'));
    case 'chart':
      return chartSlide(ctx, source, start('chart'));
    case 'columns':
      return columnsSlides(ctx, source, start('columns'));
    case 'picture':
      return pictureSlide(ctx, source, start('picture'));
    case 'table':
      return flowSlides(ctx, source, 'table', start('table'));
    case 'closing':
      return flowSlides(ctx, source, 'closing', start('closing'));
    default:
      return flowSlides(ctx, source, 'bullets', start('bullets'));
  }
}

function quoteSlide(ctx: LayoutContext, source: SlideSource): Slide {
  const layout = layoutOf(ctx, 'quote');
  const slide = startSlide(ctx, 'quote', source);
  const quote = source.blocks.find((b) => b.type === 'quote');
  if (!quote || quote.type !== 'quote') {
    ctx.diagnostics.push(error('a quote slide needs a blockquote (lines starting with `>`)', source.at, 'write the quote as `> text` and the attribution as `> — Name, role`'));
    return slide;
  }
  const mark = fittedText(ctx, layout, 'mark', 'quote-mark', [{ runs: [{ text: '“' }] }], undefined, { decorative: true });
  if (mark) slide.shapes.push(mark);
  const body = fittedText(ctx, layout, 'quote', 'quote', quote.paragraphs.map((p) => ({ runs: inlinesToRuns(p) })), quote.at);
  if (body) slide.shapes.push(body);
  if (quote.attribution) {
    const attribution = fittedText(ctx, layout, 'attribution', 'attribution', [{ runs: [{ text: '— ' }, ...inlinesToRuns(quote.attribution)] }], quote.at);
    if (attribution) slide.shapes.push(attribution);
  } else {
    ctx.diagnostics.push(warning('this quote has no attribution', quote.at, 'add a last line `> — Name, role` inside the blockquote'));
  }
  for (const b of source.blocks) {
    if (b !== quote && !isSourceLine(b)) ctx.diagnostics.push(warning('only the blockquote is shown on a quote slide', b.at, 'move other content to another slide, or drop `{.quote}`'));
  }
  return slide;
}

/** Where `{{slide.number}}` stood in a footer text (a character no template text holds). */
const SLIDE_NUMBER = '\u0000';

/** A footer text as runs, the slide number a field so that PowerPoint renumbers it when slides move. */
function footerRuns(text: string, n: number): TextRun[] {
  return text.split(SLIDE_NUMBER).flatMap((part, k) => [
    ...(k > 0 ? [{ text: String(n), field: 'slidenum' as const }] : []),
    ...(part ? plainRuns(part) : []),
  ]);
}

/**
 * The footer texts through the same `{{ }}` engine as prose: deck and slide fields are names in it
 * beside the datasets, so a footer may show `{{ trade.total_usd_bn[2024] }}`. Resolved once, so an
 * error is said once, at the template's footer entry.
 */
function footerTexts(ctx: LayoutContext, count: number): Record<'left' | 'center' | 'right', string> {
  const { template, briefing } = ctx;
  const m = briefing.manifest;
  const fields = new Map<string, string>([
    ['deck.title', m.title],
    ['deck.classification', m.classification ?? ''],
    ['deck.organization', m.organization ?? ''],
    ['deck.date', m.date ?? ''],
    ['slide.number', SLIDE_NUMBER],
    ['slide.count', String(count)],
  ]);
  const out = { left: '', center: '', right: '' };
  const footer = template.footer;
  if (!footer) return out;
  for (const side of ['left', 'center', 'right'] as const) {
    const text = footer[side];
    if (!text) continue;
    const at = template.footerAt?.[side] ?? { file: template.files?.[template.files.length - 1] ?? template.name };
    const filled = interpolate(text, ctx.datasets, at, { failed: ctx.failedDatasets, fields });
    ctx.diagnostics.push(...filled.diagnostics);
    out[side] = filled.text;
  }
  return out;
}

/**
 * Footer (deck title, classification, slide number) and logo, on the layouts that want them,
 * decided once per template layout: the logo and every footer text without the slide number are
 * the same on each slide, so they belong to the layout's master; a footer text with the slide
 * number differs per slide and goes on each slide. Returns the master shapes by layout name.
 */
function addMasterElements(ctx: LayoutContext, slides: Slide[]): Map<string, Shape[]> {
  const { template, briefing } = ctx;
  const m = briefing.manifest;
  const footer = template.footer;
  const texts = footerTexts(ctx, slides.length);
  const style = footer ? resolveStyle(template, footer.style) : undefined;
  const parts = (['left', 'center', 'right'] as const).map((align, k) => ({ align, text: texts[align], box: footer ? { x: footer.box.x + (k * footer.box.w) / 3, y: footer.box.y, w: footer.box.w / 3, h: footer.box.h } : undefined })).filter((p) => p.text.trim());
  const overflowing = new Set<string>();
  const footerShape = (part: (typeof parts)[number], n: number): TextShape => {
    const s: TextStyle = { ...style!, align: part.align, valign: 'middle' };
    const runs = footerRuns(part.text, n);
    const fit = fitText([{ runs }], part.box!, s, Math.min(8, s.fontSize));
    if (!fit.fits && !overflowing.has(part.text)) {
      overflowing.add(part.text);
      ctx.diagnostics.push(overflowWarning(`footer text ${excerpt(part.text.split(SLIDE_NUMBER).join(String(n)))}`, fit.size, m.at));
    }
    return textShape(`footer-${part.align}`, part.box!, [{ runs }], { ...s, fontSize: fit.size });
  };
  const fixed = footer ? parts.filter((p) => !p.text.includes(SLIDE_NUMBER)) : [];
  const numbered = footer ? parts.filter((p) => p.text.includes(SLIDE_NUMBER)) : [];
  // Fitted once: the same text in the same box fits the same way on every slide.
  const fixedShapes = fixed.map((p) => footerShape(p, 0));
  const logo: Shape[] = template.logo ? [{ kind: 'image', role: 'logo', box: template.logo.box, path: template.logo.file, alt: template.logo.alt ?? `${template.name} logo`, decorative: true }] : [];
  const masters = new Map<string, Shape[]>();
  for (const [name, layout] of Object.entries(template.layouts)) {
    masters.set(name, [...(layout.logo !== false ? logo : []), ...(layout.footer !== false ? fixedShapes : [])]);
  }
  slides.forEach((slide, i) => {
    if (template.layouts[slide.layout]?.footer === false) return;
    for (const part of numbered) slide.shapes.push(footerShape(part, i + 1));
  });
  return masters;
}

export type { Shape };
