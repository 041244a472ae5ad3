import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeBriefing, runCli } from './helpers/briefing.js';

const CSV = 'year,exports,imports,status\n2015,137.1,90.3,ok\n2016,124.4,87.0,ok\n2017,142.1,97.9,ok\n';
const DECK = 'title: Data deck\ndata:\n  trade: { file: data/trade.csv, source: Test source }\n';
const CHART = (body: string) => `## Chart\n\n\`\`\`chart\n${body}\n\`\`\`\n`;

/** Good build first, then the broken input: exit 1, the message at its place, and the good deck untouched. */
function failing(files: Record<string, string>): { stderr: string } {
  const dir = makeBriefing({ 'deck.yaml': DECK, 'data/trade.csv': CSV, '01.md': CHART('type: column\ndata: trade\ny: exports') });
  const out = path.join(dir, 'out.pptx');
  const good = runCli(['build', '.', '-o', out], dir);
  expect(good.code, good.stderr).toBe(0);
  const before = readFileSync(out);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  const bad = runCli(['build', '.', '-o', out], dir);
  expect(bad.code, bad.stderr).toBe(1);
  expect(bad.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  expect(readFileSync(out).equals(before)).toBe(true);
  return bad;
}

describe('bad data and charts (DESIGN.md §5) end to end', () => {
  it('a non-numeric cell in a numeric column: file, line, column and the value', () => {
    const r = failing({ 'data/trade.csv': CSV.replace('87.0', '8x7') });
    expect(r.stderr).toMatch(/data\/trade\.csv:3:\d+: error: .*column "imports".*"8x7" is not a number/);
  });

  it('a ragged row', () => {
    const r = failing({ 'data/trade.csv': CSV.replace('2016,124.4,87.0,ok', '2016,124.4,87.0') });
    expect(r.stderr).toMatch(/data\/trade\.csv:3:\d+: error: this row has 3 values but the header has 4 columns/);
  });

  it('a duplicate category names both lines', () => {
    const r = failing({ 'data/trade.csv': CSV.replace('2017,', '2016,') });
    expect(r.stderr).toMatch(/data\/trade\.csv:4:1: error: duplicate category "2016" in column "year": lines 3 and 4/);
  });

  it('an empty dataset', () => {
    const r = failing({ 'data/trade.csv': '' });
    expect(r.stderr).toMatch(/data\/trade\.csv:1:1: error: .*is empty/);
  });

  it('a missing data file is named at its line in deck.yaml', () => {
    const r = failing({ 'deck.yaml': DECK.replace('data/trade.csv', 'data/trad.csv') });
    expect(r.stderr).toMatch(/deck\.yaml:3:18: error: data file "data\/trad\.csv" for dataset "trade" not found/);
  });

  it('a chart naming an unknown dataset suggests the right one', () => {
    const r = failing({ '01.md': CHART('type: column\ndata: trad\ny: exports') });
    expect(r.stderr).toMatch(/01\.md:5:7: error: .*trad/);
    expect(r.stderr).toContain('did you mean');
  });

  it('a chart naming an unknown column suggests the right one', () => {
    const r = failing({ '01.md': CHART('type: column\ndata: trade\ny: exprts') });
    expect(r.stderr).toMatch(/01\.md:6:\d+: error: .*exprts/);
    expect(r.stderr).toContain('exports');
  });

  it('an unsupported chart type', () => {
    const r = failing({ '01.md': CHART('type: radar\ndata: trade\ny: exports') });
    expect(r.stderr).toMatch(/01\.md:4:7: error: .*radar/);
  });

  it('an unknown {{ }} reference is an error at its line and column', () => {
    const r = failing({ '01.md': CHART('type: column\ndata: trade\ny: exports') + '\n- Exports were {{ trade.exports[2099] }}\n' });
    expect(r.stderr).toMatch(/01\.md:9:16: error: .*2099/);
  });
});
