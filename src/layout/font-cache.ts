/**
 * What measuring with the machine's own fonts learns, kept between builds in the user's cache
 * folder (`fonts/` in it), so a build on a template whose fonts this machine has neither spawns
 * fontconfig nor loads fontkit and parses the font file once the fonts were seen:
 * - `fonts/fontconfig.json`: fontconfig's answers (which file is this family in this style), valid
 *   while a fingerprint of fontconfig's state is unchanged: the modification times of its
 *   configuration files and folders, its cache folders (rewritten by `fc-cache`, which font
 *   packages run) and the usual font folders (a font copied into ~/.local/share/fonts). Each
 *   answer also keeps the found file's size and modification time, checked at every use.
 * - `fonts/faces/*.json`: a face's advance widths for the code points slides mostly use, in the
 *   shape of fonts/metrics.json, keyed by the font file's path, size and modification time (and
 *   the face's PostScript name in a collection). Code points outside it are read from the font.
 * Every entry carries a checksum of its content (cacheChecksum); a damaged or foreign entry is
 * removed and the answer found again. A cache folder that cannot be written only costs time.
 */
import { rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { cacheChecksum, pruneCacheFolder, readCacheEntry, userCacheDir, writeCacheEntry } from '../template/cache-dir.js';

/** Advance widths of a face, as fonts/metrics.json holds them per shipped face. */
export interface TableFace {
  unitsPerEm: number;
  /** hhea ascent, descent, line gap in font units. */
  hhea: [number, number, number];
  /** OS/2 winAscent, winDescent in font units. */
  win: [number, number];
  /** [first code point, advance in font units of each code point from it (-1: no glyph)]. */
  ranges: [number, number[]][];
}

/**
 * The code points a face table holds: Latin, IPA modifiers, Greek, Cyrillic, Latin Extended
 * Additional, punctuation, currency, letterlike symbols, arrows, maths, box drawing and Latin
 * ligatures. The same ranges as scripts/font-metrics.mjs uses for the shipped fonts (a test checks).
 */
export const TABLE_RANGES: [number, number][] = [
  [0x20, 0x24f], [0x2b0, 0x2ff], [0x370, 0x3ff], [0x400, 0x4ff], [0x1e00, 0x1eff], [0x2000, 0x206f],
  [0x20a0, 0x20cf], [0x2100, 0x215f], [0x2190, 0x21ff], [0x2200, 0x22ff], [0x2500, 0x25ff], [0xfb00, 0xfb06],
];

/** A face entry's format; a change in how tables are made bumps it, and older entries are not read. */
const FACE_VERSION = '1';
/** The cache keeps this many face tables (each about 12 kB), the most recently written. */
export const FACE_CACHE_ENTRIES = 64;

export function fontCacheDir(): string {
  return path.join(userCacheDir(), 'fonts');
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumbers = (v: unknown, n?: number): v is number[] => Array.isArray(v) && (n === undefined || v.length === n) && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** A file's identity for the cache: its size and modification time; undefined when it is gone. */
export function fileStamp(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    const s = statSync(file);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

/** Where fontconfig reads its configuration, keeps its caches, and finds fonts (see the module comment). */
function fontconfigPlaces(): string[] {
  const home = homedir();
  const env = process.env;
  const xdgConfig = env['XDG_CONFIG_HOME'] || path.join(home, '.config');
  const xdgCache = env['XDG_CACHE_HOME'] || path.join(home, '.cache');
  const xdgData = env['XDG_DATA_HOME'] || path.join(home, '.local', 'share');
  const places = [
    '/etc/fonts', '/etc/fonts/fonts.conf', '/etc/fonts/conf.d', '/usr/local/etc/fonts', '/usr/local/etc/fonts/conf.d', '/opt/homebrew/etc/fonts', '/opt/homebrew/etc/fonts/conf.d',
    path.join(xdgConfig, 'fontconfig'), path.join(xdgConfig, 'fontconfig', 'fonts.conf'), path.join(xdgConfig, 'fontconfig', 'conf.d'), path.join(home, '.fonts.conf'), path.join(home, '.fonts.conf.d'),
    '/var/cache/fontconfig', '/usr/local/var/cache/fontconfig', '/opt/homebrew/var/cache/fontconfig', path.join(xdgCache, 'fontconfig'), path.join(home, '.fontconfig'),
    '/usr/share/fonts', '/usr/local/share/fonts', path.join(home, '.fonts'), path.join(xdgData, 'fonts'),
    '/System/Library/Fonts', '/Library/Fonts', path.join(home, 'Library', 'Fonts'),
  ];
  if (env['WINDIR']) places.push(path.join(env['WINDIR'], 'Fonts'));
  if (env['LOCALAPPDATA']) places.push(path.join(env['LOCALAPPDATA'], 'Microsoft', 'Windows', 'Fonts'));
  for (const name of ['FONTCONFIG_FILE', 'FONTCONFIG_PATH']) if (env[name]) places.push(...env[name]!.split(path.delimiter));
  return places;
}

/**
 * A fingerprint of fontconfig's state: when a font is installed or removed, or its configuration
 * changes, one of these times changes, and the answers kept are asked again.
 */
export function fontconfigFingerprint(): string {
  const env = process.env;
  const parts = ['FONTCONFIG_FILE', 'FONTCONFIG_PATH', 'FONTCONFIG_SYSROOT'].map((n) => `${n}=${env[n] ?? ''}`);
  for (const place of fontconfigPlaces()) {
    let stamp = '-';
    try {
      stamp = String(statSync(place).mtimeMs);
    } catch {
      // not on this machine
    }
    parts.push(`${place}:${stamp}`);
  }
  // compared whole, not hashed: a few kB once per build
  return parts.join('\n');
}

/** A kept answer: the file with its stamp, or null for "fontconfig has no such family". */
export interface KeptMatch {
  file: string;
  postscriptName?: string;
  size: number;
  mtimeMs: number;
}

interface MatchStore {
  fingerprint: string;
  answers: Record<string, KeptMatch | null>;
}

let store: MatchStore | undefined;

function matchStoreFile(): string {
  return path.join(fontCacheDir(), 'fontconfig.json');
}

function loadMatchStore(): MatchStore {
  if (store) return store;
  const fingerprint = fontconfigFingerprint();
  const value = readCacheEntry(matchStoreFile());
  const answers: Record<string, KeptMatch | null> = {};
  if (isRecord(value) && value['fingerprint'] === fingerprint && isRecord(value['answers'])) {
    for (const [key, a] of Object.entries(value['answers'])) {
      if (a === null) answers[key] = null;
      else if (isRecord(a) && typeof a['file'] === 'string' && typeof a['size'] === 'number' && typeof a['mtimeMs'] === 'number' && (a['postscriptName'] === undefined || typeof a['postscriptName'] === 'string')) {
        answers[key] = { file: a['file'], size: a['size'], mtimeMs: a['mtimeMs'], ...(typeof a['postscriptName'] === 'string' ? { postscriptName: a['postscriptName'] } : {}) };
      }
    }
  }
  store = { fingerprint, answers };
  return store;
}

/**
 * fontconfig's answer for this key, from the cache when fontconfig's state and the found file are
 * as they were; else `ask()` (which spawns fc-match), kept for the next build.
 */
export function cachedMatch(key: string, ask: () => { answer: { file: string; postscriptName?: string } | undefined; keep: boolean }): { file: string; postscriptName?: string } | undefined {
  const s = loadMatchStore();
  const kept = s.answers[key];
  if (kept === null) return undefined;
  if (kept) {
    const stamp = fileStamp(kept.file);
    if (stamp && stamp.size === kept.size && stamp.mtimeMs === kept.mtimeMs) return { file: kept.file, ...(kept.postscriptName ? { postscriptName: kept.postscriptName } : {}) };
  }
  const { answer, keep } = ask();
  const stamp = answer && fileStamp(answer.file);
  if (!keep || (answer && !stamp)) return answer;
  s.answers[key] = answer && stamp ? { ...answer, ...stamp } : null;
  writeCacheEntry(matchStoreFile(), s);
  return answer;
}

/** Forgets what this process read from the cache (tests: another cache folder, a changed machine). */
export function resetFontCache(): void {
  store = undefined;
}

function faceEntryFile(file: string, postscriptName: string | undefined, stamp: { size: number; mtimeMs: number }): string {
  // the entry repeats file, size, time and face, checked on reading (cachedFaceTable)
  const identity = [FACE_VERSION, file, stamp.size, stamp.mtimeMs, postscriptName ?? ''].join('\0');
  const key = `${cacheChecksum(identity)}-${cacheChecksum(path.basename(file))}`;
  return path.join(fontCacheDir(), 'faces', `${key}.json`);
}

function validTable(v: unknown): v is TableFace {
  if (!isRecord(v) || typeof v['unitsPerEm'] !== 'number' || !(v['unitsPerEm'] > 0) || !isNumbers(v['hhea'], 3) || !isNumbers(v['win'], 2) || !Array.isArray(v['ranges'])) return false;
  const ranges = v['ranges'] as unknown[];
  return (
    ranges.length === TABLE_RANGES.length &&
    ranges.every((r, i) => Array.isArray(r) && r.length === 2 && r[0] === TABLE_RANGES[i]![0] && isNumbers(r[1], TABLE_RANGES[i]![1] - TABLE_RANGES[i]![0] + 1))
  );
}

/**
 * The face table of this font file (and face, in a collection): from the cache when the file's
 * size and modification time are those it was made from, else made by `build()` and kept.
 */
export function cachedFaceTable(file: string, postscriptName: string | undefined, build: () => TableFace): TableFace {
  const stamp = fileStamp(file);
  if (!stamp) return build();
  const entry = faceEntryFile(file, postscriptName, stamp);
  const value = readCacheEntry(entry);
  if (isRecord(value) && value['file'] === file && value['size'] === stamp.size && value['mtimeMs'] === stamp.mtimeMs && (value['postscriptName'] ?? null) === (postscriptName ?? null) && validTable(value['face'])) {
    return value['face'];
  }
  if (value !== undefined) rmSync(entry, { force: true });
  const face = build();
  if (writeCacheEntry(entry, { file, size: stamp.size, mtimeMs: stamp.mtimeMs, postscriptName: postscriptName ?? null, face })) pruneCacheFolder(path.dirname(entry), FACE_CACHE_ENTRIES);
  return face;
}

