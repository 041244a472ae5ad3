import type { BaseLayout, Box, GraftPlan } from '../deck/types.js';
import type { SourcePoint } from '../diagnostics.js';
import type { TemplateColorRefs } from './theme-refs.js';

/** A text style as written in template.json: colours may name a theme colour. */
export interface TemplateTextStyle {
  font?: 'heading' | 'body' | 'mono';
  size: number;
  color: string;
  /** The theme colour `color` names (`"primary"`), when it names one rather than a hex value. */
  colorName?: string;
  bold?: boolean;
  italic?: boolean;
  align?: 'left' | 'center' | 'right';
  valign?: 'top' | 'middle' | 'bottom';
  lineSpacing?: number;
  spaceAfter?: number;
  /** Inner margin in inches; default 0.05. */
  inset?: number;
  /** Inner margins per side (inches); override `inset`. */
  insets?: { top: number; right: number; bottom: number; left: number };
  /** A font family by name for this text alone (a placeholder's own face); overrides `font`. */
  face?: string;
  /** The East Asian face for this text alone; default the template's `fonts.eastAsian`. */
  eastAsianFace?: string;
  /** Smallest size this text may shrink to; default the template's `minFontSize`. */
  minSize?: number;
}

export interface TemplateLayout {
  background?: string;
  regions: Record<string, Box>;
  styles: Record<string, TemplateTextStyle>;
  /** Whether the master footer and logo are drawn on this layout. */
  footer?: boolean;
  logo?: boolean;
  /** Spacing inside the layout (inches); each part has a default in the layout stage. */
  spacing?: LayoutSpacing;
}

export interface LayoutSpacing {
  gap?: number;
  padding?: number;
  accent?: number;
  icon?: number;
  side?: number;
}

export interface ThemeColors {
  background: string;
  surface: string;
  text: string;
  muted: string;
  primary: string;
  onPrimary: string;
  accents: string[];
  positive: string;
  negative: string;
  highlight: string;
  grid: string;
  link: string;
  chart: string[];
  [name: string]: string | string[];
}

export interface Template {
  name: string;
  description: string;
  /** Absolute folder the template was loaded from; assets resolve inside it. */
  dir: string;
  /** Every file the template is made of (its template.json, those it extends, the logo): what a watcher watches. */
  files?: string[];
  slide: { width: number; height: number };
  colors: ThemeColors;
  fonts: { heading: string; body: string; eastAsian: string; mono: string };
  /** Where each font was written (file, line), for diagnostics about it. */
  fontsAt?: Partial<Record<'heading' | 'body' | 'eastAsian' | 'mono', SourcePoint>>;
  /** Smallest size (pt) body text may shrink to before it continues on a new slide. */
  minFontSize: number;
  /** What `brief check` holds text contrast to, when the template asks for more (or less) than WCAG AA. */
  accessibility?: { contrast?: number; largeTextContrast?: number };
  /** Where each footer text was written (file, line, column of its first character), for its `{{ }}` errors. */
  footerAt?: Partial<Record<'left' | 'center' | 'right', SourcePoint>>;
  footer?: {
    box: Box;
    left?: string;
    center?: string;
    right?: string;
    style: TemplateTextStyle;
  };
  logo?: { file: string; box: Box; alt?: string };
  layouts: Record<string, TemplateLayout>;
  /** A template made from a PowerPoint file: the file and the layout of it each slide kind uses. */
  base?: TemplateBase;
}

export interface TemplateBase {
  file: string;
  layouts: Record<string, BaseLayout>;
  /** Why each kind got its layout, for `brief template inspect`. */
  reasons: Record<string, string>;
  /**
   * The theme slot each colour of `colors` comes from (by colour name), for colours the file's theme
   * decides and template.json does not override: brief's shapes reference them as theme colours.
   */
  colorRefs?: TemplateColorRefs;
  /** What grafting the file into a deck needs, read with the rest (and cached with it). */
  plan?: GraftPlan;
}
