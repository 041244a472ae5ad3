import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE_CACHE_ENTRIES, baseCacheDir, readBaseCache, userCacheDir, writeBaseCache } from '../src/template/load-base.js';
import { cacheChecksum, cacheKey } from '../src/template/cache-dir.js';

type Made = Parameters<typeof writeBaseCache>[1];

const made = (n: number): Made => ({
  source: { shown: 'corp.potx', dir: '/x', text: '{}', raw: { name: `corp-${n}`, colors: { primary: '112233' } } },
  base: { file: '/x/corp.potx', layouts: { bullets: { master: 1, layout: 2 } as never }, reasons: {} },
  diagnostics: [{ severity: 'warning', message: 'two accents are close', at: { file: 'corp.potx' } }],
});
/** What a reading depended on (baseCacheIdentity gives one per file content and settings). */
const key = (n: number) => `4\0code\0${n}\0corp.potx`;
const entryName = (n: number) => `${cacheKey(key(n))}.json`;

let dir: string;
const saved = { ...process.env };
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'brief-cache-test-'));
  process.env['BRIEF_CACHE_DIR'] = dir;
});
afterEach(() => {
  process.env = { ...saved };
  rmSync(dir, { recursive: true, force: true });
});

describe('the cache of PowerPoint-file templates', () => {
  it('lives in the user cache folder: BRIEF_CACHE_DIR, else XDG_CACHE_HOME/brief (absolute only), else ~/.cache/brief', () => {
    expect(baseCacheDir()).toBe(path.join(dir, 'templates'));
    delete process.env['BRIEF_CACHE_DIR'];
    if (process.platform === 'linux') {
      process.env['XDG_CACHE_HOME'] = '/var/cache/me';
      expect(userCacheDir()).toBe('/var/cache/me/brief');
      process.env['XDG_CACHE_HOME'] = 'relative/cache';
      expect(userCacheDir()).toMatch(/\.cache[\\/]brief$/);
    }
  });

  it('gives back what was written, keyed by content', () => {
    writeBaseCache(key(1), made(1));
    const back = readBaseCache(key(1), '/y/corp.potx', 'corp.potx', undefined)!;
    expect(back.source!.raw).toEqual({ name: 'corp-1', colors: { primary: '112233' } });
    expect(back.base!.file).toBe('/y/corp.potx');
    expect(back.diagnostics[0]!.message).toBe('two accents are close');
    expect(readBaseCache(key(2), '/y/corp.potx', 'corp.potx', undefined)).toBeUndefined();
  });

  it('serves an entry only to the identity it was made for, when two share its file name', () => {
    writeBaseCache(key(1), made(1));
    // another identity given the same file name (key collisions are possible: the name is short)
    const file = path.join(baseCacheDir(), entryName(1));
    const body = JSON.parse(readFileSync(file, 'utf8').split('\n')[1]!) as Record<string, unknown>;
    const other = JSON.stringify({ ...body, identity: key(7) });
    writeFileSync(file, `${cacheChecksum(other)}\n${other}`);
    expect(readBaseCache(key(1), '/y/corp.potx', 'corp.potx', undefined)).toBeUndefined();
    expect(readBaseCache(key(7), '/y/corp.potx', 'corp.potx', undefined)).toBeUndefined();
    // made again, it takes the name back
    writeBaseCache(key(1), made(1));
    expect(readBaseCache(key(1), '/y/corp.potx', 'corp.potx', undefined)!.source!.raw).toEqual({ name: 'corp-1', colors: { primary: '112233' } });
  });

  it('ignores and removes a damaged entry: cut short, changed, or of the wrong shape', () => {
    const file = path.join(baseCacheDir(), entryName(1));
    const damage = [
      (t: string) => t.slice(0, t.length - 10),
      (t: string) => t.replace('corp-1', 'corp-9'),
      () => 'not a cache entry',
      () => {
        const body = JSON.stringify({ json: [] });
        return `${cacheChecksum(body)}\n${body}`;
      },
    ];
    for (const spoil of damage) {
      writeBaseCache(key(1), made(1));
      writeFileSync(file, spoil(readFileSync(file, 'utf8')));
      expect(readBaseCache(key(1), '/y/corp.potx', 'corp.potx', undefined)).toBeUndefined();
      expect(readdirSync(baseCacheDir())).not.toContain(entryName(1));
    }
  });

  it(`keeps the ${BASE_CACHE_ENTRIES} most recently used entries`, () => {
    for (let n = 0; n < BASE_CACHE_ENTRIES; n++) {
      writeBaseCache(key(n), made(n));
      // older writes are older uses
      const when = new Date(Date.now() - (BASE_CACHE_ENTRIES - n) * 60_000);
      utimesSync(path.join(baseCacheDir(), entryName(n)), when, when);
    }
    // entry 0, read now, counts as recently used
    expect(readBaseCache(key(0), '/y/corp.potx', 'corp.potx', undefined)).toBeDefined();
    writeBaseCache(key(99), made(99));
    const left = readdirSync(baseCacheDir());
    expect(left).toHaveLength(BASE_CACHE_ENTRIES);
    expect(left).toContain(entryName(0));
    expect(left).toContain(entryName(99));
    expect(left).not.toContain(entryName(1));
  });
});
