/**
 * What the Deck says and pptxgenjs 4.0.1 has no option for, recorded while rendering (render.ts)
 * for the fix-up pass to write (fixup/chart-marks.ts, fixup/slide-marks.ts): colours per point,
 * hidden series and given labels of charts, decorative shapes, slide-number fields.
 */
import type { ChartSpec, ThemeColorRef } from '../../deck/types.js';

/** Runs (counted from 0 in a shape's or cell's text, one `a:r` each) drawn in a theme colour. */
export interface RunColors {
  runs: { index: number; ref: ThemeColorRef }[];
}

/** Theme colours of one shape of a slide, which pptxgenjs can only write as `a:srgbClr`. */
export interface ShapeColors {
  /** Position among the objects of the slide's shape tree (`p:spTree` children), from 0. */
  index: number;
  /** Its object name (`p:cNvPr/@name`), checked before anything is written. */
  name: string;
  fill?: ThemeColorRef;
  text?: RunColors;
  /** A table's cells in reading order (row by row). */
  cells?: { fill?: ThemeColorRef; border?: ThemeColorRef; text?: RunColors }[];
}

export interface SlideMarks {
  /** Object names (`p:cNvPr/@name`) of the shapes a screen reader should skip. */
  decorative: string[];
  /** Runs (counted from 0 in the shape's text) that hold the slide number, per object name. */
  fields: { name: string; runs: number[] }[];
  /** Shapes with theme colours (on a PowerPoint-file template). */
  colors?: ShapeColors[];
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
