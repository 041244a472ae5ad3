/** The words brief writes itself follow the deck's `lang`: source label, continued titles, chart alt text. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { ChartShape, Deck, TextShape } from '../src/deck/types.js';
import { makeBriefing } from './helpers/briefing.js';
import { repoRoot } from './helpers/tools.js';

const CSV = readFileSync(path.join(repoRoot, 'content/data/korea-china-trade.csv'), 'utf8');
const many = Array.from({ length: 40 }, (_, i) => `- point ${i + 1} of a list long enough to continue on another slide`).join('\n');

async function deckIn(lang: string): Promise<Deck> {
  const dir = makeBriefing({
    'deck.yaml': `title: Words\nlang: ${lang}\ndata:\n  trade:\n    file: data/trade.csv\n    source: MOTIE\n    units: US$ bn\n`,
    'data/trade.csv': CSV,
    '01.md': `## Trade\n\n\`\`\`chart\ndata: trade\nseries: [{ column: total_usd_bn, label: Total trade }]\nformat: '#,##0.0'\n\`\`\`\n\n## Long\n\n${many}\n`,
  });
  const r = await build({ dir, cwd: dir, write: false });
  expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
  return r.deck!;
}

const sourceLine = (deck: Deck) => deck.slides.flatMap((s) => s.shapes).find((s): s is TextShape => s.kind === 'text' && s.role === 'source')!.paragraphs[0]!.runs.map((r) => r.text).join('');
const alt = (deck: Deck) => deck.slides.flatMap((s) => s.shapes).find((s): s is ChartShape => s.kind === 'chart')!.chart.alt;
const titles = (deck: Deck) => deck.slides.map((s) => s.title);

describe('words brief writes follow lang', () => {
  it('en', async () => {
    const deck = await deckIn('en');
    expect(sourceLine(deck)).toBe('Source: MOTIE');
    expect(titles(deck)).toContain('Long (cont.)');
    expect(alt(deck)).toBe('Column chart of Total trade, US$ bn, 2015–2024: lowest 211.4 in 2016, highest 310.4 in 2022, 272.9 in 2024, up 20% over the period');
  });

  it('ko', async () => {
    const deck = await deckIn('ko');
    expect(sourceLine(deck)).toBe('출처: MOTIE');
    expect(titles(deck)).toContain('Long (계속)');
    expect(alt(deck)).toBe('Total trade 세로 막대형 차트, US$ bn, 2015–2024: 최저 211.4(2016), 최고 310.4(2022), 2024 272.9, 기간 중 20% 증가');
  });

  it('zh', async () => {
    const deck = await deckIn('zh-CN');
    expect(sourceLine(deck)).toBe('来源：MOTIE');
    expect(titles(deck)).toContain('Long（续）');
    expect(alt(deck)).toBe('Total trade柱形图，US$ bn，2015–2024：最低 211.4（2016），最高 310.4（2022），2024 为 272.9，期间上升 20%');
  });
});
