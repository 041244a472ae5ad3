import type { Block, SlideSource } from '../content/types.js';
import type { SlideKind } from '../deck/types.js';
import { type Diagnostic, didYouMean, error, warning } from '../diagnostics.js';
import { isSourceLine } from './slide.js';
import { MAX_CARDS } from './cards.js';

const FORCEABLE: SlideKind[] = ['bullets', 'cards', 'figures', 'quote', 'chart', 'table', 'columns', 'picture', 'closing'];

/**
 * Picks the slide kind from its content, unless a `{.kind}` class on the heading forces one.
 * Nothing written in `{…}` is dropped without a word: an unknown class, a second layout class, or
 * a key nothing reads is reported at its heading.
 */
export function chooseKind(source: SlideSource, diagnostics: Diagnostic[]): SlideKind {
  const forced: SlideKind[] = [];
  for (const cls of source.attrs.classes) {
    if ((FORCEABLE as string[]).includes(cls)) {
      if (!forced.includes(cls as SlideKind)) forced.push(cls as SlideKind);
      continue;
    }
    const guess = didYouMean(cls, FORCEABLE);
    diagnostics.push(warning(`unknown slide class ".${cls}" is ignored`, source.at, guess ? `did you mean ".${guess}"?` : `known classes: ${FORCEABLE.map((k) => '.' + k).join(' ')}`));
  }
  if (forced.length > 1) {
    diagnostics.push(
      error(
        `conflicting layout classes ${forced.map((k) => `.${k}`).join(' and ')}: a slide has one layout`,
        source.at,
        `keep one of them, e.g. {.${forced[0]}}; to show two things side by side use ::: columns`,
      ),
    );
  }
  for (const key of Object.keys(source.attrs.values)) {
    const written = key === 'id' ? `#${source.attrs.values[key]}` : `${key}=`;
    diagnostics.push(warning(`"${written}" on a slide heading is not used`, source.at, key === 'icon' ? 'icons go on the `###` headings of cards: ### Title {icon=leaf}' : 'a slide heading takes only a layout class such as {.cards}'));
  }
  const kind = forced[0] ?? kindFromContent(source, diagnostics);
  checkSubheadingAttrs(source.blocks, kind, diagnostics);
  return kind;
}

function kindFromContent(source: SlideSource, diagnostics: Diagnostic[]): SlideKind {
  const blocks = source.blocks.filter((b) => !isSourceLine(b));
  if (blocks.some((b) => b.type === 'chart')) return 'chart';
  const subheadings = blocks.filter((b) => b.type === 'subheading');
  if (subheadings.length >= 2 && subheadings.length <= MAX_CARDS) return 'cards';
  if (subheadings.length > MAX_CARDS) {
    // Several `###` are meant as cards; showing them as headed bullets would change their meaning.
    diagnostics.push(
      error(
        `${subheadings.length} \`###\` sub-headings on one slide: cards hold at most ${MAX_CARDS}`,
        subheadings[MAX_CARDS]!.at,
        `split them over two \`##\` slides of at most ${MAX_CARDS} cards each, or write {.bullets} on the \`##\` heading to show them as headed bullets`,
      ),
    );
    return 'bullets';
  }
  if (blocks.some((b) => b.type === 'columns')) return 'columns';
  if (blocks.length === 1 && blocks[0]!.type === 'quote') return 'quote';
  if (blocks.some((b) => b.type === 'table') && !blocks.some((b) => b.type === 'image')) return 'table';
  if (blocks.length === 1 && blocks[0]!.type === 'image') return 'picture';
  return 'bullets';
}

/** `### Title {icon=leaf}`: the icon is drawn on cards; anything else in the braces is unused. */
function checkSubheadingAttrs(blocks: readonly Block[], kind: SlideKind, diagnostics: Diagnostic[]): void {
  for (const b of blocks) {
    if (b.type === 'columns') for (const col of b.columns) checkSubheadingAttrs(col, kind, diagnostics);
    if (b.type !== 'subheading') continue;
    for (const cls of b.attrs.classes) {
      diagnostics.push(warning(`class ".${cls}" on a \`###\` sub-heading is not used`, b.at, FORCEABLE.includes(cls as SlideKind) ? `a layout class goes on the \`##\` slide heading: ## Title {.${cls}}` : 'remove it'));
    }
    for (const key of Object.keys(b.attrs.values)) {
      if (key === 'icon' && kind === 'cards') continue;
      diagnostics.push(warning(`"${key}=" on this \`###\` sub-heading is not used`, b.at, key === 'icon' ? 'icons are drawn on cards only: this slide is not a cards slide' : 'a `###` card heading takes only {icon=name}'));
    }
  }
}
