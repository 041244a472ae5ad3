#!/usr/bin/env node
// Writes fonts/metrics.json: the advance widths of the measuring fonts shipped in fonts/, for the
// scripts slides mostly use, so that a build measures text without loading fontkit and parsing
// TrueType files (a tenth of a second at every start). Code points outside these ranges are still
// measured from the font itself. Run after changing a font in fonts/: node scripts/font-metrics.mjs
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { create } from 'fontkit';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fonts');
export const RANGES = [
  [0x20, 0x24f], [0x2b0, 0x2ff], [0x370, 0x3ff], [0x400, 0x4ff], [0x1e00, 0x1eff], [0x2000, 0x206f],
  [0x20a0, 0x20cf], [0x2100, 0x215f], [0x2190, 0x21ff], [0x2200, 0x22ff], [0x2500, 0x25ff], [0xfb00, 0xfb06],
];
const faces = {};
for (const file of readdirSync(dir).filter((f) => f.endsWith('.ttf')).sort()) {
  const font = create(readFileSync(path.join(dir, file)));
  const os2 = font['OS/2'];
  faces[file.replace(/\.ttf$/, '')] = {
    unitsPerEm: font.unitsPerEm,
    hhea: [font.ascent, font.descent, font.lineGap],
    win: [os2.winAscent, os2.winDescent],
    // Advance in font units per code point of each range; -1 where the font has no glyph.
    ranges: RANGES.map(([from, to]) => [from, Array.from({ length: to - from + 1 }, (_, i) => (font.hasGlyphForCodePoint(from + i) ? font.glyphForCodePoint(from + i).advanceWidth : -1))]),
  };
}
writeFileSync(path.join(dir, 'metrics.json'), JSON.stringify(faces) + '\n');
console.log(`fonts/metrics.json: ${Object.keys(faces).length} faces`);
