import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as full from 'culori';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/tools.js';

/**
 * brief's culori (src/template/culori.ts: culori/fn with only the colour spaces brief uses) against
 * culori's main entry. Both share culori's registry of colour spaces, and the main entry fills it
 * with all of them: brief's module is run in a process of its own (compiled, dist/), where a
 * colour space it forgot to register would show.
 */
const hex = fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`);
const pairs = fc.sample(fc.tuple(hex, hex, fc.double({ min: 0, max: 1, noNaN: true })), { numRuns: 300, seed: 14 });
const names = ['red', 'rebeccapurple', 'rgb(10, 20, 30)', '#abc', 'transparent'];

const script = `
import { differenceCiede2000, formatHex, interpolate, oklch, parse, wcagContrast } from ${JSON.stringify(pathToFileURL(path.join(repoRoot, 'dist/template/culori.js')).href)};
const [pairs, names] = JSON.parse(process.argv[1]);
const deltaE = differenceCiede2000();
process.stdout.write(JSON.stringify({
  rows: pairs.map(([a, b, t]) => {
    const c = oklch(parse(a));
    return { contrast: wcagContrast(a, b), deltaE: deltaE(parse(a), parse(b)), oklch: c, shade: formatHex({ ...c, l: t }), mix: formatHex(interpolate([a, b], 'rgb')(t)) };
  }),
  names: names.map((s) => formatHex(parse(s))),
}));
`;
const mine = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify([pairs, names])], { encoding: 'utf8' })) as {
  rows: { contrast: number; deltaE: number; oklch: unknown; shade: string; mix: string }[];
  names: string[];
};

describe("brief's culori (only the colour spaces it uses) against culori's main entry", () => {
  const deltaE = full.differenceCiede2000();
  it('gives the same WCAG contrast', () => {
    expect(mine.rows.map((r) => r.contrast)).toEqual(pairs.map(([a, b]) => full.wcagContrast(a, b)));
  });

  it('gives the same CIEDE2000 difference', () => {
    expect(mine.rows.map((r) => r.deltaE)).toEqual(pairs.map(([a, b]) => deltaE(full.parse(a)!, full.parse(b)!)));
  });

  it('gives the same OKLCH, and the same hex for a lighter or darker shade of it', () => {
    // JSON drops what is undefined (the hue of a grey), as it does for the main entry's answer below
    expect(mine.rows.map((r) => r.oklch)).toEqual(pairs.map(([a]) => JSON.parse(JSON.stringify(full.oklch(full.parse(a)!)))));
    expect(mine.rows.map((r) => r.shade)).toEqual(pairs.map(([a, , t]) => full.formatHex({ ...full.oklch(full.parse(a)!)!, l: t })));
  });

  it('interpolates in RGB to the same hex', () => {
    expect(mine.rows.map((r) => r.mix)).toEqual(pairs.map(([a, b, t]) => full.formatHex(full.interpolate([a, b], 'rgb')(t))));
  });

  it('reads colour names and rgb() as the main entry does', () => {
    expect(mine.names).toEqual(names.map((s) => full.formatHex(full.parse(s))));
  });
});
