import type { Deck, Shape, Slide } from './types.js';

/**
 * Everything a reader sees on a slide, bottom first: the shapes of its layout's master (logo,
 * footer text the same on every slide), then the slide's own. What accessibility checks and tests
 * look at; each renderer draws the two parts in its own place.
 */
export function shownShapes(deck: Pick<Deck, 'masters'>, slide: Slide): Shape[] {
  const master = deck.masters?.find((m) => m.layout === slide.layout);
  return master?.shapes.length ? [...master.shapes, ...slide.shapes] : slide.shapes;
}
