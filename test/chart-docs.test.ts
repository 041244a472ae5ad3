import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { chartBlockToSpec } from '../src/layout/chart.js';
import { THEME, datasets } from './chart-helpers.js';

it('every chart example in docs/charts.md builds without errors or warnings', () => {
  const doc = readFileSync(new URL('../docs/charts.md', import.meta.url), 'utf8');
  const blocks = [...doc.matchAll(/```chart\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks.length).toBeGreaterThan(10);
  for (const yaml of blocks) {
    const r = chartBlockToSpec(yaml, { file: 'docs/charts.md', line: 1 }, datasets(), THEME);
    expect(r.diagnostics, yaml).toEqual([]);
    expect(r.spec, yaml).toBeDefined();
  }
});
