/**
 * Contrast of a template's text on the backgrounds it is drawn on, against the template's threshold:
 * by default WCAG 2 AA, 4.5:1 for body text and 3:1 for large text (18 pt and up, or 14 pt bold);
 * a template may ask for more (`accessibility: { contrast: 7 }`). The template's own sizes decide
 * which bar applies; text that shrinks to fit may end up smaller, so a large-text pass is a floor,
 * not a promise.
 */
import { wcagContrast } from './culori.js';
import { joinPointer } from './json.js';
import type { Template, TemplateTextStyle } from './types.js';

export interface ContrastProblem {
  /** Where the text colour and the background colour are defined (a theme colour, or the style itself). */
  textPointer: string;
  backgroundPointer: string;
  message: string;
  hint: string;
}

/** Where a colour used at a pointer is defined: `/colors/muted` for a style that names "muted". */
export type ColorDefinition = (usedAt: string) => string;

/**
 * Per layout, from schema.json: styles that are fills rather than text, with the text styles drawn
 * on top of each (`x-fills`), and decoration WCAG 1.4.3 exempts, such as the big quotation mark
 * (`x-decorative`). The layout stage decides what sits on what; the schema writes it down.
 */
export interface LayoutAnnotations {
  fills: Record<string, string[]>;
  decorative: string[];
}

interface Pair {
  /** The text style. */
  pointer: string;
  backgroundPointer: string;
  text: string;
  background: string;
  size: number;
  bold: boolean;
}

/** The least contrast ratios text must reach, and what to call them in a message. */
export interface ContrastThresholds {
  body: number;
  large: number;
  /** "WCAG AA" for the default, "the template's" when the template set its own. */
  source: string;
}

export const WCAG_AA: ContrastThresholds = { body: 4.5, large: 3, source: 'WCAG AA' };

/** The template's thresholds: its `accessibility` block, else WCAG AA. */
export function contrastThresholds(accessibility: Template['accessibility']): ContrastThresholds {
  const body = accessibility?.contrast;
  const large = accessibility?.largeTextContrast;
  if (body === undefined && large === undefined) return WCAG_AA;
  const b = body ?? WCAG_AA.body;
  // WCAG's own pairs are 4.5/3 (AA) and 7/4.5 (AAA): large text needs about two thirds as much
  return { body: b, large: large ?? Math.min(b, Math.max(WCAG_AA.large, Math.round((b * 2) / 3 * 100) / 100)), source: "the template's" };
}

/** Large text by WCAG's definition: 18 pt and up, or 14 pt bold. */
export function isLargeText(size: number, bold: boolean): boolean {
  return size >= 18 || (bold && size >= 14);
}

/**
 * `describe`: how a place is named in the message; a JSON pointer by default, what it stands for in
 * the PowerPoint file when the template was made from one.
 */
export function contrastProblems(template: Template, definition: ColorDefinition, annotations: (layout: string) => LayoutAnnotations, describe: (pointer: string) => string = (p) => p): ContrastProblem[] {
  const pairs: Pair[] = [];
  const add = (pointer: string, style: TemplateTextStyle, background: [string, string]) =>
    pairs.push({ pointer, backgroundPointer: background[1], text: style.color, background: background[0], size: style.size, bold: !!style.bold });
  for (const [name, layout] of Object.entries(template.layouts)) {
    const p = joinPointer('/layouts', name);
    const background: [string, string] = layout.background ? [layout.background, definition(`${p}/background`)] : [template.colors.background, '/colors/background'];
    const { fills, decorative } = annotations(name);
    for (const [styleName, style] of Object.entries(layout.styles)) {
      if (styleName in fills || decorative.includes(styleName)) continue;
      const fill = Object.entries(fills).find(([, onTop]) => onTop.includes(styleName))?.[0];
      const fillColor = fill ? layout.styles[fill]?.color : undefined;
      add(joinPointer(`${p}/styles`, styleName), style, fill && fillColor ? [fillColor, definition(joinPointer(`${p}/styles`, fill) + '/color')] : background);
    }
    if (template.footer && layout.footer !== false) add('/footer/style', template.footer.style, background);
  }
  const bar = contrastThresholds(template.accessibility);
  const failing = new Map<string, { pair: Pair; ratio: number; needed: number; places: string[] }>();
  for (const pair of pairs) {
    const large = isLargeText(pair.size, pair.bold);
    const needed = large ? bar.large : bar.body;
    const ratio = wcagContrast(`#${pair.text}`, `#${pair.background}`);
    if (ratio >= needed) continue;
    const key = `${pair.text}/${pair.background}/${needed}`;
    const seen = failing.get(key);
    if (seen) {
      const place = describe(pair.pointer);
      if (!seen.places.includes(place)) seen.places.push(place);
    } else failing.set(key, { pair, ratio, needed, places: [describe(pair.pointer)] });
  }
  return [...failing.values()].map(({ pair, ratio, needed, places }) => {
    const large = isLargeText(pair.size, pair.bold);
    return {
      textPointer: definition(`${pair.pointer}/color`),
      backgroundPointer: pair.backgroundPointer,
      message:
        `text ${pair.text} on ${pair.background} has contrast ${floor2(ratio)}:1, below ${bar.source} ${needed}:1 for ${large ? 'large' : 'body'} text ` +
        `(${places.length > 3 ? `${places.slice(0, 3).join(', ')} and ${places.length - 3} more` : places.join(', ')})`,
      hint: large
        ? `darken the text or lighten the background (or the reverse) until they reach ${needed}:1`
        : `darken the text or lighten the background (or the reverse) until they reach ${needed}:1; text of 18 pt and up, or 14 pt bold, needs ${bar.large}:1`,
    };
  });
}

/** Rounded down, so a ratio shown as 4.5 really passes 4.5. */
function floor2(n: number): string {
  return (Math.floor(n * 100) / 100).toFixed(2);
}
