/**
 * src/layout/sfnt.ts reads a face's advance widths straight from the font file, without fontkit.
 * It must read exactly what fontkit reads, or decline (and fontkit reads the font).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { create, type Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { TABLE_RANGES } from '../src/layout/font-cache.js';
import { FONTS_DIR, faceTable } from '../src/layout/font-metrics.js';
import { readFaceTable } from '../src/layout/sfnt.js';

const isCollection = (file: string) => /\.(ttc|otc)$/i.test(file);
const fontkitTable = (bytes: Buffer, file: string, postscriptName?: string) => faceTable(create(bytes, isCollection(file) ? postscriptName : undefined) as Font);

/** Every font fontconfig lists on this machine (none where it is missing), by file and PostScript name. */
function machineFonts(): [string, string][] {
  try {
    const out = execFileSync('fc-list', ['--format=%{file}|%{postscriptname}\n'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return [...new Set(out.trim().split('\n'))]
      .map((l) => l.split('|') as [string, string])
      .filter(([file]) => /\.(ttf|otf|ttc)$/i.test(file))
      .sort();
  } catch {
    return [];
  }
}

/** Byte offset of a table in a single font file. */
function tableAt(bytes: Buffer, tag: string): number {
  for (let i = 0, n = bytes.readUInt16BE(4); i < n; i++) if (bytes.toString('latin1', 12 + 16 * i, 16 + 16 * i) === tag) return bytes.readUInt32BE(12 + 16 * i + 8);
  throw new Error(`no ${tag}`);
}

describe('advance widths read from the font file without fontkit', () => {
  it.each(readdirSync(FONTS_DIR).filter((f) => f.endsWith('.ttf')))('shipped %s: the same table fontkit gives', (name) => {
    const file = path.join(FONTS_DIR, name);
    const bytes = readFileSync(file);
    const table = readFaceTable(bytes, TABLE_RANGES);
    expect(table).toBeDefined();
    expect(table).toEqual(fontkitTable(bytes, file));
  });

  it('every font of this machine (fontconfig’s list): the same table as fontkit’s, or declined', () => {
    const fonts = machineFonts();
    const read: string[] = [];
    for (const [file, postscriptName] of fonts) {
      const bytes = readFileSync(file);
      const table = readFaceTable(bytes, TABLE_RANGES, postscriptName);
      if (!table) continue;
      expect(table, `${file} (${postscriptName})`).toEqual(fontkitTable(bytes, file, postscriptName));
      read.push(file);
    }
    // the usual TrueType families are read without fontkit
    for (const [file] of fonts.filter(([f]) => /(DejaVu|Liberation|Carlito)[^/]*\.ttf$/.test(f))) expect(read, file).toContain(file);
  });

  it('a face of a collection is found by its PostScript name; a name the collection lacks is declined', () => {
    const collection = machineFonts().find(([file]) => isCollection(file));
    if (!collection) return; // no collection on this machine
    const [file, postscriptName] = collection;
    const bytes = readFileSync(file);
    expect(readFaceTable(bytes, TABLE_RANGES, postscriptName)).toEqual(fontkitTable(bytes, file, postscriptName));
    expect(readFaceTable(bytes, TABLE_RANGES, 'NoSuchFace-Regular')).toBeUndefined();
    expect(readFaceTable(bytes, TABLE_RANGES)).toBeUndefined();
  });

  it('declines what it does not read as fontkit does: a cut-short file, a non-Unicode cmap, not a font', () => {
    const bytes = readFileSync(path.join(FONTS_DIR, 'Carlito-Regular.ttf'));
    expect(readFaceTable(bytes.subarray(0, 2000), TABLE_RANGES)).toBeUndefined();
    expect(readFaceTable(Buffer.from('wOF2 is not read here, nor is text'), TABLE_RANGES)).toBeUndefined();
    // every cmap subtable relabelled as a symbol-encoded one (3, 0): fontkit then re-encodes code points
    const symbol = Buffer.from(bytes);
    const cmap = tableAt(symbol, 'cmap');
    for (let i = 0, n = symbol.readUInt16BE(cmap + 2); i < n; i++) symbol.writeUInt32BE(0x00030000, cmap + 4 + 8 * i);
    expect(readFaceTable(symbol, TABLE_RANGES)).toBeUndefined();
    // an unknown cmap format
    const format = Buffer.from(bytes);
    for (let i = 0, n = format.readUInt16BE(cmap + 2); i < n; i++) format.writeUInt16BE(8, cmap + format.readUInt32BE(cmap + 4 + 8 * i + 4));
    expect(readFaceTable(format, TABLE_RANGES)).toBeUndefined();
  });
});
