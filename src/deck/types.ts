import type { SourcePoint } from '../diagnostics.js';

/**
 * The Deck is plain JSON: every decision (layout, fit, colour) is already made, so that the
 * PPTX and HTML renderers only translate. Measurements in inches, colours as hex without '#'.
 */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type ScriptLang = 'ko-KR' | 'zh-CN' | 'ja-JP';

export interface TextRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  /** http, https or mailto only; anything else is dropped before it gets here. */
  link?: string;
  /** Set where the run holds Hangul/Hanzi/Kana, so PowerPoint picks the East Asian font and proofing. */
  lang?: ScriptLang;
  color?: string;
  colorRef?: ThemeColorRef;
  /** A field PowerPoint keeps up to date; `text` is what it shows when written. */
  field?: 'slidenum';
}

export interface Paragraph {
  runs: TextRun[];
  /** 0–2; bullets only. */
  level?: number;
  bullet?: boolean;
  align?: 'left' | 'center' | 'right';
  /** Overrides the shape's size for this paragraph (e.g. an attribution under a quote). */
  fontSize?: number;
  color?: string;
  bold?: boolean;
  italic?: boolean;
  spaceBefore?: number;
}

export interface TextStyle {
  fontFace: string;
  eastAsianFontFace: string;
  monoFontFace: string;
  /** Points. Final size after fitting: renderers never autofit. */
  fontSize: number;
  color: string;
  /** `color` as a theme colour of the template file (runs without a colour of their own take it). */
  colorRef?: ThemeColorRef;
  bold?: boolean;
  italic?: boolean;
  align: 'left' | 'center' | 'right';
  valign: 'top' | 'middle' | 'bottom';
  /** Line spacing as a multiple of single. */
  lineSpacing: number;
  /** Points after each paragraph. */
  paraSpaceAfter: number;
  /** Inner margin in inches. */
  inset: number;
  /** Inner margins per side in inches (top, right, bottom, left), where they differ from `inset`. */
  insets?: [number, number, number, number];
  linkColor: string;
}

export type Placeholder = 'title' | 'ctrTitle' | 'subTitle' | 'body';

export interface TextShape {
  kind: 'text';
  /** What the text is for (title, body, footer…): used by tests, the preview and accessibility. */
  role: string;
  box: Box;
  paragraphs: Paragraph[];
  style: TextStyle;
  placeholder?: Placeholder;
  fill?: string;
  /** Ornament a screen reader should skip (a big quotation mark). */
  decorative?: boolean;
}

export interface RectShape {
  kind: 'rect';
  role: string;
  box: Box;
  fill: string;
  fillRef?: ThemeColorRef;
  line?: { color: string; width: number };
  /** Corner radius in inches; 0 or absent = square. */
  radius?: number;
  /** Rules, accent bars and card backgrounds are decorative: a screen reader skips them. */
  decorative?: boolean;
}

export interface ImageShape {
  kind: 'image';
  role: string;
  box: Box;
  /** Absolute path on disk: PNG, JPEG or SVG. The box already has the picture's aspect ratio. */
  path: string;
  alt: string;
  /** For a one-colour SVG icon drawn in `currentColor`: the colour to draw it in. */
  tint?: string;
  /** Icons and the logo are decorative: a screen reader skips them (and `alt` is not read). */
  decorative?: boolean;
}

export interface TableCell {
  paragraphs: Paragraph[];
  align: 'left' | 'center' | 'right';
  fill?: string;
  fillRef?: ThemeColorRef;
  color: string;
  colorRef?: ThemeColorRef;
  bold?: boolean;
}

export interface TableShape {
  kind: 'table';
  role: string;
  box: Box;
  columnWidths: number[];
  rowHeights: number[];
  rows: TableCell[][];
  style: TextStyle;
  /** The rule drawn under every row (tables have horizontal rules only). */
  borderColor: string;
  borderRef?: ThemeColorRef;
  /** Cell margins in inches: top, right, bottom, left. */
  cellMargin?: [number, number, number, number];
}

export type ChartType =
  | 'column'
  | 'bar'
  | 'stacked-column'
  | 'stacked-bar'
  | 'line'
  | 'area'
  | 'pie'
  | 'doughnut'
  | 'scatter'
  | 'combo'
  | 'waterfall';

