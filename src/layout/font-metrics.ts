import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Font } from 'fontkit';
import { FALLBACK_TWIN, SHIPPED_TWINS, fontSource } from './font-source.js';
import { TABLE_RANGES, type TableFace, cachedFaceTable } from './font-cache.js';

/** Fonts shipped with brief for measuring (fonts/ beside dist/ and src/). */
export const FONTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fonts');

/** True when brief ships a metric-compatible font for this family. */
export function hasMetricTwin(family: string): boolean {
  return family.trim().toLowerCase() in SHIPPED_TWINS;
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
/** By family and style as asked: fontSource answers once per process, so its face does too. */
const asked = new Map<string, MetricFace>();

/** The measuring face for a template font; loaded on first use, once per process. */
export function metricFace(family: string, bold: boolean, italic: boolean): MetricFace {
  const askedKey = `${bold ? 'b' : '-'}${italic ? 'i' : '-'}${family}`;
  let known = asked.get(askedKey);
  if (!known) asked.set(askedKey, (known = faceFor(family, bold, italic)));
  return known;
}

function faceFor(family: string, bold: boolean, italic: boolean): MetricFace {
  const source = fontSource(family, bold, italic);
  const style = bold && italic ? 'BoldItalic' : bold ? 'Bold' : italic ? 'Italic' : 'Regular';
  const external = source.kind === 'file' ? source.file : source.kind === 'class' ? source.file : undefined;
  const file = external?.file ?? path.join(FONTS_DIR, `${source.kind === 'shipped' ? source.twin : FALLBACK_TWIN}-${style}.ttf`);
  const key = `${file}#${external?.postscriptName ?? ''}`;
  let face = faces.get(key);
  if (!face) {
    face = loadFace(file, external?.postscriptName);
    faces.set(key, face);
  }
  return face;
}

let tables: Record<string, TableFace> | undefined;

/**
 * Advance widths precomputed from the shipped fonts (scripts/font-metrics.mjs): measuring usual
 * text then needs neither fontkit nor the TrueType files, which would cost a tenth of a second at
 * every start. Code points outside the table are measured from the font, loaded on first need.
 */
function metricTables(): Record<string, TableFace> {
  if (!tables) {
    try {
      tables = JSON.parse(readFileSync(path.join(FONTS_DIR, 'metrics.json'), 'utf8')) as Record<string, TableFace>;
    } catch {
      tables = {};
    }
  }
  return tables;
}

function lineEmOf(upem: number, hhea: [number, number, number], win: [number, number]): number {
  return Math.max(MIN_LINE_EM, (hhea[0] - hhea[1] + hhea[2]) / upem, (win[0] + win[1]) / upem);
}

/** The table of a face read with fontkit: what scripts/font-metrics.mjs writes for the shipped fonts. */
export function faceTable(font: Font): TableFace {
  const os2 = font['OS/2'] as Font['OS/2'] | undefined;
  return {
    unitsPerEm: font.unitsPerEm,
    hhea: [font.ascent, font.descent, font.lineGap],
    win: [os2?.winAscent ?? 0, os2?.winDescent ?? 0],
    ranges: TABLE_RANGES.map(([from, to]) => [from, Array.from({ length: to - from + 1 }, (_, i) => (font.hasGlyphForCodePoint(from + i) ? font.glyphForCodePoint(from + i).advanceWidth : -1))]),
  };
}

/** The measuring face of a font file (and face, in a collection). */
export function loadFace(file: string, postscriptName?: string): MetricFace {
  let font: Font | undefined;
  // fontkit reads a second argument as a face name in a collection, but as a variation in a single font
  const fontFile = (): Font => {
    font ??= (createRequire(import.meta.url)('fontkit') as typeof import('fontkit')).create(readFileSync(file), /\.(ttc|otc)$/i.test(file) ? postscriptName : undefined) as Font;
    return font;
  };
  // The shipped fonts' tables come with brief; a machine's font's is made once and kept (font-cache.ts).
  const table = path.dirname(file) === FONTS_DIR ? metricTables()[path.basename(file, '.ttf')] : cachedFaceTable(file, postscriptName, () => faceTable(fontFile()));
  const advances = new Map<number, number | undefined>();
  const fromFont = (cp: number): number | undefined => {
    const f = fontFile();
    return f.hasGlyphForCodePoint(cp) ? f.glyphForCodePoint(cp).advanceWidth / f.unitsPerEm : undefined;
  };
  if (table) {
    const upem = table.unitsPerEm;
    return {
      lineEm: lineEmOf(upem, table.hhea, table.win),
      advanceEm(cp: number): number | undefined {
        for (const [from, units] of table.ranges) {
          if (cp >= from && cp < from + units.length) {
            const u = units[cp - from]!;
            return u < 0 ? undefined : u / upem;
          }
        }
        if (advances.has(cp)) return advances.get(cp);
        const em = fromFont(cp);
        advances.set(cp, em);
        return em;
      },
    };
  }
  const f = fontFile();
  const os2 = f['OS/2'];
  return {
    lineEm: lineEmOf(f.unitsPerEm, [f.ascent, f.descent, f.lineGap], [os2.winAscent, os2.winDescent]),
    advanceEm(cp: number): number | undefined {
      if (advances.has(cp)) return advances.get(cp);
      const em = fromFont(cp);
      advances.set(cp, em);
      return em;
    },
  };
}
