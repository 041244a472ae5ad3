import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { Box, Deck } from '../src/deck/types.js';
import { makeBriefing } from './helpers/briefing.js';
import { repoRoot } from './helpers/tools.js';

const CARDS = '## Areas {.cards}\n\n### One\n\n- a\n\n### Two\n\n- b\n\n### Three\n\n- c\n';

async function cardBoxes(spacing?: Record<string, number>): Promise<{ deck?: Deck; messages: string[] }> {
  const dir = makeBriefing({ 'deck.yaml': 'title: T\ntemplate: spaced\n', '01.md': CARDS });
  const tpl = path.join(dir, 'templates/spaced');
  cpSync(path.join(repoRoot, 'templates/default'), tpl, { recursive: true });
  const json = JSON.parse(readFileSync(path.join(tpl, 'template.json'), 'utf8')) as { layouts: Record<string, { spacing?: unknown }> };
  if (spacing) json.layouts['cards']!.spacing = spacing;
  writeFileSync(path.join(tpl, 'template.json'), JSON.stringify(json));
  const result = await build({ dir, cwd: dir, write: false });
  return { deck: result.deck, messages: result.diagnostics.map((d) => `${d.severity}: ${d.message}`) };
}

const boxesOf = (deck: Deck, role: string): Box[] => deck.slides.flatMap((s) => s.shapes.filter((x) => x.role === role).map((x) => x.box));

describe('layout spacing comes from the template', () => {
  it('gap, padding, accent height and icon size of cards follow `spacing`', async () => {
    const base = (await cardBoxes()).deck!;
    const wide = (await cardBoxes({ gap: 0.6, padding: 0.4, accent: 0.2 })).deck!;
    const [a, b] = boxesOf(base, 'card');
    const [c, d] = boxesOf(wide, 'card');
    expect(b!.x - (a!.x + a!.w)).toBeCloseTo(0.3, 3);
    expect(d!.x - (c!.x + c!.w)).toBeCloseTo(0.6, 3);
    expect(boxesOf(wide, 'card-accent')[0]!.h).toBe(0.2);
    expect(boxesOf(wide, 'card-body')[0]!.x - c!.x).toBeCloseTo(0.4, 3);
  });

  it('an unknown spacing key is an error with its JSON path', async () => {
    const { deck, messages } = await cardBoxes({ gutter: 1 } as Record<string, number>);
    expect(deck).toBeUndefined();
    expect(messages.join('\n')).toMatch(/error: \/layouts\/cards\/spacing(\/gutter)?: unknown key "gutter"/);
  });
});
