import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/tools.js';

describe('the precompiled template validator', () => {
  it('is generated from the current schema (node scripts/template-validator.mjs)', () => {
    expect(() => execFileSync(process.execPath, [path.join(repoRoot, 'scripts/template-validator.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