export interface ChartSeries {
  name: string;
  values: (number | null)[];
  color: string;
  /** `color` as a theme colour of the template file, when it is one (see ThemeColorRef). */
  colorRef?: ThemeColorRef;
  /** For combos: how this series is drawn and on which value axis. */
  type?: 'column' | 'bar' | 'line' | 'area';
  axis?: 'primary' | 'secondary';
  /** Per-point colours (highlighted categories, negative values); same length as values. Lines colour their markers. */
  pointColors?: string[];
  /** `pointColors` as theme colours, where they are (null: a colour of no theme slot). */
  pointColorRefs?: (ThemeColorRef | null)[];
  /**
   * Drawn but not seen: a waterfall's base, the stack under each floating bar. No fill, no data
   * labels, no legend entry; its values are in the chart data so the chart stays editable.
   */
  hidden?: boolean;
  /**
   * Drawn only as markers in `color` where its value is not null, over the other series: the
   * highlighted categories of an area. No line, no data labels, no legend entry, not in alt text.
   */
  markersOnly?: boolean;
  /** Data labels to show instead of the values (a waterfall's signed changes); null = no label. */
  labels?: (string | null)[];
}

/** A value axis; layout/chart-axes.ts fills in min, max and majorUnit so both renderers draw the same scale. */
export interface ValueAxis {
  title?: string;
  min?: number;
  max?: number;
  /** The distance between gridlines. */
  majorUnit?: number;
  beginAtZero: boolean;
}

/** Everything both renderers need to draw a chart; the PPTX one embeds the numbers as chart data. */
export interface ChartSpec {
  type: ChartType;
  title?: string;
  categories: string[];
  /** For scatter: numeric x values. */
  xValues?: number[];
  series: ChartSeries[];
  numberFormat: string;
  secondaryNumberFormat?: string;
  dataLabels: boolean;
  legend: 'none' | 'top' | 'bottom' | 'left' | 'right';
  valueAxis: ValueAxis;
  secondaryValueAxis?: ValueAxis;
  categoryAxis: { title?: string };
  fontFace: string;
  fontSize: number;
  textColor: string;
  gridColor: string;
  /** `textColor` and `gridColor` as theme colours of the template file, when they are. */
  textColorRef?: ThemeColorRef;
  gridColorRef?: ThemeColorRef;
  /** What a screen reader says for the chart: written from the data (layout/chart-alt.ts) or the block's `alt:`. */
  alt?: string;
}

export interface ChartShape {
  kind: 'chart';
  role: string;
  box: Box;
  chart: ChartSpec;
}

export type Shape = TextShape | RectShape | ImageShape | TableShape | ChartShape;

export type SlideKind =
  | 'title'
  | 'agenda'
  | 'section'
  | 'bullets'
  | 'quote'
  | 'figures'
  | 'cards'
  | 'chart'
  | 'table'
  | 'columns'
  | 'picture'
  | 'closing';

export interface Slide {
  kind: SlideKind;
  /** The template layout (slide master) this slide is built on. */
  layout: string;
  title?: string;
  background: string;
  shapes: Shape[];
  notes?: string;
  /** Where in the content the slide came from. */
  source?: SourcePoint;
}

/** A placeholder of a slide layout, styled like the template, for slides a presenter adds. */
export interface MasterPlaceholder {
  type: 'title' | 'body';
  box: Box;
  style: TextStyle;
}

/** One template layout as a slide layout of the PPTX master. */
export interface MasterLayout {
  layout: string;
  background: string;
  placeholders: MasterPlaceholder[];
  /** Shapes every slide of this layout shows identically (logo, fixed footer text); the slides list them too. */
  shapes: Shape[];
}

export type ThemeColorSlot = 'dk1' | 'lt1' | 'dk2' | 'lt2' | 'accent1' | 'accent2' | 'accent3' | 'accent4' | 'accent5' | 'accent6' | 'hlink' | 'folHlink';

/**
 * A colour taken from a slot of the theme of the template's PowerPoint file, written as
 * `<a:schemeClr>` so that another theme chosen in PowerPoint recolours it. `lumMod`/`lumOff`
 * (thousandths of a percent, as in ECMA-376 §20.1.2.3) derive a shade of the slot; the hex the
 * Deck holds beside it is what the reference resolves to under the file's own theme.
 */
