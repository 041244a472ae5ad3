import type { SlideSource } from '../content/types.js';
import type { SlideKind } from '../deck/types.js';
import { type Diagnostic, didYouMean, warning } from '../diagnostics.js';
import { isSourceLine } from './slide.js';

const FORCEABLE: SlideKind[] = ['bullets', 'cards', 'figures', 'quote', 'chart', 'table', 'columns', 'picture', 'closing'];

/** Picks the slide kind from its content, unless a `{.kind}` class on the heading forces one. */
export function chooseKind(source: SlideSource, diagnostics: Diagnostic[]): SlideKind {
  for (const cls of source.attrs.classes) {
    if ((FORCEABLE as string[]).includes(cls)) return cls as SlideKind;
    const guess = didYouMean(cls, FORCEABLE);
    diagnostics.push(warning(`unknown slide class ".${cls}"`, source.at, guess ? `did you mean ".${guess}"?` : `known classes: ${FORCEABLE.map((k) => '.' + k).join(' ')}`));
  }
  const blocks = source.blocks.filter((b) => !isSourceLine(b));
  if (blocks.some((b) => b.type === 'chart')) return 'chart';
  const subheadings = blocks.filter((b) => b.type === 'subheading').length;
  if (subheadings >= 2 && subheadings <= 4) return 'cards';
  if (blocks.some((b) => b.type === 'columns')) return 'columns';
  if (blocks.length === 1 && blocks[0]!.type === 'quote') return 'quote';
  if (blocks.some((b) => b.type === 'table') && !blocks.some((b) => b.type === 'image')) return 'table';
  if (blocks.length === 1 && blocks[0]!.type === 'image') return 'picture';
  return 'bullets';
}
