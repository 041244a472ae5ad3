/**
 * What the Deck says and pptxgenjs 4.0.1 has no option for, recorded while rendering (render.ts)
 * for the fix-up pass to write (fixup/chart-marks.ts, fixup/slide-marks.ts): colours per point,
 * hidden series and given labels of charts, decorative shapes, slide-number fields.
 */
import type { ChartSpec } from '../../deck/types.js';

export interface SlideMarks {
  /** Object names (`p:cNvPr/@name`) of the shapes a screen reader should skip. */
  decorative: string[];
  /** Runs (counted from 0 in the shape's text) that hold the slide number, per object name. */
  fields: { name: string; runs: number[] }[];
}

export interface DeckMarks {
  /** Chart part (`ppt/charts/chart3.xml`) → the spec it was drawn from. */
  charts: Map<string, ChartSpec>;
  /** One entry per slide, in order. */
  slides: SlideMarks[];
  /** Object names of decorative shapes on the slide layouts (the logo). */
  layoutDecorative: string[];
}

export function emptyMarks(): DeckMarks {
  return { charts: new Map(), slides: [], layoutDecorative: [] };
}
