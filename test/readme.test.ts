import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/tools.js';

describe('README', () => {
  it('holds the current docs chapters (node scripts/readme.mjs)', () => {
    expect(() => execFileSync(process.execPath, [path.join(repoRoot, 'scripts/readme.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('shows the two commands of a fresh machine and pictures that exist', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain('npm install && npx brief build');
    expect(readme).toContain('npm test');
    for (const [, src] of readme.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g)) expect(() => readFileSync(path.join(repoRoot, src!))).not.toThrow();
  });
});
