import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Font, create } from 'fontkit';

/** Fonts shipped with brief for measuring (fonts/ beside dist/ and src/). */
export const FONTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fonts');

/**
 * Template fonts are measured with open twins that share their advance widths. A font brief has
 * no twin for is measured as Arial (Liberation Sans): it is wider than most sans faces, so text
 * measured with it still fits when PowerPoint sets it in the narrower face.
 */
const TWINS: Record<string, string> = {
  calibri: 'Carlito',
  carlito: 'Carlito',
  arial: 'LiberationSans',
  helvetica: 'LiberationSans',
  'helvetica neue': 'LiberationSans',
  arimo: 'LiberationSans',
  'liberation sans': 'LiberationSans',
};
const FALLBACK_TWIN = 'LiberationSans';

/** True when brief ships a metric-compatible font for this family. */
export function hasMetricTwin(family: string): boolean {
  return family.trim().toLowerCase() in TWINS;
}

/** Full-width East Asian characters: 1 em in Noto Sans CJK and in the East Asian fonts templates name. */
export const CJK_ADVANCE_EM = 1;
/**
 * Noto Sans CJK's ascent + descent (1.160 + 0.288 em), what LibreOffice sets a line holding
 * Hangul or Hanzi in; Malgun Gothic and Microsoft YaHei lines are shorter, so this is the safe one.
 */
export const CJK_LINE_EM = 1.448;
/** The widest advance of the usual monospaced faces (Consolas 0.550, Courier New and Liberation Mono 0.600, DejaVu Sans Mono 0.602). */
export const MONO_ADVANCE_EM = 0.602;
export const MONO_LINE_EM = 1.17;
/** Colour emoji are drawn wider than 1 em in Segoe UI Emoji and Noto Color Emoji. */
export const EMOJI_ADVANCE_EM = 1.3;
/** PowerPoint's single line spacing is 1.2 × the size at least, whatever the font says. */
const MIN_LINE_EM = 1.2;

export interface MetricFace {
  /** Advance of a code point in ems, or undefined when the font has no glyph for it. */
  advanceEm(codePoint: number): number | undefined;
  /** Single line spacing in ems. */
  lineEm: number;
}

const faces = new Map<string, MetricFace>();

/** The measuring face for a template font; loaded on first use, once per process. */
export function metricFace(family: string, bold: boolean, italic: boolean): MetricFace {
  const twin = TWINS[family.trim().toLowerCase()] ?? FALLBACK_TWIN;
  const style = bold && italic ? 'BoldItalic' : bold ? 'Bold' : italic ? 'Italic' : 'Regular';
  const key = `${twin}-${style}`;
  let face = faces.get(key);
  if (!face) {
    face = loadFace(path.join(FONTS_DIR, `${key}.ttf`));
    faces.set(key, face);
  }
  return face;
}

function loadFace(file: string): MetricFace {
  const font = create(readFileSync(file)) as Font;
  const upem = font.unitsPerEm;
  const os2 = font['OS/2'];
  const hhea = (font.ascent - font.descent + font.lineGap) / upem;
  const win = (os2.winAscent + os2.winDescent) / upem;
  const advances = new Map<number, number | undefined>();
  return {
    lineEm: Math.max(MIN_LINE_EM, hhea, win),
    advanceEm(cp: number): number | undefined {
      if (advances.has(cp)) return advances.get(cp);
      const em = font.hasGlyphForCodePoint(cp) ? font.glyphForCodePoint(cp).advanceWidth / upem : undefined;
      advances.set(cp, em);
      return em;
    },
  };
}
