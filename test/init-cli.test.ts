import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { makeBriefing, runCli } from './helpers/briefing.js';
import { sampleCsvPath } from './helpers/tools.js';

const NO_STACK = /\n\s+at .+:\d+:\d+\)?\n|internal error/;

describe('brief init', () => {
  it('creates a briefing that builds at once, without warnings, with a chart, cards and notes', async () => {
    const cwd = makeBriefing({});
    const r = runCli(['init', 'my-briefing'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('created my-briefing/');
    expect(r.stderr).toContain('brief watch my-briefing');
    const dir = path.join(cwd, 'my-briefing');
    expect(readdirSync(dir).sort()).toEqual(['01-overview.md', '02-the-numbers.md', 'data', 'deck.yaml']);

    const b = runCli(['build', 'my-briefing', '--html'], cwd);
    expect(b.code, b.stderr).toBe(0);
    // nothing to warn about in the starter's own files (a template may have its own warnings)
    expect(b.stderr).not.toMatch(/my-briefing\/[^\n]*: warning/);
    expect(existsSync(path.join(cwd, 'output/quarterly-briefing.pptx'))).toBe(true);
    expect(existsSync(path.join(cwd, 'output/quarterly-briefing.html'))).toBe(true);

    const result = await build({ dir, cwd, write: false });
    expect(result.diagnostics.filter((d) => d.at?.file.startsWith('my-briefing'))).toEqual([]);
    const kinds = result.deck!.slides.map((s) => s.kind);
    expect(kinds).toContain('chart');
    expect(kinds).toContain('cards');
    expect(kinds.filter((k) => k === 'section')).toHaveLength(2);
    expect(result.deck!.slides.some((s) => s.notes?.includes('press n'))).toBe(true);
    // numbers in prose come from the dataset
    const bullets = JSON.stringify(result.deck!.slides.find((s) => s.title === 'The year at a glance'));
    expect(bullets).toContain('US$168m in the fourth quarter');
    // the long-format dataset is the sample's trade series reshaped (no new figures), charted through transform:
    const sample = readFileSync(sampleCsvPath, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const long = readFileSync(path.join(dir, 'data/korea-china-trade-long.csv'), 'utf8').trim().split('\n');
    expect(long).toEqual(['year,flow,value_usd_bn', ...sample.flatMap((r) => [`${r[0]},exports,${r[1]}`, `${r[0]},imports,${r[2]}`])]);
    const chart = result.deck!.slides.flatMap((s) => s.shapes).find((s) => s.kind === 'chart' && s.chart.series[0]?.name === 'Exports to China');
    expect(chart && chart.kind === 'chart' ? chart.chart.categories : []).toEqual(['2019', '2020', '2021', '2022', '2023', '2024']);
    expect(chart && chart.kind === 'chart' ? chart.chart.series.map((s) => s.values) : []).toEqual([
      sample.slice(4).map((r) => Number(r[1])),
      sample.slice(4).map((r) => Number(r[2])),
    ]);
  });

  it('writes into an existing empty folder', () => {
    const cwd = makeBriefing({});
    const r = runCli(['init', '.'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(cwd, 'deck.yaml'))).toBe(true);
  });

  it('refuses a folder that is not empty and changes nothing in it', () => {
    const cwd = makeBriefing({ 'notes.txt': 'mine' });
    const r = runCli(['init', '.'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: "." is not empty (1 entry); brief init writes only into a new or empty folder');
    expect(r.stderr).toContain('hint:');
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(readdirSync(cwd)).toEqual(['notes.txt']);
    expect(readFileSync(path.join(cwd, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('refuses a path that is a file, and needs a folder name', () => {
    const cwd = makeBriefing({ taken: 'x' });
    const r = runCli(['init', 'taken'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"taken" exists and is not a folder');
    expect(runCli(['init'], cwd).code).toBe(2);
  });
});