export interface ThemeColorRef {
  slot: ThemeColorSlot;
  lumMod?: number;
  lumOff?: number;
}

/** The template as an Office theme: the colours and fonts PowerPoint offers a presenter first. */
export interface DeckTheme {
  colors: Record<ThemeColorSlot, string>;
  fonts: { heading: string; body: string; eastAsian: string };
}

/** A placeholder of a layout of the template's PowerPoint file, as a slide names it (`p:ph`). */
export interface PlaceholderRef {
  type: string;
  idx: number;
  /** The layout wrote `type` (absent means a content placeholder, `obj`). */
  typeWritten: boolean;
  /** Text put in it keeps run-level sizes and colours: the file states its look only on its prompt text. */
  explicitLook?: boolean;
  /** Point size text in it inherits; text laid out smaller had to shrink and keeps its size. */
  size?: number;
}

/** A solid colour or a gradient (stops from 0 to 1; a linear one's angle in degrees, clockwise from left to right). */
export interface Paint {
  color?: string;
  /** 0–1, from the colour's alpha; absent = opaque. */
  opacity?: number;
  gradient?: { angle: number; radial?: boolean; stops: { at: number; color: string }[] };
}

/**
 * Something a template file's layout or master draws: a picture (`part`, a package part), a plain
 * filled rectangle (`fill`), or a shape: its outline as SVG path data in inches inside its box,
 * its fill and line, rotated (degrees, clockwise) and flipped about its centre.
 */
export interface BackdropItem {
  part: string;
  box?: Box;
  fill?: string;
  path?: string;
  paint?: Paint;
  line?: { color: string; width: number };
  rotation?: number;
  flipH?: boolean;
  flipV?: boolean;
}

/** One layout of the template's PowerPoint file that slides of a kind are built on. */
export interface BaseLayout {
  /** Package path of the layout part in the file. */
  part: string;
  name: string;
  title?: PlaceholderRef;
  subtitle?: PlaceholderRef;
  /** Body (content) placeholders, left to right. */
  bodies: PlaceholderRef[];
  dt?: PlaceholderRef;
  ftr?: PlaceholderRef;
  sldNum?: PlaceholderRef;
  /** What the layout and its master show behind the slide, bottom first, for the HTML preview; no box = the whole slide. */
  backdrop?: BackdropItem[];
}

/** The deck is built on a PowerPoint file's own masters and layouts (see render/pptx/graft.ts). */
/**
 * What grafting a template file into a deck needs besides its parts' bytes, read with the template
 * (and kept in the template cache with it), so a build does not read the file's relationships again.
 */
export interface GraftPlan {
  /** The file's slide size in EMU. */
  slide: { cx: number; cy: number };
  /** Its slide masters: part, id in presentation.xml, theme part. */
  masters: { part: string; id: string; theme: { part: string } }[];
  /** Every part the masters reach (layouts, themes, media) with their .rels parts. */
  parts: string[];
  /** The content type the file declares for each of those parts. */
  contentTypes: Record<string, string>;
}

export interface DeckBase {
  /** Absolute path of the .pptx/.potx. */
  file: string;
  /** Read with the template; absent, the renderer reads it from the file. */
  plan?: GraftPlan;
  /** By Slide.layout (the template layout key, i.e. the slide kind). */
  layouts: Record<string, BaseLayout>;
  /** Text for the layouts' footer placeholder; the slide number goes into theirs as a field. */
  footer?: string;
  date?: string;
}

export interface Deck {
  title: string;
  subtitle?: string;
  author?: string;
  organization?: string;
  date?: string;
  lang: string;
  /** Slide size in inches. */
  width: number;
  height: number;
  /** The template's name, for metadata and the preview. */
  template: string;
  /** The contrast the template holds text to, when it sets its own (absent: WCAG AA, 4.5:1 and 3:1 for large text). */
  contrast?: { body: number; large: number };
  slides: Slide[];
  /** Every template layout, also those no slide uses; absent, the renderer derives them from the slides. */
  masters?: MasterLayout[];
  theme?: DeckTheme;
  /** Set when the template is a PowerPoint file: the deck gets that file's masters and layouts. */
  base?: DeckBase;
}
