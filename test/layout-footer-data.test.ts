import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../src/content/manifest.js';
import { parseSection } from '../src/content/parse.js';
import { parseDataSet } from '../src/data/load.js';
import type { DataSets } from '../src/data/types.js';
import type { TextShape } from '../src/deck/types.js';
import { shownShapes } from '../src/deck/shown.js';
import { briefingToDeck } from '../src/layout/deck.js';
import { loadTemplate } from '../src/template/load.js';
import { makeBriefing } from './helpers/briefing.js';
import { sampleCsvPath } from './helpers/tools.js';

// Footers go through the same {{ }} engine as prose: deck and slide fields are names in it beside
// the datasets, and an error points at the template's footer entry.

const SAMPLE = readFileSync(sampleCsvPath, 'utf8');
const trade = parseDataSet('trade', { file: 'data/korea-china-trade.csv', at: { file: 'deck.yaml', line: 3 }, units: 'US$ bn' }, SAMPLE).dataset!;
const datasets: DataSets = new Map([['trade', trade]]);
/** The sample's 2024 total as the CSV writes it (the test reads it, it does not restate it). */
const total2024 = SAMPLE.split('\n').find((l) => l.startsWith('2024,'))!.split(',')[3]!;

function deckWith(footer: Record<string, string>) {
  const template = JSON.stringify({ extends: 'default', footer }, null, 2);
  const dir = makeBriefing({ 'templates/acme/template.json': template });
  const loaded = loadTemplate(path.join(dir, 'templates', 'acme'), { briefingDir: dir, cwd: dir });
  expect(loaded.diagnostics).toEqual([]);
  const { manifest } = parseManifest('title: Trade\nclassification: Internal\n', 'deck.yaml');
  const { slides } = parseSection('## One\n\n- a\n\n## Two\n\n- b\n', 's.md');
  return { template: loaded.template!, ...briefingToDeck({ dir, manifest: manifest!, slides }, datasets, loaded.template!) };
}

function footersOf(deck: ReturnType<typeof deckWith>['deck'], i: number) {
  return shownShapes(deck, deck.slides[i]!).filter((x): x is TextShape => x.kind === 'text' && x.role.startsWith('footer-'));
}

describe('template footers use the {{ }} engine of prose', () => {
  it('shows data, deck fields and the slide number (as a field) in one footer', () => {
    const { deck, diagnostics } = deckWith({
      left: '{{deck.title}} · {{ trade.total_usd_bn[2024] | format "0.0" }} {{ trade.units }}',
      center: '{{ deck.classification }}',
      right: '{{slide.number}} / {{slide.count}}',
    });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const last = deck.slides.length - 1;
    const shapes = footersOf(deck, last);
    const texts = shapes.map((s) => s.paragraphs[0]!.runs.map((r) => r.text).join(''));
    expect(texts[0]).toBe(`Trade · ${total2024} US$ bn`);
    expect(texts[1]).toBe('Internal');
    expect(texts[2]).toBe(`${last + 1} / ${deck.slides.length}`);
    expect(shapes[2]!.paragraphs[0]!.runs[0]).toMatchObject({ text: String(last + 1), field: 'slidenum' });
  });

  it('keeps the default template footer as it was', () => {
    const { deck, diagnostics } = deckWith({});
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const texts = footersOf(deck, 1).map((s) => s.paragraphs[0]!.runs.map((r) => r.text).join(''));
    expect(texts).toContain('2');
    expect(texts).toContain('Trade');
  });

  it('reports an unknown column once, at the footer entry of template.json, with a did-you-mean', () => {
    const { diagnostics } = deckWith({ left: 'Total {{ trade.totl_usd_bn[2024] }}' });
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    const e = errors[0]!;
    expect(e.message).toBe('{{ trade.totl_usd_bn[2024] }}: trade has no column "totl_usd_bn"');
    expect(e.hint).toMatch(/^did you mean "total_usd_bn"\?/);
    expect(e.at.file).toMatch(/templates\/acme\/template\.json$/);
    // the file is JSON.stringify(…, null, 2): "footer" on line 3, "left" on line 4, its text after `"left": "`
    const line = '    "left": "Total {{ trade.totl_usd_bn[2024] }}"';
    expect(e.at.line).toBe(4);
    expect(e.at.column).toBe(line.indexOf('{{') + 1);
  });

  it('reports a misspelt deck field through the same engine with the field names', () => {
    const template = JSON.stringify({ extends: 'default', footer: { left: '{{ slide.numbr }}' } });
    const dir = makeBriefing({ 'templates/acme/template.json': template });
    const loaded = loadTemplate(path.join(dir, 'templates', 'acme'), { briefingDir: dir, cwd: dir });
    expect(loaded.diagnostics.map((d) => `${d.message} | ${d.hint}`)).toEqual(['/footer/left: unknown field {{slide.numbr}} | did you mean {{slide.number}}?']);
  });
});
