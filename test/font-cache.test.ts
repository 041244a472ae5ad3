/**
 * The cache of what measuring with the machine's fonts learns (src/layout/font-cache.ts):
 * fontconfig's answers and the faces' advance-width tables, kept in the user's cache folder.
 * Measuring from a kept table must give exactly what measuring with fontkit gives.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { create, type Font } from 'fontkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FACE_CACHE_ENTRIES, TABLE_RANGES, type TableFace, cachedFaceTable, cachedMatch, fontCacheDir, fontconfigFingerprint, resetFontCache } from '../src/layout/font-cache.js';
import { FONTS_DIR, faceTable, loadFace } from '../src/layout/font-metrics.js';
import { findFontFile } from '../src/layout/font-source.js';
import { cacheChecksum } from '../src/template/cache-dir.js';

let dir: string;
const saved = { ...process.env };
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'brief-font-cache-'));
  process.env['BRIEF_CACHE_DIR'] = path.join(dir, 'cache');
  resetFontCache();
});
afterEach(() => {
  process.env = { ...saved };
  resetFontCache();
  rmSync(dir, { recursive: true, force: true });
});

/** A machine font outside fonts/ (a copy of a shipped one, so the test runs on any machine). */
function machineFont(name = 'Carlito-Regular.ttf'): string {
  const file = path.join(dir, 'fonts', name);
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(path.join(FONTS_DIR, name), file);
  return file;
}

const fontkitFace = (file: string, postscriptName?: string) => create(readFileSync(file), postscriptName) as Font;
/** Every code point of the table's ranges and a few beyond them. */
const CODE_POINTS = [...TABLE_RANGES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i)), 0x0e01, 0x05d0, 0x3042, 0xac00, 0x1f600];

function expectSameAsFontkit(face: ReturnType<typeof loadFace>, font: Font): void {
  const os2 = font['OS/2'];
  expect(face.lineEm).toBe(Math.max(1.2, (font.ascent - font.descent + font.lineGap) / font.unitsPerEm, (os2.winAscent + os2.winDescent) / font.unitsPerEm));
  const wrong = CODE_POINTS.filter((cp) => face.advanceEm(cp) !== (font.hasGlyphForCodePoint(cp) ? font.glyphForCodePoint(cp).advanceWidth / font.unitsPerEm : undefined));
  expect(wrong.map((cp) => `U+${cp.toString(16)}`)).toEqual([]);
}

