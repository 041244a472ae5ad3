import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINIMAL, makeBriefing, runCli } from './helpers/briefing.js';

const NO_STACK = /\n\s+at .+:\d+:\d+\)?\n|internal error/;

/** Builds a good deck to out.pptx, breaks the briefing, builds again: the good deck must be unchanged. */
function expectFailureKeepsDeck(files: Record<string, string>, breakIt: (dir: string) => void, args: string[] = []) {
  const dir = makeBriefing({ ...MINIMAL, ...files });
  const out = path.join(dir, 'out.pptx');
  const good = runCli(['build', '.', '-o', out, ...args], dir);
  expect(good.code, good.stderr).toBe(0);
  const before = readFileSync(out);
  breakIt(dir);
  const bad = runCli(['build', '.', '-o', out, ...args], dir);
  expect(bad.code).toBe(1);
  expect(bad.stderr).not.toMatch(NO_STACK);
  expect(bad.stderr).toContain('no deck was written');
  expect(readFileSync(out).equals(before)).toBe(true);
  return bad;
}

describe('brief CLI', () => {
  it('builds a minimal briefing and says where the deck went', () => {
    const dir = makeBriefing(MINIMAL);
    const r = runCli(['build', '.'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/built \d+ slides → output\/minimal-deck\.pptx/);
    expect(existsSync(path.join(dir, 'output/minimal-deck.pptx'))).toBe(true);
  });

  it('inside a briefing folder (deck.yaml, no content/), build and check without [dir] take that folder', () => {
    const dir = makeBriefing(MINIMAL);
    const built = runCli(['build'], dir);
    expect(built.code, built.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'output/minimal-deck.pptx'))).toBe(true);
    expect(runCli(['check'], dir).code).toBe(0);
    // where there is no deck.yaml, the default stays ./content, and its absence is the error
    const empty = makeBriefing({});
    const r = runCli(['build'], empty);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('briefing folder "content" not found');
  });

  it('reports a missing content folder with exit 1 and no stack trace', () => {
    const dir = makeBriefing({});
    const r = runCli(['build', 'nope'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nope: error: briefing folder "nope" not found');
    expect(r.stderr).toContain('hint:');
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it('names line and column of malformed deck.yaml and keeps the good deck', () => {
    const r = expectFailureKeepsDeck({}, (dir) => writeFileSync(path.join(dir, 'deck.yaml'), 'title: Minimal deck\nsubtitle: "unclosed\n'));
    expect(r.stderr).toContain('deck.yaml:2:11: error: malformed YAML');
  });

  it('suggests the right key for an unknown manifest key', () => {
    const r = expectFailureKeepsDeck({}, (dir) => writeFileSync(path.join(dir, 'deck.yaml'), 'title: Minimal deck\nclasification: x\n'));
    expect(r.stderr).toContain('deck.yaml:2:1: error: unknown key "clasification" in deck.yaml');
    expect(r.stderr).toContain('did you mean "classification"?');
  });

  it('lists available templates for an unknown template', () => {
    const r = expectFailureKeepsDeck({}, (dir) => writeFileSync(path.join(dir, 'deck.yaml'), 'title: Minimal deck\ntemplate: defualt\n'));
    expect(r.stderr).toContain('error: template "defualt" not found');
    expect(r.stderr).toContain('did you mean "default"?');
  });

  it('names a missing section file at its line in deck.yaml', () => {
    const r = expectFailureKeepsDeck({}, (dir) => writeFileSync(path.join(dir, 'deck.yaml'), 'title: Minimal deck\nsections:\n  - 01-a.md\n  - 02-b.md\n'));
    expect(r.stderr).toContain('deck.yaml:4:5: error: section file "02-b.md" not found');
  });

  it('exits 2 on a usage error', () => {
    const dir = makeBriefing(MINIMAL);
    const r = runCli(['build', '--no-such-flag'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option/);
  });

  it('prints help with examples, and the version', () => {
    const dir = makeBriefing({});
    const help = runCli(['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('brief build briefings/q3 -o q3.pptx');
    const version = runCli(['--version'], dir);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('prints diagnostics as JSON with --json', () => {
    const dir = makeBriefing({ ...MINIMAL, 'deck.yaml': 'title: Minimal deck\nauthr: x\n' });
    const r = runCli(['build', '.', '--json'], dir);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { ok: boolean; diagnostics: { severity: string; message: string; at: { line: number } }[] };
    expect(json.ok).toBe(false);
    expect(json.diagnostics[0]).toMatchObject({ severity: 'error', message: 'unknown key "authr" in deck.yaml', at: { line: 2 } });
  });

  it('check validates without writing a deck', () => {
    const dir = makeBriefing(MINIMAL);
    const r = runCli(['check', '.'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/checked \d+ slides/);
    expect(existsSync(path.join(dir, 'output'))).toBe(false);
  });
});
