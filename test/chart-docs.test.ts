import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseDataSet } from '../src/data/load.js';
import { chartBlockToSpec } from '../src/layout/chart.js';
import { THEME, datasets } from './chart-helpers.js';

/** The waterfall example's data: the manual's example briefing (test/fixtures/charts-doc). */
function withBridge() {
  const sets = datasets();
  const file = new URL('./fixtures/charts-doc/data/balance-bridge.csv', import.meta.url);
  const { dataset } = parseDataSet('bridge', { file: 'data/balance-bridge.csv', units: 'US$ bn', at: { file: 'deck.yaml', line: 1 } }, readFileSync(file, 'utf8'));
  sets.set('bridge', dataset!);
  return sets;
}

it('every chart example in docs/charts.md builds without errors or warnings', () => {
  const doc = readFileSync(new URL('../docs/charts.md', import.meta.url), 'utf8');
  const blocks = [...doc.matchAll(/```chart\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks.length).toBeGreaterThan(10);
  for (const yaml of blocks) {
    const r = chartBlockToSpec(yaml, { file: 'docs/charts.md', line: 1 }, withBridge(), THEME);
    expect(r.diagnostics, yaml).toEqual([]);
    expect(r.spec, yaml).toBeDefined();
  }
});
