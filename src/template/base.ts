/**
 * A PowerPoint file as a template: which of its layouts each slide kind is built on (chosen by the
 * placeholders a layout has, never by its name, so Korean, Chinese or Keynote layout names work),
 * and the template.json-shaped look brief lays slides out with: the file's slide size, the theme's
 * colours and fonts, title and body boxes and text styles from the chosen layouts' placeholders,
 * and brief's own regions (charts, cards, tables…) inside each layout's content area.
 */
import type { BackdropItem, BaseLayout, Box, PlaceholderRef, SlideKind } from '../deck/types.js';
import type { LayoutModel, MasterModel, PlaceholderModel, PresentationModel } from '../ooxml/presentation.js';
import { masterPlaceholder } from '../ooxml/presentation.js';
import { wcagContrast } from './culori.js';
import { type Json, isObject } from './json.js';

/** How far text in a placeholder that does not autofit may shrink before it continues on a new slide. */
export const NO_AUTOFIT_SHRINK = 0.85;

export const SLIDE_KINDS: SlideKind[] = ['title', 'agenda', 'section', 'bullets', 'quote', 'figures', 'cards', 'chart', 'table', 'columns', 'picture', 'closing'];

const BODY_TYPES = new Set(['body', 'obj']);
const META_TYPES = new Set(['dt', 'ftr', 'sldNum', 'hdr', 'sldImg']);

/** A layout as brief sees it: its placeholders by role, with the boxes they inherit. */
export interface LayoutShape {
  layout: LayoutModel;
  master: MasterModel;
  title?: PlaceholderModel;
  subtitle?: PlaceholderModel;
  bodies: PlaceholderModel[];
  centeredTitle: boolean;
}

export function shapeOf(layout: LayoutModel, master: MasterModel): LayoutShape {
  const phs = layout.placeholders.filter((p) => p.box);
  const title = phs.find((p) => p.type === 'ctrTitle') ?? phs.find((p) => p.type === 'title');
  const subtitle = phs.find((p) => p.type === 'subTitle');
  const bodies = phs.filter((p) => BODY_TYPES.has(p.type) && !META_TYPES.has(p.type) && p.orient !== 'vert').sort((a, b) => a.box!.x - b.box!.x || a.box!.y - b.box!.y);
  return { layout, master, title, subtitle, bodies, centeredTitle: title?.type === 'ctrTitle' };
}

interface Rule {
  test: (s: LayoutShape, slideHeight: number) => boolean;
  why: string;
}

const hasTitle = (s: LayoutShape) => !!s.title;
const RULES = {
  ctrTitleSub: { test: (s: LayoutShape) => s.centeredTitle && !!s.subtitle, why: 'a centred title and a subtitle (ctrTitle + subTitle)' },
  titleSub: { test: (s: LayoutShape) => hasTitle(s) && !!s.subtitle && s.bodies.length === 0, why: 'a title and a subtitle' },
  ctrTitle: { test: (s: LayoutShape) => s.centeredTitle, why: 'a centred title (ctrTitle)' },
  secHead: { test: (s: LayoutShape) => s.layout.type === 'secHead' && hasTitle(s), why: 'a section-header layout (type secHead)' },
  titleBodyUpper: { test: (s: LayoutShape, h: number) => hasTitle(s) && s.bodies.length === 1 && !s.subtitle && s.bodies[0]!.box!.y + s.bodies[0]!.box!.h / 2 < h / 2, why: 'a title and one body in the upper half' },
  oneBody: { test: (s: LayoutShape) => hasTitle(s) && s.bodies.length === 1, why: 'a title and one body placeholder' },
  closingBody: {
    test: (s: LayoutShape) => hasTitle(s) && s.bodies.length === 1 && !s.subtitle,
    why: "a title and one body placeholder: a closing slide carries body text, which on the title layout would sit over the title slide's graphics",
  },
  twoBodies: { test: (s: LayoutShape) => hasTitle(s) && s.bodies.length === 2 && Math.abs(s.bodies[0]!.box!.y - s.bodies[1]!.box!.y) < 0.5, why: 'a title and two body placeholders side by side' },
  titleOnly: { test: (s: LayoutShape) => hasTitle(s) && s.bodies.length === 0 && !s.subtitle, why: 'a title only' },
  anyTitle: { test: hasTitle, why: 'a title (the only kind of layout the file offers)' },
} satisfies Record<string, Rule>;