const faceEntries = () => {
  try {
    return readdirSync(path.join(fontCacheDir(), 'faces')).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
};

describe('advance-width tables of the machine’s fonts, kept between builds', () => {
  it('the tables kept in the shipped metrics.json cover the same code points as tables made at build time', () => {
    const shipped = JSON.parse(readFileSync(path.join(FONTS_DIR, 'metrics.json'), 'utf8')) as Record<string, TableFace>;
    for (const face of Object.values(shipped)) expect(face.ranges.map(([from, units]) => [from, from + units.length - 1])).toEqual(TABLE_RANGES);
  });

  it('measures exactly as fontkit does, the first time (table made) and the next (table read back)', () => {
    const file = machineFont('LiberationSans-Bold.ttf');
    const font = fontkitFace(file);
    expectSameAsFontkit(loadFace(file), font);
    expect(faceEntries()).toHaveLength(1);
    resetFontCache();
    let built = 0;
    const kept = cachedFaceTable(file, undefined, () => {
      built++;
      return faceTable(font);
    });
    expect(built).toBe(0);
    expect(kept).toEqual(faceTable(font));
    expectSameAsFontkit(loadFace(file), font);
  });

  it.each([
    ['DejaVu Sans', false, false],
    ['DejaVu Serif', true, false],
    ['Noto Sans CJK KR', false, false],
  ] as const)('a font found through fontconfig (%s, bold %s): the kept table equals fontkit’s reading of the file', (family, bold, italic) => {
    const found = findFontFile(family, bold, italic);
    if (!found) return; // not on this machine: the copied font above covers the rule
    const font = fontkitFace(found.file, /\.(ttc|otc)$/i.test(found.file) ? found.postscriptName : undefined);
    expectSameAsFontkit(loadFace(found.file, found.postscriptName), font);
    resetFontCache();
    expectSameAsFontkit(loadFace(found.file, found.postscriptName), font);
  });

  it('serves what is kept, and reads the file again once its size or modification time changed', () => {
    const file = machineFont();
    const font = fontkitFace(file);
    cachedFaceTable(file, undefined, () => faceTable(font));
    // A kept table that differs from the file (written with a valid checksum) is what the next build uses…
    const [name] = faceEntries();
    const entry = path.join(fontCacheDir(), 'faces', name!);
    const [sum, body] = readFileSync(entry, 'utf8').split('\n') as [string, string];
    expect(sum).toMatch(/^[0-9a-f]{8}$/);
    const value = JSON.parse(body) as { face: TableFace };
    value.face.ranges[0]![1][0x41 - 0x20] = 4096;
    const changed = JSON.stringify(value);
    writeFileSync(entry, `${cacheChecksum(changed)}\n${changed}`);
    expect(loadFace(file).advanceEm(0x41)).toBe(4096 / font.unitsPerEm);
    // …until the file changes: a new modification time is a new key, measured from the file.
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    expectSameAsFontkit(loadFace(file), font);
    // the same for a different size (another font copied over it)
    copyFileSync(path.join(FONTS_DIR, 'LiberationSans-Regular.ttf'), file);
    utimesSync(file, later, later);
    expectSameAsFontkit(loadFace(file), fontkitFace(file));
  });

  it('drops a damaged entry and makes it again, never failing', () => {
    const file = machineFont();
    const font = fontkitFace(file);
    loadFace(file);
    const [name] = faceEntries();
    const entry = path.join(fontCacheDir(), 'faces', name!);
    const good = readFileSync(entry, 'utf8');
    const body = (value: unknown) => {
      const text = JSON.stringify(value);
        return `${cacheChecksum(text)}\n${text}`;
    };
    const parsed = JSON.parse(good.slice(good.indexOf('\n') + 1)) as Record<string, unknown>;
    const damage = [
      good.slice(0, good.length - 40), // cut short
      good.replace('"unitsPerEm":2048', '"unitsPerEm":1000'), // changed: checksum fails
      'not a cache entry',
      '',
      body({ ...parsed, face: { ...(parsed['face'] as object), ranges: [[32, [1, 2, 3]]] } }), // wrong shape, valid checksum
      body({ ...parsed, file: '/elsewhere/font.ttf' }), // another file's entry
    ];
    for (const spoiled of damage) {
      writeFileSync(entry, spoiled);
      let built = 0;
      const table = cachedFaceTable(file, undefined, () => {
        built++;
        return faceTable(font);
      });
      expect(built).toBe(1);
      expect(table).toEqual(faceTable(font));
      expect(readFileSync(entry, 'utf8')).toBe(good);
    }
  });

  it('works when the cache folder cannot be written (a file stands where the folder would be)', () => {
    const blocker = path.join(dir, 'blocked');
    writeFileSync(blocker, 'not a folder');
    process.env['BRIEF_CACHE_DIR'] = blocker;
    const file = machineFont();
    expectSameAsFontkit(loadFace(file), fontkitFace(file));
    let asked = 0;
    const ask = () => {
      asked++;
      return { answer: { file }, keep: true };
    };
    expect(cachedMatch('x|false|false', ask)).toEqual({ file });
    expect(asked).toBe(1);
  });

  it(`keeps the ${FACE_CACHE_ENTRIES} most recently written tables`, () => {
    const file = machineFont();
    const table = faceTable(fontkitFace(file));
    for (let i = 0; i < FACE_CACHE_ENTRIES + 3; i++) {
      const when = new Date(1_600_000_000_000 + i * 1000);
      utimesSync(file, when, when);
      cachedFaceTable(file, undefined, () => table);
    }
    expect(faceEntries()).toHaveLength(FACE_CACHE_ENTRIES);
  });
});

describe('fontconfig’s answers, kept between builds', () => {
  const asker = (answer: { file: string; postscriptName?: string } | undefined, keep = true) => {
    const calls = { n: 0 };
    return { calls, ask: () => (calls.n++, { answer, keep }) };
  };

  it('asks fontconfig once for a family and style; the next build reads the answer', () => {
    const file = machineFont();
    const { calls, ask } = asker({ file, postscriptName: 'Carlito' });
    expect(cachedMatch('carlito|false|false', ask)).toEqual({ file, postscriptName: 'Carlito' });
    resetFontCache();
    expect(cachedMatch('carlito|false|false', ask)).toEqual({ file, postscriptName: 'Carlito' });
    expect(calls.n).toBe(1);
    // "no such family" is an answer too
    const none = asker(undefined);
    expect(cachedMatch('georgia|false|false', none.ask)).toBeUndefined();
    resetFontCache();
    expect(cachedMatch('georgia|false|false', none.ask)).toBeUndefined();
    expect(none.calls.n).toBe(1);
  });

  it('asks again when fontconfig’s state changed (its configuration, caches or font folders)', () => {
    const file = machineFont();
    const { calls, ask } = asker({ file });
    const before = fontconfigFingerprint();
    cachedMatch('carlito|false|false', ask);
    // a font folder of the user's appears (fonts copied in by hand)
    process.env['XDG_DATA_HOME'] = path.join(dir, 'data');
    mkdirSync(path.join(dir, 'data', 'fonts'), { recursive: true });
    expect(fontconfigFingerprint()).not.toBe(before);
    resetFontCache();
    cachedMatch('carlito|false|false', ask);
    expect(calls.n).toBe(2);
    // a change in that folder (its modification time) counts too
    resetFontCache();
    cachedMatch('carlito|false|false', ask);
    expect(calls.n).toBe(2);
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(dir, 'data', 'fonts'), later, later);
    resetFontCache();
    cachedMatch('carlito|false|false', ask);
    expect(calls.n).toBe(3);
    // another configuration file named in the environment
    process.env['FONTCONFIG_FILE'] = path.join(dir, 'fonts.conf');
    resetFontCache();
    cachedMatch('carlito|false|false', ask);
    expect(calls.n).toBe(4);
  });

  it('asks again when the file it named changed or is gone', () => {
    const file = machineFont();
    const { calls, ask } = asker({ file });
    cachedMatch('carlito|false|false', ask);
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    resetFontCache();
    cachedMatch('carlito|false|false', ask);
    expect(calls.n).toBe(2);
    rmSync(file);
    resetFontCache();
    const gone = asker(undefined);
    expect(cachedMatch('carlito|false|false', gone.ask)).toBeUndefined();
    expect(gone.calls.n).toBe(1);
  });

  it('does not keep an answer fontconfig failed to give (a timeout), and drops a damaged store', () => {
    const failed = asker(undefined, false);
    cachedMatch('carlito|false|false', failed.ask);
    resetFontCache();
    cachedMatch('carlito|false|false', failed.ask);
    expect(failed.calls.n).toBe(2);
    const file = machineFont();
    const { calls, ask } = asker({ file });
    cachedMatch('carlito|false|false', ask);
    const store = path.join(fontCacheDir(), 'fontconfig.json');
    for (const spoiled of ['garbage', readFileSync(store, 'utf8').replace(file, '/nowhere.ttf')]) {
      writeFileSync(store, spoiled);
      resetFontCache();
      expect(cachedMatch('carlito|false|false', ask)).toEqual({ file });
      // the store is whole again
      expect(readFileSync(store, 'utf8')).toContain(file);
    }
    expect(calls.n).toBe(3);
  });
});
