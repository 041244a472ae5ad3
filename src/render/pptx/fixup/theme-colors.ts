/**
 * pptxgenjs 4.0.1 always writes Office's default colour scheme into the theme, so the colours PowerPoint
 * offers a presenter (the palette, new shapes, charts added by hand) ignore the template. This pass
 * writes the template's colours into the slide master's theme.
 */
import type { DeckTheme, ThemeColorSlot } from '../../../deck/types.js';
import type { FixupOptions, Repair } from './repair.js';

const SLIDE_MASTER = /^ppt\/slideMasters\/slideMaster\d+\.xml$/;
const THEME_TYPE = /\/theme$/;
/** CT_ColorScheme child order (ECMA-376 Part 1, §20.1.6.2). */
const SLOTS: ThemeColorSlot[] = ['dk1', 'lt1', 'dk2', 'lt2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink'];
const CLR_SCHEME = /<a:clrScheme\b[^>]*>[\s\S]*?<\/a:clrScheme>/;

export function colorSchemeXml(colors: DeckTheme['colors'], name = 'brief'): string {
  const slots = SLOTS.map((slot) => `<a:${slot}><a:srgbClr val="${colors[slot]}"/></a:${slot}>`).join('');
  return `<a:clrScheme name="${name}">${slots}</a:clrScheme>`;
}

const THEME_PART = /^ppt\/theme\/theme\d+\.xml$/;

export function themeColorsRepair({ themeColors: colors }: FixupOptions): Repair | undefined {
  if (!colors) return undefined;
  const themes = new Set<string>();
  return {
    name: "the template's colours in the slide master's theme",
    before: ({ pkg }) => {
      for (const master of pkg.names().filter((name) => SLIDE_MASTER.test(name))) {
        for (const rel of pkg.relationships(master)) if (THEME_TYPE.test(rel.type) && pkg.has(rel.part)) themes.add(rel.part);
      }
    },
    parts: THEME_PART,
    part: (xml, part) => (themes.has(part) && CLR_SCHEME.test(xml) ? xml.replace(CLR_SCHEME, colorSchemeXml(colors)) : xml),
  };
}
