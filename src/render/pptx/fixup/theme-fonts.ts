/**
 * pptxgenjs 4.0.1 writes its theme with empty East Asian typefaces (`<a:ea typeface=""/>`), so CJK text
 * that names no font of its own (chart labels, table cells, notes) falls back to whatever the
 * reader's system picks for the language. The deck's East Asian font fills those empty slots.
 */
import { plural, summarize } from './package.js';
import type { FixupOptions, Repair } from './repair.js';

const THEME_PART = /^ppt\/theme\/theme\d+\.xml$/;
const EMPTY_EA = /(<a:(?:majorFont|minorFont)>(?:(?!<\/a:(?:majorFont|minorFont)>)[\s\S])*?<a:ea\s+typeface=)""/g;

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

export function themeEastAsianFontRepair({ eastAsianFont: font }: FixupOptions): Repair | undefined {
  if (!font) return undefined;
  const themes: string[] = [];
  return {
    name: 'empty East Asian typefaces of the theme',
    parts: THEME_PART,
    part: (xml, part) => {
      const filled = xml.replace(EMPTY_EA, `$1"${escapeAttribute(font)}"`);
      if (filled !== xml) themes.push(part);
      return filled;
    },
    after: ({ pkg }) => {
      if (themes.length > 0) pkg.note(`set the theme's empty East Asian typefaces to "${font}" in ${summarize(themes)}`);
    },
  };
}

const SLIDE_PART = /^ppt\/(?:slides\/slide|slideMasters\/slideMaster|slideLayouts\/slideLayout|notesSlides\/notesSlide)\d+\.xml$/;
const RUN_EA = /<a:ea typeface="[^"]*"/g;

/**
 * pptxgenjs names the Latin face in a run's East Asian slot too (`<a:ea typeface="Calibri"/>`), so a
 * Hangul or Hanzi character typed into that run later falls back to a font without those glyphs.
 * Every run's East Asian slot gets the deck's East Asian font.
 */
export function runEastAsianFontRepair({ eastAsianFont: font }: FixupOptions): Repair | undefined {
  if (!font) return undefined;
  const replacement = `<a:ea typeface="${escapeAttribute(font)}"`;
  let changed = 0;
  return {
    name: "runs' East Asian typeface",
    parts: SLIDE_PART,
    part: (xml) => {
      const filled = xml.replace(RUN_EA, replacement);
      if (filled !== xml) changed++;
      return filled;
    },
    after: ({ pkg }) => {
      if (changed > 0) pkg.note(`set every run's East Asian typeface to "${font}" in ${plural(changed, 'part')}`);
    },
  };
}
