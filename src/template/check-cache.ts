/**
 * The checked template (merged, validated, colours resolved, contrast measured, diagnostics made)
 * kept between builds in the user cache folder's `checked/`. Checking the default template is a
 * few per cent of a build of the sample, and every build checks the same unchanged files again.
 *
 * What a check depends on, all in the entry's identity and compared on every read: brief's
 * checking code, and each file of the chain (how it is shown, its folder, its text and the JSON
 * taken from it, what a PowerPoint file's parts stand for). The check also asks whether files
 * exist (the logo): the entry keeps each answer, and is used only while every answer still holds.
 * A template with errors is not kept: it is being edited, and its errors cost nothing to find.
 */
import { existsSync, rmSync, utimesSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { cacheChecksum, cacheKey, codeStamp, pruneCacheFolder, readCacheEntry, userCacheDir, writeCacheEntry } from './cache-dir.js';
import type { TemplateSource } from './merge.js';
import type { Template } from './types.js';

export interface CheckResult {
  template?: Template;
  diagnostics: Diagnostic[];
}

const CHECK_CACHE_VERSION = '1';

/** Entries kept: one per template (and chain) in use, the most recently used. */
export const CHECK_CACHE_ENTRIES = 32;

export function checkCacheDir(): string {
  return path.join(userCacheDir(), 'checked');
}

/** The modules a check runs through, beside this one (cache-dir.ts's codeStamp). */
const CHECKING_CODE = ['load', 'validate', 'merge', 'contrast', 'locate', 'accents', 'theme-refs', 'schema-validator'];

export function checkIdentity(sources: readonly TemplateSource[]): string {
  const parts = [CHECK_CACHE_VERSION, codeStamp(import.meta.url, CHECKING_CODE)];
  for (const s of sources) {
    // the text gives lines and columns; the JSON may differ from it (a template.json whose "base" is a file)
    const json = JSON.stringify(s.raw);
    parts.push(s.shown, s.dir, `${s.text.length}:${cacheChecksum(s.text)}`, `${json.length}:${cacheChecksum(json)}`, s.origins ? cacheChecksum(JSON.stringify(s.origins)) : '-');
  }
  return parts.join('\0');
}

interface Entry {
  identity: string;
  /** Every file the check asked about, and whether it existed. */
  exists: [string, boolean][];
  result: { template: Template; diagnostics: Diagnostic[] };
}

function isEntry(v: unknown): v is Entry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Partial<Entry>;
  return (
    typeof e.identity === 'string' &&
    Array.isArray(e.exists) &&
    e.exists.every((x) => Array.isArray(x) && typeof x[0] === 'string' && typeof x[1] === 'boolean') &&
    typeof e.result === 'object' &&
    e.result !== null &&
    typeof e.result.template === 'object' &&
    Array.isArray(e.result.diagnostics)
  );
}

/**
 * `check(fileExists)` run once per set of template files: later builds read what it gave. Any
 * failure to read or write the cache only costs the check.
 */
export function cachedCheck(sources: readonly TemplateSource[], check: (fileExists: (file: string) => boolean) => CheckResult): CheckResult {
  const identity = checkIdentity(sources);
  const file = path.join(checkCacheDir(), `${cacheKey(identity)}.json`);
  const value = readCacheEntry(file);
  if (value !== undefined && !isEntry(value)) rmSync(file, { force: true });
  else if (value !== undefined && value.identity === identity && value.exists.every(([f, was]) => existsSync(f) === was)) {
    try {
      // the most recently used entries are the ones kept
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // a read-only cache still serves
    }
    return value.result;
  }
  const exists: [string, boolean][] = [];
  const result = check((f) => {
    const found = existsSync(f);
    exists.push([f, found]);
    return found;
  });
  if (result.template && !result.diagnostics.some((d) => d.severity === 'error')) {
    const entry: Entry = { identity, exists, result: { template: result.template, diagnostics: result.diagnostics } };
    if (writeCacheEntry(file, entry)) pruneCacheFolder(checkCacheDir(), CHECK_CACHE_ENTRIES);
  }
  return result;
}
