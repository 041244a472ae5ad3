/**
 * WCAG 2 AA contrast of a template's text on the backgrounds it is drawn on: 4.5:1 for body text,
 * 3:1 for large text (18 pt and up, or 14 pt bold). The template's own sizes decide which bar
 * applies; text that shrinks to fit may end up smaller, so a large-text pass is a floor, not a promise.
 */
import { wcagContrast } from 'culori';
import { joinPointer } from './json.js';
import type { Template, TemplateLayout, TemplateTextStyle } from './types.js';

export interface ContrastProblem {
  /** Where the text colour and the background colour are defined (a theme colour, or the style itself). */
  textPointer: string;
  backgroundPointer: string;
  message: string;
  hint: string;
}

/** Where a colour used at a pointer is defined: `/colors/muted` for a style that names "muted". */
export type ColorDefinition = (usedAt: string) => string;

/** Styles that are fills, not text, and the text styles drawn on top of them. */
const FILLS: Record<string, string[]> = { rule: [], card: ['cardTitle', 'cardBody'], tile: ['figure', 'label'] };
/** Pure decoration, which WCAG 1.4.3 exempts: the quote slide's big quotation mark. */
const DECORATIVE = new Set(['mark']);

interface Pair {
  /** The text style. */
  pointer: string;
  backgroundPointer: string;
  text: string;
  background: string;
  size: number;
  bold: boolean;
}

export function contrastProblems(template: Template, definition: ColorDefinition): ContrastProblem[] {
  const pairs: Pair[] = [];
  const add = (pointer: string, style: TemplateTextStyle, background: [string, string]) =>
    pairs.push({ pointer, backgroundPointer: background[1], text: style.color, background: background[0], size: style.size, bold: !!style.bold });
  for (const [name, layout] of Object.entries(template.layouts)) {
    const p = joinPointer('/layouts', name);
    const background: [string, string] = layout.background ? [layout.background, definition(`${p}/background`)] : [template.colors.background, '/colors/background'];
    for (const [styleName, style] of Object.entries(layout.styles)) {
      if (styleName in FILLS || DECORATIVE.has(styleName)) continue;
      const fill = fillUnder(layout, styleName);
      add(joinPointer(`${p}/styles`, styleName), style, fill ? [fill, definition(joinPointer(`${p}/styles`, fillName(styleName)!) + '/color')] : background);
    }
    if (template.footer && layout.footer !== false) add('/footer/style', template.footer.style, background);
  }
  const failing = new Map<string, { pair: Pair; ratio: number; needed: number; places: string[] }>();
  for (const pair of pairs) {
    const large = pair.size >= 18 || (pair.bold && pair.size >= 14);
    const needed = large ? 3 : 4.5;
    const ratio = wcagContrast(`#${pair.text}`, `#${pair.background}`);
    if (ratio >= needed) continue;
    const key = `${pair.text}/${pair.background}/${needed}`;
    const seen = failing.get(key);
    if (seen) {
      if (!seen.places.includes(pair.pointer)) seen.places.push(pair.pointer);
    } else failing.set(key, { pair, ratio, needed, places: [pair.pointer] });
  }
  return [...failing.values()].map(({ pair, ratio, needed, places }) => ({
    textPointer: definition(`${pair.pointer}/color`),
    backgroundPointer: pair.backgroundPointer,
    message:
      `text ${pair.text} on ${pair.background} has contrast ${floor2(ratio)}:1, below WCAG AA ${needed}:1 for ${needed === 3 ? 'large' : 'body'} text ` +
      `(${places.length > 3 ? `${places.slice(0, 3).join(', ')} and ${places.length - 3} more` : places.join(', ')})`,
    hint:
      needed === 3
        ? 'darken the text or lighten the background (or the reverse) until they reach 3:1'
        : 'darken the text or lighten the background (or the reverse) until they reach 4.5:1; text of 18 pt and up, or 14 pt bold, needs 3:1',
  }));
}

function fillName(styleName: string): string | undefined {
  return Object.entries(FILLS).find(([, onTop]) => onTop.includes(styleName))?.[0];
}

function fillUnder(layout: TemplateLayout, styleName: string): string | undefined {
  const fill = fillName(styleName);
  return fill ? layout.styles[fill]?.color : undefined;
}

/** Rounded down, so a ratio shown as 4.5 really passes 4.5. */
function floor2(n: number): string {
  return (Math.floor(n * 100) / 100).toFixed(2);
}
