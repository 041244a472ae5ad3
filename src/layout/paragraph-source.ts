import type { Paragraph } from '../deck/types.js';
import type { SourcePoint } from '../diagnostics.js';

/**
 * Where each paragraph was written, kept beside the Deck rather than in it: warnings about a shrink
 * or a split name the line of the very bullet or paragraph, while the Deck stays plain output.
 */
const sources = new WeakMap<Paragraph, SourcePoint>();

export function withSource<T extends Paragraph>(p: T, at: SourcePoint | undefined): T {
  if (at) sources.set(p, at);
  return p;
}

export function sourceOf(p: Paragraph): SourcePoint | undefined {
  return sources.get(p);
}
