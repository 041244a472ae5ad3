/**
 * pptxgenjs always writes Office's default colour scheme into the theme, so the colours PowerPoint
 * offers a presenter (the palette, new shapes, charts added by hand) ignore the template. This pass
 * writes the template's colours into the slide master's theme.
 */
import type { DeckTheme, ThemeColorSlot } from '../../deck/types.js';
import { type PptxPackage } from './fixup-package.js';

const SLIDE_MASTER = /^ppt\/slideMasters\/slideMaster\d+\.xml$/;
const THEME_TYPE = /\/theme$/;
/** CT_ColorScheme child order (ECMA-376 Part 1, §20.1.6.2). */
const SLOTS: ThemeColorSlot[] = ['dk1', 'lt1', 'dk2', 'lt2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink'];
const CLR_SCHEME = /<a:clrScheme\b[^>]*>[\s\S]*?<\/a:clrScheme>/;

export function colorSchemeXml(colors: DeckTheme['colors'], name = 'brief'): string {
  const slots = SLOTS.map((slot) => `<a:${slot}><a:srgbClr val="${colors[slot]}"/></a:${slot}>`).join('');
  return `<a:clrScheme name="${name}">${slots}</a:clrScheme>`;
}

export type ThemeScheme = DeckTheme['colors'];

export function applyThemeScheme(pkg: PptxPackage, colors: ThemeScheme | undefined): void {
  if (!colors) return;
  const themes = new Set(
    pkg
      .names()
      .filter((name) => SLIDE_MASTER.test(name))
      .flatMap((master) => pkg.relationships(master).filter((r) => THEME_TYPE.test(r.type) && pkg.has(r.part)).map((r) => r.part)),
  );
  for (const theme of themes) {
    const xml = pkg.text(theme);
    if (CLR_SCHEME.test(xml)) pkg.setText(theme, xml.replace(CLR_SCHEME, colorSchemeXml(colors)));
  }
}
