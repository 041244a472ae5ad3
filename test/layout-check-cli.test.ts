import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeBriefing, runCli } from './helpers/briefing.js';
import { repoRoot } from './helpers/tools.js';

const LONG = path.join(repoRoot, 'test/fixtures/layout/long');

/** The line of the first line in 01-long.md that starts with `prefix`. */
function lineOf(prefix: string): number {
  return readFileSync(path.join(LONG, '01-long.md'), 'utf8').split('\n').findIndex((l) => l.startsWith(prefix)) + 1;
}

describe('brief check on content too long for its slides', () => {
  const r = runCli(['check', 'test/fixtures/layout/long'], repoRoot);
  const file = 'test/fixtures/layout/long/01-long.md';

  it('exits 0: shrinking and continuing are warnings, and nothing overflows', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('overflow');
    expect(r.stderr).toMatch(/checked \d+ slides \(\d+ warnings\)/);
  });

  it('reports the 40-bullet slide continued, at its heading', () => {
    expect(r.stderr).toContain(`${file}:${lineOf('## Forty points')}:1: warning: slide "Forty points" is too long for one slide: continued on`);
  });

  it('reports the 3,000-character paragraph split, at its line', () => {
    expect(r.stderr).toContain(`${file}:${lineOf('Relations between')}:1: warning: paragraph is longer than a slide: split across slides`);
  });

  it('reports the 60-row table continued with its header, at its line, and its shrink', () => {
    expect(r.stderr).toContain(`${file}:${lineOf('| Year |')}:1: warning: table of 60 rows is taller than the slide: continued on the next slide with its header repeated`);
    expect(r.stderr).toMatch(new RegExp(`${file}:${lineOf('| Year |')}:1: warning: table shrunk from 16 pt to [\\d.]+ pt to fit`));
  });

  it('reports the 80-character word broken across lines, at its line', () => {
    expect(r.stderr).toContain(`${file}:${lineOf('The next word')}:1: warning: word "InternationalCooperat…" (80 characters) is wider than the line and is broken across lines`);
  });

  it('gives every one of them a line in --json output too', () => {
    const json = JSON.parse(runCli(['check', 'test/fixtures/layout/long', '--json'], repoRoot).stdout) as { ok: boolean; output: string | null; diagnostics: { at?: { line?: number } }[] };
    expect(json.ok).toBe(true);
    expect(json.output).toBeNull();
    expect(json.diagnostics.length).toBeGreaterThan(4);
    expect(json.diagnostics.every((d) => (d.at?.line ?? 0) > 0)).toBe(true);
  });

  it('exits 1 on a layout error, such as an unknown icon, and writes nothing', () => {
    const dir = makeBriefing({ 'deck.yaml': 'title: Icons\n', '01.md': '## Cards\n\n### A {icon=heart-puls}\n\nx\n\n### B\n\ny\n' });
    const bad = runCli(['check', '.'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('01.md:3:1: error: unknown icon "heart-puls"');
    expect(bad.stderr).toContain('did you mean "heart-pulse"?');
    expect(existsSync(path.join(dir, 'output'))).toBe(false);
  });
});
