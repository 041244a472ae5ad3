/**
 * The contract between the fix-up driver (index.ts) and the repair modules beside it. A module
 * imports this file and package.ts/xml.ts, never the driver, so the driver can list every module.
 */
import type { Deck, DeckTheme } from '../../../deck/types.js';
import type { DeckMarks } from '../marks.js';
import { type Deflated, type PptxPackage, summarize } from './package.js';

export type ThemeScheme = DeckTheme['colors'];

/** A FixupReport is a FixupOptions too: pass one to collect the repairs. */
export interface FixupOptions {
  /** Receives the human-readable list of what was repaired. */
  repairs?: string[];
  /** Typeface for the theme's East Asian font slots, which pptxgenjs leaves empty. */
  eastAsianFont?: string;
  /** The template's colours for the slide master's theme (not a repair: pptxgenjs has no way to set them). */
  themeColors?: ThemeScheme;
  /** A deck on a PowerPoint file (deck.base): the file's masters and layouts are grafted in (graft.ts). */
  graft?: Pick<Deck, 'slides' | 'base'>;
  /** What the Deck says and pptxgenjs cannot write (chart-marks.ts, slide-marks.ts), recorded by render.ts. */
  marks?: DeckMarks;
}

export interface FixupReport {
  /** Human-readable list of what was repaired (for tests and debugging). */
  repairs: string[];
}

export interface FixupContext {
  readonly pkg: PptxPackage;
  readonly options: FixupOptions;
  /**
   * Parts no repair may change: a template file's own masters, layouts, themes and media, copied in
   * byte for byte (graft.ts). The part pass skips them.
   */
  readonly frozen: Set<string>;
  /**
   * Parts whose DEFLATE bytes are known already (a template file's parts, as the file holds them):
   * the zip writer uses them while the part's content is still theirs.
   */
  readonly deflated: Map<string, Deflated>;
}

/**
 * One family of defects. Every hook is optional; the driver calls, in the order of its list:
 * every `before`, then one pass over the parts in which each part matching `parts` is decoded once
 * and handed through every interested `part` hook in turn, then every `after`.
 */
export interface Repair {
  /** Short name, for reading the driver's list and for error messages. */
  readonly name: string;
  /**
   * Package-level work before the part pass: adding, copying or removing parts, changing
   * relationships (a part added here goes through the part pass like any other).
   */
  before?(ctx: FixupContext): void;
  /** Package paths (e.g. `/^ppt\/charts\/chart\d+\.xml$/`) of the XML parts `part` wants. */
  readonly parts?: RegExp;
  /**
   * One part's current text (earlier repairs' edits included); returns the repaired text, or the
   * same string when nothing needs repair. Must not read or write other parts' text through
   * `ctx.pkg` (their turn may not have come yet); relationships of the part may be read.
   */
  part?(xml: string, name: string, ctx: FixupContext): string;
  /** Package-level work after the part pass (what depends on every part: content types, reports). */
  after?(ctx: FixupContext): void;
}

/** Makes a repair with fresh state (counters) for one run; undefined when the options turn it off. */
export type RepairFactory = (options: FixupOptions) => Repair | undefined;

/** Counts edits per part for one line of the report, as the repairs of one kind add up. */
export class Tally {
  count = 0;
  readonly parts: string[] = [];

  constructor(private readonly describe: (count: number) => string) {}

  add(part: string, count: number): void {
    if (count === 0) return;
    this.count += count;
    if (this.parts[this.parts.length - 1] !== part) this.parts.push(part);
  }

  report(pkg: PptxPackage): void {
    if (this.count > 0) pkg.note(`${this.describe(this.count)} in ${summarize(this.parts)}`);
  }
}
