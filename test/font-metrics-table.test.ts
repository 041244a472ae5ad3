import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { create, type Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { FONTS_DIR, metricFace } from '../src/layout/font-metrics.js';

const FAMILIES: [string, string][] = [
  ['Calibri', 'Carlito'],
  ['Arial', 'LiberationSans'],
];
const STYLES: [boolean, boolean, string][] = [
  [false, false, 'Regular'],
  [true, false, 'Bold'],
  [false, true, 'Italic'],
  [true, true, 'BoldItalic'],
];

describe('precomputed font metrics (fonts/metrics.json)', () => {
  it('covers every shipped font', () => {
    const table = JSON.parse(readFileSync(path.join(FONTS_DIR, 'metrics.json'), 'utf8')) as Record<string, unknown>;
    const ttfs = readdirSync(FONTS_DIR).filter((f) => f.endsWith('.ttf')).map((f) => f.replace(/\.ttf$/, '')).sort();
    expect(Object.keys(table).sort()).toEqual(ttfs);
  });

  it.each(FAMILIES.flatMap(([family, twin]) => STYLES.map(([bold, italic, style]) => [family, `${twin}-${style}`, bold, italic] as const)))(
    '%s as %s: every advance and the line height equal the font file (stale table → run scripts/font-metrics.mjs)',
    (family, file, bold, italic) => {
      const font = create(readFileSync(path.join(FONTS_DIR, `${file}.ttf`))) as Font;
      const face = metricFace(family, bold, italic);
      const os2 = font['OS/2'];
      const upem = font.unitsPerEm;
      expect(face.lineEm).toBeCloseTo(Math.max(1.2, (font.ascent - font.descent + font.lineGap) / upem, (os2.winAscent + os2.winDescent) / upem), 10);
      // The table's ranges and a few code points beyond them (measured from the font on demand).
      const codePoints = [...Array.from({ length: 0x250 - 0x20 }, (_, i) => 0x20 + i), 0x2013, 0x2014, 0x2019, 0x201c, 0x20ac, 0x2192, 0x2212, 0x0e01, 0x05d0, 0xfb01];
      for (const cp of codePoints) {
        const expected = font.hasGlyphForCodePoint(cp) ? font.glyphForCodePoint(cp).advanceWidth / upem : undefined;
        expect(face.advanceEm(cp), `U+${cp.toString(16)}`).toBe(expected);
      }
    },
  );
});
