import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/tools.js';

/**
 * `npm test` must pass on a clone alone (issue #14, item 0): an absolute path of a developer's
 * machine in a test or in the code breaks it for everyone else. Paths outside the repository are
 * reached relative to it (`../shared` beside the checkout), never by a machine's absolute path.
 */
const ROOTS = ['src', 'test', 'scripts', 'bin', '.ci', 'package.json', 'vitest.config.ts'];
const MACHINE_PATH = /(?<![\w.])\/(?:work|home|Users|root|mnt)\/[\w.-]+/g;

function files(entry: string): string[] {
  const full = path.join(repoRoot, entry);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full, { withFileTypes: true }).flatMap((d) => {
    if (d.name === 'node_modules' || d.name === 'golden' || d.name.startsWith('.tmp')) return [];
    return d.isDirectory() ? files(path.join(entry, d.name)) : /\.(ts|mjs|cjs|js|json|sh)$|^run$/.test(d.name) ? [path.join(full, d.name)] : [];
  });
}

describe('no absolute paths of a machine', () => {
  it('in src, test, scripts, bin or CI', () => {
    const found: string[] = [];
    for (const file of ROOTS.flatMap(files)) {
      if (file === path.join(repoRoot, 'test/no-machine-paths.test.ts')) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(MACHINE_PATH)) {
        const line = text.slice(0, m.index).split('\n').length;
        found.push(`${path.relative(repoRoot, file)}:${line}: ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('the pattern catches the kind of path it is for', () => {
    expect('/work/shared/data/x.csv'.match(MACHINE_PATH)).toEqual(['/work/shared']);
    expect("readFileSync('/home/dev/brief/x')".match(MACHINE_PATH)).toEqual(['/home/dev']);
    expect('https://example.org/work/x and ../shared/tools'.match(MACHINE_PATH)).toBeNull();
  });
});
