import type { Box, Paragraph, TextRun, TextShape, TextStyle, ThemeColorRef } from '../deck/types.js';
import type { Inline } from '../content/types.js';
import type { Template, TemplateLayout, TemplateTextStyle } from '../template/types.js';
import { splitByScript } from '../text/script.js';

/** Inner margin of text boxes when the template's style names none (inches). */
const DEFAULT_INSET_IN = 0.05;

/** The template's style for a region, resolved to concrete fonts and colours. */
export function resolveStyle(template: Template, style: TemplateTextStyle | undefined): TextStyle {
  const s = style ?? { size: 18, color: template.colors.text };
  const face = s.face ?? (s.font === 'heading' ? template.fonts.heading : s.font === 'mono' ? template.fonts.mono : template.fonts.body);
  const insets = s.insets ? ([s.insets.top, s.insets.right, s.insets.bottom, s.insets.left] as [number, number, number, number]) : undefined;
  const uniform = insets && insets.every((v) => v === insets[0]);
  return {
    fontFace: face,
    eastAsianFontFace: s.eastAsianFace ?? template.fonts.eastAsian,
    monoFontFace: template.fonts.mono,
    fontSize: s.size,
    color: s.color,
    ...optionalRef(styleRef(template, s)),
    bold: s.bold,
    italic: s.italic,
    align: s.align ?? 'left',
    valign: s.valign ?? 'top',
    lineSpacing: s.lineSpacing ?? 1,
    paraSpaceAfter: s.spaceAfter ?? 0,
    inset: insets ? insets[0] : (s.inset ?? DEFAULT_INSET_IN),
    ...(insets && !uniform ? { insets } : {}),
    linkColor: template.colors.link,
  };
}

/**
 * The theme reference of a template colour by name (`"primary"`, or the i-th of a list such as
 * `"accents"`), when the template is a PowerPoint file whose theme decides that colour.
 */
export function themeRef(template: Template, name: string, index?: number): ThemeColorRef | undefined {
  const ref = template.base?.colorRefs?.[name];
  if (!ref) return undefined;
  if (Array.isArray(ref)) return index === undefined || ref.length === 0 ? undefined : (ref[index % ref.length] ?? undefined);
  return index === undefined ? ref : undefined;
}

/** The theme reference of a style's colour: the one of the theme colour it names, none for a hex value. */
export function styleRef(template: Template, style: TemplateTextStyle | undefined): ThemeColorRef | undefined {
  return style?.colorName ? themeRef(template, style.colorName) : undefined;
}

/** A style's colour, else the named template colour, with its theme reference. */
export function paintOf(template: Template, style: TemplateTextStyle | undefined, fallback: 'surface' | 'highlight' | 'primary' | 'grid'): { color: string; ref?: ThemeColorRef } {
  const ref = style ? styleRef(template, style) : themeRef(template, fallback);
  return { color: style ? style.color : template.colors[fallback], ...(ref ? { ref } : {}) };
}

/** `{ colorRef }` only when there is one, so Decks of JSON templates stay as they were. */
export function optionalRef(ref: ThemeColorRef | undefined): { colorRef?: ThemeColorRef } {
  return ref ? { colorRef: ref } : {};
}

export function inlinesToRuns(inlines: readonly Inline[]): TextRun[] {
  const runs: TextRun[] = [];
  for (const inline of inlines) {
    const run: TextRun = { text: inline.text };
    if (inline.bold) run.bold = true;
    if (inline.italic) run.italic = true;
    if (inline.code) run.code = true;
    if (inline.link) run.link = inline.link;
    runs.push(...splitByScript(run));
  }
  return runs;
}

export function plainRuns(text: string): TextRun[] {
  return splitByScript({ text });
}

/** The smallest size text in this style may shrink to. */
export function minSizeOf(template: Template, style: TemplateTextStyle | undefined): number {
  return style?.minSize ?? template.minFontSize;
}

export function textShape(role: string, box: Box, paragraphs: Paragraph[], style: TextStyle, extra: Partial<TextShape> = {}): TextShape {
  return { kind: 'text', role, box, paragraphs, style, ...extra };
}

export function region(layout: TemplateLayout, name: string): Box | undefined {
  return layout.regions[name];
}
