import type { SourcePoint } from '../diagnostics.js';
import type { DataSetSpec } from '../data/types.js';

/** Inline text as parsed from Markdown: no script/language yet (layout assigns that). */
export interface Inline {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  link?: string;
}

export interface Manifest {
  title: string;
  subtitle?: string;
  date?: string;
  author?: string;
  organization?: string;
  classification?: string;
  template?: string;
  /** Where the `template:` value was written. */
  templateAt?: SourcePoint;
  lang: string;
  sections?: string[];
  /** Where each `sections` entry was written. */
  sectionsAt?: SourcePoint[];
  data: Record<string, DataSetSpec>;
  /** Where each key was written, for diagnostics about values. */
  at: SourcePoint;
}

export interface ListItemBlock {
  runs: Inline[];
  level: number;
  at: SourcePoint;
}

export type Block =
  | { type: 'paragraph'; runs: Inline[]; at: SourcePoint }
  | { type: 'list'; ordered: boolean; items: ListItemBlock[]; at: SourcePoint }
  | { type: 'quote'; paragraphs: Inline[][]; attribution?: Inline[]; at: SourcePoint }
  | { type: 'chart'; yaml: string; at: SourcePoint; bodyAt: SourcePoint }
  | { type: 'code'; lang?: string; text: string; at: SourcePoint }
  | { type: 'table'; align: ('left' | 'center' | 'right' | null)[]; header: Inline[][]; rows: Inline[][][]; at: SourcePoint }
  | { type: 'image'; src: string; alt: string; title?: string; at: SourcePoint }
  | { type: 'subheading'; runs: Inline[]; attrs: HeadingAttrs; at: SourcePoint }
  | { type: 'columns'; columns: Block[][]; at: SourcePoint };

export interface HeadingAttrs {
  classes: string[];
  values: Record<string, string>;
}

/** One `#` (section divider) or `##` (content slide) with everything under it. */
export interface SlideSource {
  depth: 1 | 2;
  title: Inline[];
  attrs: HeadingAttrs;
  blocks: Block[];
  notes?: string;
  at: SourcePoint;
}

export interface Briefing {
  /** Absolute path of the briefing folder. */
  dir: string;
  manifest: Manifest;
  slides: SlideSource[];
}
