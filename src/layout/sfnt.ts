/**
 * A face's advance-width table read straight from a TrueType or OpenType file: the few tables
 * that hold it (head, hhea, OS/2, hmtx, cmap), without loading fontkit, which costs about a
 * tenth of a second to load before it parses anything. Only what it reads exactly as fontkit
 * does: a Unicode cmap of format 4, 6 or 12, chosen in fontkit's order, advances from hmtx. For
 * anything else (a symbol font's legacy cmap, a CFF2 variable font, a damaged file) it gives
 * undefined and the caller reads the font with fontkit. A test compares the two on every font of
 * the machine it runs on.
 */
import type { TableFace } from './font-cache.js';

/** fontkit's preference among cmap subtables (CmapProcessor): 32-bit Unicode first. */
const UNICODE_CMAPS: [number, number][] = [[3, 10], [0, 6], [0, 4], [3, 1], [0, 3], [0, 2], [0, 1], [0, 0]];

class Short extends Error {}

export function readFaceTable(bytes: Uint8Array, ranges: [number, number][], postscriptName?: string): TableFace | undefined {
  try {
    return read(bytes, ranges, postscriptName);
  } catch (e) {
    if (e instanceof Short || e instanceof RangeError) return undefined;
    throw e;
  }
}

interface Tables {
  [tag: string]: { offset: number; length: number };
}

function read(bytes: Uint8Array, ranges: [number, number][], postscriptName?: string): TableFace | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at);
  const i16 = (at: number) => view.getInt16(at);
  const u32 = (at: number) => view.getUint32(at);
  const tag = (at: number) => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
  const directory = (at: number): Tables | undefined => {
    const version = u32(at);
    if (version !== 0x00010000 && tag(at) !== 'OTTO' && tag(at) !== 'true') return undefined;
    const tables: Tables = {};
    for (let i = 0, n = u16(at + 4); i < n; i++) {
      const record = at + 12 + 16 * i;
      const offset = u32(record + 8);
      const length = u32(record + 12);
      if (offset + length > bytes.length) throw new Short();
      tables[tag(record)] = { offset, length };
    }
    return tables;
  };
  /** The PostScript names (name ID 6) a face's name table gives, in any of its records. */
  const postscriptNames = (face: Tables): string[] => {
    const name = face['name'];
    if (!name) return [];
    const names: string[] = [];
    const strings = name.offset + u16(name.offset + 4);
    for (let i = 0, n = u16(name.offset + 2); i < n; i++) {
      const record = name.offset + 6 + 12 * i;
      if (u16(record + 6) !== 6) continue;
      const platform = u16(record);
      const length = u16(record + 8);
      const start = strings + u16(record + 10);
      let text = '';
      if (platform === 0 || platform === 3) for (let j = 0; j + 1 < length; j += 2) text += String.fromCharCode(u16(start + j));
      else for (let j = 0; j < length; j++) text += String.fromCharCode(bytes[start + j]!);
      names.push(text);
    }
    return names;
  };
  let tables: Tables | undefined;
  if (tag(0) === 'ttcf') {
    // a collection: the face whose PostScript name is the one fontconfig named
    if (!postscriptName) return undefined;
    for (let i = 0, n = u32(8); i < n && !tables; i++) {
      const face = directory(u32(12 + 4 * i));
      if (face && postscriptNames(face).includes(postscriptName)) tables = face;
    }
  } else tables = directory(0);
  if (!tables) return undefined;
  const { head, hhea, hmtx, cmap } = tables;
  const os2 = tables['OS/2'];
  // CFF2 outlines come with fontkit's variation processing, which may adjust advances
  if (!head || !hhea || !hmtx || !cmap || tables['CFF2']) return undefined;
  if (os2 && os2.length < 78) return undefined;
  const unitsPerEm = u16(head.offset + 18);
  const hMetrics = u16(hhea.offset + 34);
  if (hMetrics * 4 > hmtx.length) return undefined;
  const advance = (gid: number) => (hMetrics === 0 ? 0 : u16(hmtx.offset + 4 * Math.min(gid, hMetrics - 1)));

  // the subtable fontkit would take
  let subtable: number | undefined;
  const records = u16(cmap.offset + 2);
  for (const [platform, encoding] of UNICODE_CMAPS) {
    for (let i = 0; i < records && subtable === undefined; i++) {
      const record = cmap.offset + 4 + 8 * i;
      if (u16(record) === platform && u16(record + 2) === encoding) subtable = cmap.offset + u32(record + 4);
    }
    if (subtable !== undefined) break;
  }
  if (subtable === undefined) return undefined;
  const lookup = glyphLookup(u16(subtable), subtable, u16, i16, u32);
  if (!lookup) return undefined;

  return {
    unitsPerEm,
    hhea: [i16(hhea.offset + 4), i16(hhea.offset + 6), i16(hhea.offset + 8)],
    win: os2 ? [u16(os2.offset + 74), u16(os2.offset + 76)] : [0, 0],
    ranges: ranges.map(([from, to]) => {
      const units: number[] = [];
      for (let cp = from; cp <= to; cp++) {
        const gid = lookup(cp);
        units.push(gid ? advance(gid) : -1);
      }
      return [from, units];
    }),
  };
}

/** The glyph of a code point in this cmap subtable, as fontkit's CmapProcessor.lookup finds it (0: none). */
function glyphLookup(format: number, at: number, u16: (at: number) => number, i16: (at: number) => number, u32: (at: number) => number): ((cp: number) => number) | undefined {
  if (format === 4) {
    const length = u16(at + 2);
    const segCount = u16(at + 6) / 2;
    const endCode = at + 14;
    const startCode = endCode + 2 * segCount + 2;
    const idDelta = startCode + 2 * segCount;
    const idRangeOffset = idDelta + 2 * segCount;
    const glyphs = idRangeOffset + 2 * segCount;
    const glyphCount = Math.max(0, (at + length - glyphs) / 2);
    return (cp) => {
      let min = 0;
      let max = segCount - 1;
      while (min <= max) {
        const mid = (min + max) >> 1;
        if (cp < u16(startCode + 2 * mid)) max = mid - 1;
        else if (cp > u16(endCode + 2 * mid)) min = mid + 1;
        else {
          const rangeOffset = u16(idRangeOffset + 2 * mid);
          let gid: number;
          if (rangeOffset === 0) gid = cp + i16(idDelta + 2 * mid);
          else {
            const index = rangeOffset / 2 + (cp - u16(startCode + 2 * mid)) - (segCount - mid);
            gid = Number.isInteger(index) && index >= 0 && index < glyphCount ? u16(glyphs + 2 * index) : 0;
            if (gid !== 0) gid += i16(idDelta + 2 * mid);
          }
          return gid & 0xffff;
        }
      }
      return 0;
    };
  }
  if (format === 6) {
    const first = u16(at + 6);
    const count = u16(at + 8);
    return (cp) => (cp - first >= 0 && cp - first < count ? u16(at + 10 + 2 * (cp - first)) : 0);
  }
  if (format === 12) {
    const groups = u32(at + 12);
    return (cp) => {
      let min = 0;
      let max = groups - 1;
      while (min <= max) {
        const mid = (min + max) >> 1;
        const group = at + 16 + 12 * mid;
        if (cp < u32(group)) max = mid - 1;
        else if (cp > u32(group + 4)) min = mid + 1;
        else return u32(group + 8) + (cp - u32(group));
      }
      return 0;
    };
  }
  return undefined;
}
