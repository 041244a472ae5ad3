import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheChecksum } from '../src/template/cache-dir.js';
import { checkCacheDir } from '../src/template/check-cache.js';
import { BUILTIN_TEMPLATES, loadTemplate } from '../src/template/load.js';

let dir: string;
let tpl: string;
const saved = { ...process.env };
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'brief-check-cache-'));
  process.env['BRIEF_CACHE_DIR'] = path.join(dir, 'cache');
  // a template of the user's own: brief's default, with a contrast warning to carry
  tpl = path.join(dir, 'corp');
  cpSync(path.join(BUILTIN_TEMPLATES, 'default'), tpl, { recursive: true });
  const json = JSON.parse(readFileSync(path.join(tpl, 'template.json'), 'utf8'));
  json.colors.muted = 'BBBBBB';
  writeFileSync(path.join(tpl, 'template.json'), JSON.stringify(json, null, 2));
});
afterEach(() => {
  process.env = { ...saved };
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const ctx = () => ({ briefingDir: dir, cwd: dir });
const entries = () => {
  try {
    return readdirSync(checkCacheDir()).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
};
const rewriteEntry = (edit: (entry: Record<string, any>) => void) => {
  const file = path.join(checkCacheDir(), entries()[0]!);
  const entry = JSON.parse(readFileSync(file, 'utf8').split('\n')[1]!);
  edit(entry);
  const body = JSON.stringify(entry);
  writeFileSync(file, `${cacheChecksum(body)}\n${body}`);
};

describe('the checked template, kept between builds', () => {
  it('gives a later load the same template and the same diagnostics, from one entry', () => {
    const first = loadTemplate(tpl, ctx());
    expect(first.template).toBeDefined();
    expect(first.diagnostics.some((d) => d.severity === 'warning' && /contrast/.test(d.message))).toBe(true);
    expect(entries()).toHaveLength(1);
    const second = loadTemplate(tpl, ctx());
    expect(second).toEqual(first);
    expect(entries()).toHaveLength(1);
  });

  it('is read instead of checking again', () => {
    loadTemplate(tpl, ctx());
    rewriteEntry((e) => (e.result.template.description = 'from the cache'));
    expect(loadTemplate(tpl, ctx()).template!.description).toBe('from the cache');
  });

  it('is not used once the template file changes', () => {
    loadTemplate(tpl, ctx());
    rewriteEntry((e) => (e.result.template.description = 'from the cache'));
    const file = path.join(tpl, 'template.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"BBBBBB"', '"5A5A5A"'));
    const again = loadTemplate(tpl, ctx());
    expect(again.template!.description).not.toBe('from the cache');
    expect(again.template!.colors.muted).toBe('5A5A5A');
    expect(again.diagnostics.some((d) => /contrast/.test(d.message) && d.message.includes('muted'))).toBe(false);
  });

  it('is not used once a file the check found (the logo) is gone: the error is reported', () => {
    expect(loadTemplate(tpl, ctx()).template!.logo).toBeDefined();
    rmSync(path.join(tpl, 'logo.png'));
    const again = loadTemplate(tpl, ctx());
    expect(again.template).toBeUndefined();
    expect(again.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', message: '/logo/file: "logo.png" does not exist' }));
  });

  it('keeps no template with errors', () => {
    rmSync(path.join(tpl, 'logo.png'));
    expect(loadTemplate(tpl, ctx()).template).toBeUndefined();
    expect(entries()).toHaveLength(0);
  });

  it('drops a damaged entry and checks again', () => {
    const first = loadTemplate(tpl, ctx());
    const file = path.join(checkCacheDir(), entries()[0]!);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"description"', '"descriptiom"'));
    expect(loadTemplate(tpl, ctx())).toEqual(first);
    // checked again and kept again, intact
    expect(readFileSync(file, 'utf8')).not.toContain('"descriptiom"');
  });

  it('checks as before when the cache folder cannot be written', () => {
    if (process.getuid?.() === 0) return; // root writes anywhere
    chmodSync(dir, 0o555);
    process.env['BRIEF_CACHE_DIR'] = path.join(dir, 'cache-not-writable');
    const result = loadTemplate(tpl, ctx());
    expect(result.template).toBeDefined();
    expect(entries()).toHaveLength(0);
  });
});