/** The rules each kind tries, in order: the first layout a rule accepts is used. */
const KIND_RULES: Record<SlideKind, Rule[]> = {
  title: [RULES.ctrTitleSub, RULES.titleSub, RULES.ctrTitle, RULES.oneBody, RULES.titleOnly, RULES.anyTitle],
  closing: [RULES.closingBody, RULES.oneBody, RULES.titleOnly, RULES.anyTitle],
  section: [RULES.secHead, RULES.titleBodyUpper, RULES.titleSub, RULES.titleOnly, RULES.oneBody, RULES.anyTitle],
  bullets: [RULES.oneBody, RULES.twoBodies, RULES.anyTitle],
  agenda: [RULES.oneBody, RULES.twoBodies, RULES.anyTitle],
  quote: [RULES.oneBody, RULES.titleOnly, RULES.anyTitle],
  columns: [RULES.twoBodies, RULES.oneBody, RULES.anyTitle],
  chart: [RULES.titleOnly, RULES.oneBody, RULES.anyTitle],
  cards: [RULES.titleOnly, RULES.oneBody, RULES.anyTitle],
  figures: [RULES.titleOnly, RULES.oneBody, RULES.anyTitle],
  table: [RULES.titleOnly, RULES.oneBody, RULES.anyTitle],
  picture: [RULES.titleOnly, RULES.oneBody, RULES.anyTitle],
};

/**
 * The title slide takes the look of the file's first slide; the rest that of its content slides.
 * The closing slide is content too: its bullets need the body placeholder a content layout has.
 */
const OPENING: ReadonlySet<SlideKind> = new Set(['title']);

export interface LayoutChoice {
  shape: LayoutShape;
  reason: string;
}

export interface ChoiceProblem {
  kind: string;
  message: string;
  hint: string;
  /** `layouts` entry (template.json) the problem is about. */
  named?: boolean;
}

/**
 * Picks a layout per kind. A file with several masters (LibreOffice writes one per look) is
 * searched master by master, starting with the one the file's own first (title) or second
 * (content) slide uses, so a deck looks like the file's example slides.
 */
export function chooseLayouts(model: PresentationModel, named: Record<string, string> = {}): { choices: Partial<Record<SlideKind, LayoutChoice>>; problems: ChoiceProblem[] } {
  const choices: Partial<Record<SlideKind, LayoutChoice>> = {};
  const problems: ChoiceProblem[] = [];
  const all = model.masters.flatMap((m) => m.layouts.map((l) => shapeOf(l, m)));
  const masterOfSlide = (i: number) => model.masters.find((m) => m.layouts.some((l) => l.part === model.slides[i]?.layout));
  const firstMaster = masterOfSlide(0) ?? model.masters[0]!;
  // Content goes on the master whose own drawings leave its content area freest (the example slides' order breaks ties).
  const exampleOrder = [masterOfSlide(1), masterOfSlide(2), masterOfSlide(3), firstMaster].filter((m): m is MasterModel => !!m);
  const clutter = (m: MasterModel) => {
    const body = m.layouts.map((l) => shapeOf(l, m)).find((s) => RULES.oneBody.test(s));
    if (!body) return Infinity;
    const area = body.bodies[0]!.box!;
    return m.graphicBoxes.reduce((sum, g) => sum + overlap(g, area), 0) / (area.w * area.h);
  };
  const candidates = [...new Set([...exampleOrder, ...model.masters])];
  const contentMaster = candidates.reduce((best, m) => (clutter(m) < clutter(best) - 0.05 ? m : best), candidates[0]!);
  for (const kind of SLIDE_KINDS) {
    const wanted = named[kind];
    if (wanted !== undefined) {
      const found = all.find((s) => s.layout.name === wanted) ?? all.find((s) => s.layout.name.toLowerCase() === wanted.toLowerCase());
      if (!found) {
        problems.push({ kind, named: true, message: `layout "${wanted}" for ${kind} slides is not in the file`, hint: '' });
        continue;
      }
      if (!found.title) {
        problems.push({ kind, named: true, message: `layout "${wanted}" for ${kind} slides has no title placeholder`, hint: 'name a layout with a title placeholder (see `brief template inspect`)' });
        continue;
      }
      choices[kind] = { shape: found, reason: `named in template.json ("layouts": {"${kind}": "${wanted}"})` };
      continue;
    }
    const preferred = OPENING.has(kind) ? firstMaster : contentMaster;
    const order = [preferred, ...model.masters.filter((m) => m !== preferred)];
    let choice: LayoutChoice | undefined;
    for (const rule of KIND_RULES[kind]) {
      for (const master of order) {
        const hit = all.find((s) => s.master === master && rule.test(s, model.slide.height));
        if (hit) {
          choice = { shape: hit, reason: `${rule.why}${model.masters.length > 1 ? ` (master ${model.masters.indexOf(master) + 1}${master === preferred ? `, ${OPENING.has(kind) ? "the file's first slide's" : 'the content'} master` : ''})` : ''}` };
          break;
        }
      }
      if (choice) break;
    }
    // The title slide and a section divider on the same layout would look alike: prefer another.
    if (kind === 'section' && choice && choice.shape === choices.title?.shape) {
      const other = all.find((s) => s !== choice!.shape && s.master === contentMaster && (RULES.titleSub.test(s) || RULES.titleOnly.test(s)));
      if (other) choice = { shape: other, reason: `${RULES.titleSub.test(other) ? RULES.titleSub.why : RULES.titleOnly.why}, unlike the title slide's` };
    }
    if (choice) choices[kind] = choice;
    else problems.push({ kind, message: `no layout of the file can hold ${kind} slides: none has a title placeholder`, hint: 'add a layout with a title placeholder to the slide master in PowerPoint (View › Slide Master), or name one in template.json "layouts"' });
  }
  return { choices, problems };
}

