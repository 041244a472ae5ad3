import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { crc32 } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../io/atomic-write.js';

/**
 * The user's cache folder for brief: `BRIEF_CACHE_DIR` when set, else the platform's own place
 * (`$XDG_CACHE_HOME/brief` or `~/.cache/brief` on Linux, `~/Library/Caches/brief` on macOS,
 * `%LOCALAPPDATA%\brief\Cache` on Windows). Everything in it may be deleted at any time.
 * It holds `templates/` (the reading of PowerPoint-file templates), `checked/` (checked templates,
 * check-cache.ts) and `fonts/` (fontconfig's answers and the advance widths of the machine's fonts
 * brief measured with).
 */
export function userCacheDir(): string {
  const own = process.env['BRIEF_CACHE_DIR'];
  if (own) return path.resolve(own);
  const home = homedir();
  if (process.platform === 'win32') return path.join(process.env['LOCALAPPDATA'] || path.join(home, 'AppData', 'Local'), 'brief', 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'brief');
  const xdg = process.env['XDG_CACHE_HOME'];
  // the XDG spec ignores a relative XDG_CACHE_HOME
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'brief');
}

/**
 * The check a cache entry carries against damage (a disk error, a write cut short, an edit by
 * hand): CRC-32, as zip uses for the same purpose. Not a key: a key names its entry, and the
 * entry holds what it was made from, compared on every read, so two keys alike cost a rebuild,
 * never a wrong answer. CRC-32 comes with zlib, which a build loads anyway; a cryptographic hash
 * would load node:crypto, several milliseconds of every build on a template file.
 */
export function cacheChecksum(data: string | Uint8Array): string {
  return (crc32(data) >>> 0).toString(16).padStart(8, '0');
}

/**
 * Writes a cache entry atomically: a line with the checksum of the rest, then the value as JSON.
 * False when the folder cannot be written (a cache that cannot be written only costs time).
 */
export function writeCacheEntry(file: string, value: unknown): boolean {
  try {
    const body = JSON.stringify(value);
    writeFileAtomic(file, Buffer.from(`${cacheChecksum(body)}\n${body}`, 'utf8'));
    return true;
  } catch {
    return false;
  }
}

/** A cache entry's value when present and intact; a damaged one is removed. */
export function readCacheEntry(file: string): unknown {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const newline = content.indexOf('\n');
  const body = content.slice(newline + 1);
  if (newline >= 0 && cacheChecksum(body) === content.slice(0, newline)) {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      // fall through: removed below
    }
  }
  rmSync(file, { force: true });
  return undefined;
}

/**
 * What stands for brief's own code in a cache entry's identity: the modification times of the
 * module at `moduleUrl` (the caller's `import.meta.url`) and of the `modules` beside it (paths
 * relative to its folder, without extension) whose output the entry keeps. An upgrade or a rebuild
 * changes them, and the entries made by the code before no longer apply. (Bundled, every module is
 * the one bundle file, and the others are not found.)
 */
export function codeStamp(moduleUrl: string, modules: readonly string[]): string {
  const here = fileURLToPath(moduleUrl);
  const dir = path.dirname(here);
  const ext = path.extname(here);
  return [here, ...modules.map((m) => path.join(dir, `${m}${ext}`))]
    .map((f) => {
      try {
        return String(statSync(f).mtimeMs);
      } catch {
        return '-';
      }
    })
    .join(',');
}

/** The entry's file name for an identity: short, and need not be unique (the entry holds the identity). */
export function cacheKey(identity: string): string {
  return `${cacheChecksum(identity)}-${identity.length.toString(16)}`;
}

/** Keeps the `keep` most recently touched entries of a cache folder, and no temp file older than a minute. */
export function pruneCacheFolder(dir: string, keep: number): void {
  const entries: { file: string; at: number }[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const at = statSync(file).mtimeMs;
      if (name.endsWith('.tmp')) {
        if (Date.now() - at > 60_000) rmSync(file, { force: true });
      } else if (name.endsWith('.json')) entries.push({ file, at });
    } catch {
      // removed meanwhile by another build
    }
  }
  entries.sort((a, b) => b.at - a.at);
  for (const { file } of entries.slice(keep)) rmSync(file, { force: true });
}
