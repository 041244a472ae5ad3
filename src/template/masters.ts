/**
 * What the PPTX needs beyond the slides so that a presenter who adds a slide in PowerPoint gets the
 * template: one slide layout per template layout, with title and body placeholders styled like the
 * template, the logo and fixed footer text on it, and the template's colours and fonts as the theme.
 *
 * The slides stay the single source of what is drawn: master elements are taken from the shapes the
 * layout stage put on the slides (the HTML preview draws those), and the PPTX renderer draws a shape
 * on a slide only when its layout does not already carry the identical shape.
 */
import type { Deck, DeckTheme, MasterLayout, MasterPlaceholder, Shape, Slide, TextShape } from '../deck/types.js';
import { resolveStyle } from '../layout/style.js';
import type { Template, TemplateLayout } from './types.js';

/** Placeholder types by region name; PowerPoint's outline and accessibility tools read these. */
const PLACEHOLDER_REGIONS: Record<string, MasterPlaceholder['type']> = { title: 'title', body: 'body' };

/** The Deck with its masters and theme, and body text marked as sitting in the body placeholder. */
export function withMasters(deck: Deck, template: Template): Deck {
  // The shared logo and footer are the same for every layout that shows them: found once.
  const shared = {
    logo: sharedShapes(deck.slides, template, 'logo', (role) => role === 'logo'),
    footer: sharedShapes(deck.slides, template, 'footer', (role) => role.startsWith('footer-')),
  };
  const masters = Object.entries(template.layouts).map(([name, layout]) => masterOf(name, layout, template, shared));
  const byName = new Map(masters.map((m) => [m.layout, m]));
  const slides = deck.slides.map((slide) => markBodyPlaceholder(slide, byName.get(slide.layout)));
  return { ...deck, slides, masters, theme: themeOf(template) };
}

function masterOf(name: string, layout: TemplateLayout, template: Template, shared: { logo: Shape[]; footer: Shape[] }): MasterLayout {
  const placeholders: MasterPlaceholder[] = [];
  for (const [region, type] of Object.entries(PLACEHOLDER_REGIONS)) {
    const box = layout.regions[region];
    if (box) placeholders.push({ type, box, style: resolveStyle(template, layout.styles[region]) });
  }
  const shapes: Shape[] = [];
  if (layout.logo !== false) shapes.push(...shared.logo);
  if (layout.footer !== false) shapes.push(...shared.footer);
  return { layout: name, background: layout.background ?? template.colors.background, placeholders, shapes };
}

/**
 * Shapes of a role that are identical on every slide whose layout shows that kind of master element:
 * the logo, and footer text without a slide number. A footer that differs per slide stays on the slides.
 */
function sharedShapes(slides: readonly Slide[], template: Template, flag: 'logo' | 'footer', isRole: (role: string) => boolean): Shape[] {
  const showing = slides.filter((s) => template.layouts[s.layout]?.[flag] !== false);
  if (!showing.length) return [];
  const [first, ...rest] = showing.map((s) => s.shapes.filter((shape) => isRole(shape.role)));
  // Each shape is serialised once: comparing them pairwise on every slide of a long deck was slow.
  const restKeys = rest.map((shapes) => new Set(shapes.map(shapeKey)));
  return first!.filter((shape) => {
    const key = shapeKey(shape);
    return restKeys.every((keys) => keys.has(key));
  });
}

/** Identity of a shape's drawing: two shapes with the same key draw the same thing. */
export function shapeKey(shape: Shape): string {
  return JSON.stringify(shape);
}

/**
 * The body text of a slide goes into its layout's body placeholder when it fills exactly that box
 * and starts with a bullet. pptxgenjs gives the first paragraph of a placeholder the placeholder's
 * bullet whenever that paragraph asks for none, so body text that opens with a plain paragraph
 * stays an ordinary text box rather than gaining a bullet it does not have.
 */
function markBodyPlaceholder(slide: Slide, master: MasterLayout | undefined): Slide {
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