function ref(p: PlaceholderModel | undefined): PlaceholderRef | undefined {
  return p ? { type: p.type, idx: p.idx, typeWritten: p.typeWritten, ...(p.style.source === 'sample' ? { explicitLook: true } : {}), ...(p.style.size ? { size: p.style.size } : {}) } : undefined;
}

export function baseLayoutOf(shape: LayoutShape): BaseLayout {
  const meta = (type: string) => ref(shape.layout.placeholders.find((p) => p.type === type));
  return {
    part: shape.layout.part,
    name: shape.layout.name,
    title: ref(shape.title),
    subtitle: ref(shape.subtitle),
    bodies: shape.bodies.map((b) => ref(b)!),
    dt: meta('dt'),
    ftr: meta('ftr'),
    sldNum: meta('sldNum'),
    backdrop: backdropOf(shape),
  };
}

/** What shows behind a slide on this layout, bottom first: the background (picture or gradient), the master's drawings, the layout's. */
function backdropOf(shape: LayoutShape): BackdropItem[] {
  const { layout, master } = shape;
  const bg = layout.background ?? master.background;
  const background: BackdropItem[] = bg.gradient?.stops.length ? [{ part: '', paint: { gradient: bg.gradient } }] : bg.pictures.map((part) => ({ part }));
  const fromMaster = layout.showMasterShapes ? master.pictureBoxes.filter((p) => p.box) : [];
  return [...background, ...fromMaster, ...layout.pictureBoxes.filter((p) => p.box)];
}

