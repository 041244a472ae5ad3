import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { makeBriefing } from './helpers/briefing.js';
import { readPptxParts, slideNames } from './helpers/unzip.js';

/** Paragraphs of a slide part: whether each has a bullet, and its text. */
function paragraphs(xml: string): { bullet: boolean; text: string }[] {
  return [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((m) => ({
    bullet: /<a:buChar/.test(m[1]!),
    text: [...m[1]!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]).join(''),
  }));
}

describe('body text and the layout body placeholder', () => {
  it('a slide that opens with a plain paragraph gets no bullet on it; bullet slides keep theirs in the placeholder', async () => {
    const dir = makeBriefing({
      'deck.yaml': 'title: T\n',
      '01.md': '## Prose\n\nA plain opening paragraph.\n\n- then a bullet\n\n## Bullets\n\n- first bullet\n- second bullet\n',
    });
    const out = path.join(dir, 'out.pptx');
    const result = await build({ dir, output: out, cwd: dir });
    expect(result.ok).toBe(true);
    const parts = readPptxParts(out);
    const [, prose, bullets] = slideNames(parts).map((n) => parts.get(n)!);
    const p = paragraphs(prose!);
    expect(p.find((x) => x.text === 'A plain opening paragraph.')).toEqual({ bullet: false, text: 'A plain opening paragraph.' });
    expect(p.find((x) => x.text === 'then a bullet')?.bullet).toBe(true);
    expect(bullets).toMatch(/<p:ph[^>]*type="body"/);
    expect(paragraphs(bullets!).filter((x) => x.text.endsWith('bullet')).every((x) => x.bullet)).toBe(true);
  });
});
