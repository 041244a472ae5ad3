/**
 * What the PPTX needs beyond the slides so that a presenter who adds a slide in PowerPoint gets the
 * template: one slide layout per template layout, with title and body placeholders styled like the
 * template, the master elements (logo, footer text that is the same on every slide) on it, and the
 * template's colours and fonts as the theme.
 *
 * Which elements belong to a layout's master is decided once, here and in deck.ts, from the
 * template: both renderers draw a master's shapes under every slide on that layout (the PPTX on
 * the slide layout, the preview behind the slide), and a slide lists only its own shapes.
 */
import type { DeckTheme, MasterLayout, MasterPlaceholder, Shape, Slide, TextShape } from '../deck/types.js';
import type { Template } from '../template/types.js';
import { resolveStyle } from './style.js';

/** Placeholder types by region name; PowerPoint's outline and accessibility tools read these. */
const PLACEHOLDER_REGIONS: Record<string, MasterPlaceholder['type']> = { title: 'title', body: 'body' };

/** One master per template layout (also those no slide uses), with the shapes decided for it. */
export function mastersOf(template: Template, shapes: ReadonlyMap<string, Shape[]>): MasterLayout[] {
  return Object.entries(template.layouts).map(([name, layout]) => {
    const placeholders: MasterPlaceholder[] = [];
    for (const [region, type] of Object.entries(PLACEHOLDER_REGIONS)) {
      const box = layout.regions[region];
      if (box) placeholders.push({ type, box, style: resolveStyle(template, layout.styles[region]) });
    }
    return { layout: name, background: layout.background ?? template.colors.background, placeholders, shapes: shapes.get(name) ?? [] };
  });
}

/**
 * The body text of a slide goes into its layout's body placeholder when it fills exactly that box
 * and starts with a bullet. pptxgenjs gives the first paragraph of a placeholder the placeholder's
 * bullet whenever that paragraph asks for none, so body text that opens with a plain paragraph
 * stays an ordinary text box rather than gaining a bullet it does not have.
 */
export function markBodyPlaceholder(slide: Slide, master: MasterLayout | undefined): Slide {
  const body = master?.placeholders.find((p) => p.type === 'body');
  if (!body) return slide;
  const index = slide.shapes.findIndex((s): s is TextShape => s.kind === 'text' && s.role === 'body' && !s.placeholder && sameBox(s.box, body.box) && s.paragraphs[0]?.bullet === true);
  if (index < 0) return slide;
  const shapes = slide.shapes.slice();
  shapes[index] = { ...(shapes[index] as TextShape), placeholder: 'body' };
  return { ...slide, shapes };
}

function sameBox(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

/**
 * The template as an Office theme: the same mapping `brief template import` reads back
 * (dk1 text, lt1 background, dk2 primary, lt2 surface, accents from the chart palette, hlink link).
 */
export function themeOf(template: Template): DeckTheme {
  const c = template.colors;
  const palette = [...c.chart, ...c.accents];
  const accent = (i: number) => palette[i % palette.length]!;
  return {
    colors: {
      dk1: c.text,
      lt1: c.background,
      dk2: c.primary,
      lt2: c.surface,
      accent1: accent(0),
      accent2: accent(1),
      accent3: accent(2),
      accent4: accent(3),
      accent5: accent(4),
      accent6: accent(5),
      hlink: c.link,
      folHlink: c.muted,
    },
    fonts: { heading: template.fonts.heading, body: template.fonts.body, eastAsian: template.fonts.eastAsian },
  };
}