/** Where brief may draw its own shapes on a layout: its body box, the master's, or below the title. */
export function contentArea(shape: LayoutShape, slide: { width: number; height: number }): Box {
  if (shape.bodies.length === 1) return shape.bodies[0]!.box!;
  if (shape.bodies.length > 1) return union(shape.bodies.map((b) => b.box!));
  // A title-only layout leaves the content where the master's title-and-content layout puts it.
  const sibling = shape.master.layouts.map((l) => shapeOf(l, shape.master)).find((s) => s.title && s.bodies.length === 1 && !s.subtitle);
  if (sibling) return sibling.bodies[0]!.box!;
  const masterBody = masterPlaceholder(shape.master, 'body', 1)?.box;
  const title = shape.title?.box;
  if (masterBody && (!title || masterBody.y >= title.y + title.h - 0.05)) return masterBody;
  const top = title ? title.y + title.h + 0.15 : slide.height * 0.2;
  const footer = shape.layout.placeholders.filter((p) => ['dt', 'ftr', 'sldNum'].includes(p.type) && p.box && p.box.y > top).map((p) => p.box!.y);
  const bottom = footer.length ? Math.min(...footer) - 0.1 : slide.height * 0.92;
  const x = title?.x ?? slide.width * 0.06;
  return { x, y: top, w: (title?.w ?? slide.width * 0.88), h: Math.max(0.5, bottom - top) };
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function union(boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const r = Math.max(...boxes.map((b) => b.x + b.w));
  const bt = Math.max(...boxes.map((b) => b.y + b.h));
  return { x, y, w: r - x, h: bt - y };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function clamp(b: Box, slide: { width: number; height: number }): Box {
  const x = Math.max(0, Math.min(b.x, slide.width - 0.1));
  const y = Math.max(0, Math.min(b.y, slide.height - 0.1));
  return { x: round(x), y: round(y), w: round(Math.max(0.1, Math.min(b.w - (x - b.x), slide.width - x))), h: round(Math.max(0.1, Math.min(b.h - (y - b.y), slide.height - y))) };
}

/** Maps `b` from frame `from` into frame `to`. */
function mapBox(b: Box, from: Box, to: Box): Box {
  const sx = to.w / from.w;
  const sy = to.h / from.h;
  return { x: to.x + (b.x - from.x) * sx, y: to.y + (b.y - from.y) * sy, w: b.w * sx, h: b.h * sy };
}

/** A placeholder's look as a template.json text style; colours as hex, faces as the theme's heading/body. */
function styleFor(p: PlaceholderModel | undefined, fallback: Json, colors: { text: string; background: string }, heading: boolean): Json {
  const s = p?.style ?? {};
  const out: Json = { ...fallback };
  out['font'] = s.fontClass === 'major' || (s.fontClass === undefined && heading) ? 'heading' : 'body';
  // The face the placeholder really has (its own, the master's, or txStyles', theme references resolved): text is measured in it.
  if (s.font) out['face'] = s.font;
  if (s.eastAsianFont) out['eastAsianFace'] = s.eastAsianFont;
  if (s.size) out['size'] = s.size;
  // Insets the placeholder inherits; where the file writes none, DrawingML's defaults (0.1 in left and right, 0.05 in top and bottom).
  out['insets'] = { top: s.insetTop ?? 0.05, right: s.insetRight ?? 0.1, bottom: s.insetBottom ?? 0.05, left: s.insetLeft ?? 0.1 };
  delete out['inset'];
  // noAutofit: the file keeps this text near its size, so body text shrinks a little at most (to
  // NO_AUTOFIT_SHRINK of it) and then continues on a new slide. Not at all would leave a line or two
  // alone on a continuation slide, and LibreOffice writes noAutofit on every body by default, so it
  // is seldom the designer's choice. A title still shrinks as far as it must: it cannot continue.
  if (s.autofit === 'none' && !heading && s.size) out['minSize'] = Math.max(typeof out['minSize'] === 'number' ? out['minSize'] : 0, Math.ceil(s.size * NO_AUTOFIT_SHRINK * 2) / 2);
  else delete out['minSize'];
  out['color'] = s.color ?? colors.text;
  // A look written only on the prompt text (LibreOffice) goes into the runs: where it would not show
  // on the layout's background (white on white), the readable text colour is written instead.
  if (s.color && s.source === 'sample' && wcagContrast(`#${s.color}`, `#${colors.background}`) < 3) out['color'] = colors.text;
  out['bold'] = s.bold ?? false;
  if (s.italic !== undefined) out['italic'] = s.italic;
  if (s.align) out['align'] = s.align;
  else delete out['align'];
  if (s.valign) out['valign'] = s.valign;
  return out;
}

/**
 * The template.json layouts for the chosen file layouts: default's regions and styles for brief's own
 * shapes, moved into each layout's content area; title, subtitle and body where the placeholders are.
 */
export function layoutsJson(choices: Partial<Record<SlideKind, LayoutChoice>>, defaults: Json, slide: { width: number; height: number }, colors: { text: string; background: string }): Json {
  const out: Json = {};
  const defaultLayouts = (isObject(defaults['layouts']) ? defaults['layouts'] : {}) as Record<string, Json>;
  for (const kind of SLIDE_KINDS) {
    const choice = choices[kind];
    const def = defaultLayouts[kind];
    if (!choice || !isObject(def)) continue;
    const shape = choice.shape;
    const defRegions = (def['regions'] ?? {}) as Record<string, Box>;
    const defStyles = (def['styles'] ?? {}) as Record<string, Json>;
    const regions: Record<string, Box> = {};
    const styles: Record<string, Json> = {};
    const titleBox = shape.title!.box!;
    const layoutColors = { ...colors, background: shape.layout.background?.color ?? shape.master.background.color ?? colors.background };
    regions['title'] = titleBox;
    styles['title'] = styleFor(shape.title, defStyles['title'] ?? {}, layoutColors, true);
    const area = contentArea(shape, slide);
    const own = Object.entries(defRegions).filter(([name]) => !['title', 'rule', 'number'].includes(name));
    if (kind === 'title' || kind === 'section') {
      const sub = shape.subtitle ?? shape.bodies[0];
      const subBox = sub?.box ?? { x: titleBox.x, y: titleBox.y + titleBox.h + 0.1, w: titleBox.w, h: Math.min(1.2, slide.height - (titleBox.y + titleBox.h) - 0.3) };
      const subStyle = styleFor(sub, defStyles['subtitle'] ?? {}, layoutColors, false);
      if (kind === 'title' && defRegions['meta']) {
        // The subtitle placeholder holds the subtitle; the meta line (date, author) goes under it in its lower part.
        const split = subBox.h * 0.6;
        regions['subtitle'] = { ...subBox, h: split };
        regions['meta'] = { ...subBox, y: subBox.y + split, h: subBox.h - split };
        styles['meta'] = { ...subStyle, size: Math.max(10, Math.round(((subStyle['size'] as number) ?? 18) * 0.7)) };
      } else regions['subtitle'] = subBox;
      styles['subtitle'] = subStyle;
    } else if (kind === 'columns' && shape.bodies.length >= 2) {
      regions['left'] = shape.bodies[0]!.box!;
      regions['right'] = shape.bodies[1]!.box!;
      styles['body'] = styleFor(shape.bodies[0], defStyles['body'] ?? {}, layoutColors, false);
      const src = defRegions['source'];
      const band = src ? Math.min(0.45, area.h * 0.12) : 0;
      if (src) {
        regions['left'] = { ...regions['left'], h: regions['left'].h - band };
        regions['right'] = { ...regions['right'], h: regions['right'].h - band };
        regions['source'] = { x: area.x, y: area.y + area.h - band, w: area.w, h: band };
      }
    } else {
      const frame = union(own.map(([, b]) => b));
      for (const [name, b] of own) regions[name] = mapBox(b, frame, area);
      if (defStyles['body'] && shape.bodies[0]) styles['body'] = styleFor(shape.bodies[0], defStyles['body'], layoutColors, false);
    }
    // Sizes of brief's own text scale with the room the layout leaves, never up.
    const defFrame = own.length ? union(own.map(([, b]) => b)) : area;
    const scale = Math.min(1, Math.sqrt((area.w * area.h) / (defFrame.w * defFrame.h)));
    for (const [name, style] of Object.entries(defStyles)) {
      if (styles[name] || name === 'rule' || name === 'number') continue;
      const size = style['size'];
      styles[name] = typeof size === 'number' && size > 1 ? { ...style, size: Math.max(9, Math.round(size * scale)) } : { ...style };
    }
    for (const [name, b] of Object.entries(regions)) regions[name] = clamp(b, slide);
    // default draws title, section and closing slides on its primary colour; here the file's background shows.
    for (const style of ['title', 'section', 'closing'].includes(kind) ? Object.values(styles) : []) {
      if (style['color'] === 'onPrimary') style['color'] = 'text';
      else if (style['color'] === 'onPrimaryMuted') style['color'] = 'muted';
    }
    // template.json merges key by key (RFC 7396): default's regions the layout has no room for are removed with null.
    const merged: Record<string, Box | null> = { ...regions };
    for (const name of Object.keys(defRegions)) if (!(name in regions)) merged[name] = null;
    const background = shape.layout.background?.color ?? shape.master.background.color ?? colors.background;
    const entry: Json = { regions: merged, styles, footer: false, logo: false, background };
    if (def['spacing']) entry['spacing'] = def['spacing'];
    out[kind] = entry;
  }
  return out;
}
