/**
 * The model of a PowerPoint file that templates are made of: slide size, slide masters with their
 * layouts, each layout's placeholders (with the boxes and text styles they inherit from the
 * master), themes and backgrounds. Inches and hex colours, like the Deck.
 */
import type { BackdropItem, GraftPlan, Paint } from '../deck/types.js';
import { presetPath, scalePath } from './geometry.js';
import { type OoxmlPackage, type Xml, PackageProblem, asArray, get, relsPartOf } from './package.js';

const EMU_PER_IN = 914400;
const PRESENTATION = 'ppt/presentation.xml';

export type ThemeSlot = 'dk1' | 'lt1' | 'dk2' | 'lt2' | 'accent1' | 'accent2' | 'accent3' | 'accent4' | 'accent5' | 'accent6' | 'hlink' | 'folHlink';
export const THEME_SLOTS: ThemeSlot[] = ['dk1', 'lt1', 'dk2', 'lt2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink'];

export interface BoxIn {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ThemeModel {
  part: string;
  name: string;
  colors: Partial<Record<ThemeSlot, string>>;
  fonts: { major?: string; minor?: string; majorEastAsian?: string; minorEastAsian?: string; scripts: Record<string, string> };
}

/** What text typed into a placeholder looks like (first level), as far as the file says. */
export interface PlaceholderStyle {
  size?: number;
  color?: string;
  /** A theme font reference (`+mj-lt`) resolved to the theme's face. */
  font?: string;
  /** The theme font class the face comes from, when it is a theme font. */
  fontClass?: 'major' | 'minor';
  bold?: boolean;
  italic?: boolean;
  align?: 'left' | 'center' | 'right';
  valign?: 'top' | 'middle' | 'bottom';
  bullet?: boolean;
  /** East Asian face (`a:ea`), a theme reference (`+mn-ea`) resolved to the theme's face. */
  eastAsianFont?: string;
  /** Inner margins of the text box (bodyPr lIns/tIns/rIns/bIns) in inches, each as far as written. */
  insetLeft?: number;
  insetTop?: number;
  insetRight?: number;
  insetBottom?: number;
  /** bodyPr autofit: `shrink` (normAutofit), `none` (noAutofit), `resize` (spAutoFit). */
  autofit?: 'shrink' | 'none' | 'resize';
  /**
   * Where the look is written: `list` (lstStyle/txStyles, which text on a slide inherits) or
   * `sample` (only on the placeholder's prompt text, as LibreOffice writes masters; a slide's text
   * must then carry the look itself).
   */
  source?: 'list' | 'sample';
}

export interface PlaceholderModel {
  /** `p:ph` type; absent in the file means `obj` (a content placeholder). */
  type: string;
  idx: number;
  /** Whether the file wrote `type`/`idx` (needed to match a slide's placeholder to the layout's). */
  typeWritten: boolean;
  orient?: string;
  sz?: string;
  /** Own box, else the master's placeholder of the same type (LibreOffice exports leave layouts' boxes empty). */
  box?: BoxIn;
  boxFrom?: 'layout' | 'master';
  style: PlaceholderStyle;
  name: string;
}

export interface BackgroundModel {
  /** Solid colour of the background, when it is one (or the first stop of a gradient). */
  color?: string;
  /** Pictures the background shows (a picture fill), as package parts. */
  pictures: string[];
  /** A gradient background's stops and direction. */
  gradient?: Paint['gradient'];
  kind: 'solid' | 'gradient' | 'picture' | 'pattern' | 'theme' | 'none';
}

export interface LayoutModel {
  part: string;
  name: string;
  /** `type` of p:sldLayout (title, obj, secHead, titleOnly, twoObj…); "cust" when absent. */
  type: string;
  master: string;
  placeholders: PlaceholderModel[];
  background?: BackgroundModel;
  showMasterShapes: boolean;
  /** Pictures drawn on the layout itself (package parts). */
  pictures: string[];
  /** What the layout draws besides placeholders, bottom first: pictures and shapes (for the preview). */
  pictureBoxes: BackdropItem[];
}

export interface MasterModel {
  part: string;
  /** The sldMasterId `id` in presentation.xml (kept when the master goes into a deck). */
  id: string;
  name: string;
  theme: ThemeModel;
  layouts: LayoutModel[];
  placeholders: PlaceholderModel[];
  background: BackgroundModel;
  clrMap: Record<string, string>;
  pictures: string[];
  /** What the master draws besides placeholders, bottom first: pictures and shapes (for the preview). */
  pictureBoxes: BackdropItem[];
  /** Boxes of what the master draws besides placeholders (pictures, shapes, groups). */
  graphicBoxes: BoxIn[];
  /** How many shapes (pictures, drawings) the master draws besides its placeholders. */
  graphics: number;
}

export interface PresentationModel {
  slide: { width: number; height: number; cx: number; cy: number };
  notes?: { cx: number; cy: number };
  masters: MasterModel[];
  /** The file's own slides and the layout each uses, in order. */
  slides: { part: string; layout: string }[];
  /** `presentation` or `template` (.potx). */
  kind: 'presentation' | 'template' | 'other';
}

function inches(emu: number): number {
  return Math.round((emu / EMU_PER_IN) * 1000) / 1000;
}

function boxOf(xfrm: unknown): BoxIn | undefined {
  const off = get(xfrm, 'off');
  const ext = get(xfrm, 'ext');
  const x = Number(get(off, '@x'));
  const y = Number(get(off, '@y'));
  const cx = Number(get(ext, '@cx'));
  const cy = Number(get(ext, '@cy'));
  if (![x, y, cx, cy].every(Number.isFinite) || cx <= 0 || cy <= 0) return undefined;
  return { x: inches(x), y: inches(y), w: inches(cx), h: inches(cy) };
}

/** What grafting a file needs, without reading its layouts: its masters (part, id, theme) and slide size. */
export interface PresentationSkeleton {
  slide: { cx: number; cy: number };
  masters: { part: string; id: string; theme: { part: string } }[];
}

export function readSkeleton(pkg: OoxmlPackage): PresentationSkeleton {
  const xml = pkg.text(PRESENTATION) ?? '';
  const rels = pkg.rels(PRESENTATION);
  const size = /<p:sldSz\b[^>]*?\bcx="(\d+)"[^>]*?\bcy="(\d+)"/.exec(xml);
  const masters = [...xml.matchAll(/<p:sldMasterId\b([^>]*)\/?>/g)].flatMap((m) => {
    const id = /\bid="(\d+)"/.exec(m[1]!)?.[1] ?? '';
    const rid = /\br:id="([^"]*)"/.exec(m[1]!)?.[1];
    const part = rels.find((r) => r.id === rid)?.part;
    if (!part || !pkg.has(part)) return [];
    return [{ part, id, theme: { part: pkg.rels(part).find((r) => r.type.endsWith('/theme'))?.part ?? '' } }];
  });
  return { slide: { cx: Number(size?.[1] ?? 12192000), cy: Number(size?.[2] ?? 6858000) }, masters };
}

/**
 * What grafting the file needs (deck/types.ts GraftPlan): its skeleton, the parts its masters
 * reach, and their content types.
 */
export function graftPlan(pkg: OoxmlPackage): GraftPlan {
  const skeleton = readSkeleton(pkg);
  const parts = [...masterClosure(pkg, skeleton.masters.map((m) => m.part))];
  const contentTypes: Record<string, string> = {};
  for (const part of parts) {
    const type = pkg.contentType(part);
    if (type) contentTypes[part] = type;
  }
  return { ...skeleton, parts, contentTypes };
}

/** Every part reachable from `roots` through internal relationships, with the .rels parts themselves. */
export function masterClosure(pkg: OoxmlPackage, roots: string[]): Set<string> {
  const out = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const part = queue.pop()!;
    if (out.has(part) || !pkg.has(part)) continue;
    out.add(part);
    if (pkg.has(relsPartOf(part))) out.add(relsPartOf(part));
    for (const rel of pkg.rels(part)) {
      // Masters and layouts never lead to slides; a stray link to one must not bring the example slides in.
      if (rel.external || /\/(slide|notesSlide|notesMaster|handoutMaster)$/.test(rel.type)) continue;
      queue.push(rel.part);
    }
  }
  return out;
}

/** Reads the model; throws PackageProblem when the file is no presentation or has no slide master. */
export function readPresentation(pkg: OoxmlPackage): PresentationModel {
  const pres = get(pkg.xml(PRESENTATION), 'presentation');
  if (!pres) throw new PackageProblem('not a PowerPoint presentation or template: ppt/presentation.xml is missing', 'use a .pptx or .potx file (a Word or Excel file will not do)');
  const mainType = pkg.contentType(PRESENTATION) ?? '';
  const kind = mainType.includes('.template.main') ? 'template' : mainType.includes('.presentation.main') ? 'presentation' : 'other';
  const cx = Number(get(pres, 'sldSz', '@cx')) || 12192000;
  const cy = Number(get(pres, 'sldSz', '@cy')) || 6858000;
  const ncx = Number(get(pres, 'notesSz', '@cx'));
  const ncy = Number(get(pres, 'notesSz', '@cy'));
  const rels = pkg.rels(PRESENTATION);
  const masters: MasterModel[] = [];
  for (const entry of asArray(get(pres, 'sldMasterIdLst', 'sldMasterId'))) {
    const rel = rels.find((r) => r.id === get(entry, '@r:id'));
    if (!rel || !pkg.has(rel.part)) continue;
    const master = readMaster(pkg, rel.part, String(get(entry, '@id') ?? ''));
    if (master) masters.push(master);
  }
  if (!masters.length) throw new PackageProblem('the file has no slide master', 'open it in PowerPoint and save it again as a presentation or template (a file with slide masters and layouts)');
  const layoutParts = new Set(masters.flatMap((m) => m.layouts.map((l) => l.part)));
  const slides = asArray(get(pres, 'sldIdLst', 'sldId')).flatMap((entry) => {
    const rel = rels.find((r) => r.id === get(entry, '@r:id'));
    if (!rel) return [];
    const layout = pkg.rels(rel.part).find((r) => r.type.endsWith('/slideLayout'))?.part;
    return layout && layoutParts.has(layout) ? [{ part: rel.part, layout }] : [];
  });
  return { slide: { width: inches(cx), height: inches(cy), cx, cy }, notes: ncx > 0 && ncy > 0 ? { cx: ncx, cy: ncy } : undefined, masters, slides, kind };
}

function readMaster(pkg: OoxmlPackage, part: string, id: string): MasterModel | undefined {
  const root = get(pkg.xml(part, true), 'sldMaster');
  if (!root) return undefined;
  const rels = pkg.rels(part);
  const themePart = rels.find((r) => r.type.endsWith('/theme'))?.part;
  const theme = readTheme(pkg, themePart);
  const clrMap: Record<string, string> = {};
  for (const [k, v] of Object.entries((get(root, 'clrMap') as Xml | undefined) ?? {})) if (k.startsWith('@')) clrMap[k.slice(1)] = String(v);
  const ctx: StyleContext = { theme, clrMap };
  const tree = get(root, 'cSld', 'spTree');
  const placeholders = placeholdersOf(tree, undefined, ctx, get(root, 'txStyles'));
  const master: MasterModel = {
    part,
    id,
    name: String(get(root, 'cSld', '@name') ?? '') || theme.name,
    theme,
    layouts: [],
    placeholders,
    background: backgroundOf(get(root, 'cSld', 'bg'), pkg, part, ctx) ?? { kind: 'theme', color: theme.colors[(clrMap['bg1'] as ThemeSlot) ?? 'lt1'] ?? theme.colors.lt1, pictures: [] },
    clrMap,
    pictures: picturesOf(tree, pkg, part),
    pictureBoxes: pictureBoxesOf(tree, pkg, part, ctx),
    graphicBoxes: ['pic', 'grpSp', 'sp', 'cxnSp'].flatMap((k) => asArray(get(tree, k)).filter((sp) => !get(sp, 'nvSpPr', 'nvPr', 'ph')).flatMap((sp) => boxOf(get(sp, k === 'grpSp' ? 'grpSpPr' : 'spPr', 'xfrm')) ?? [])),
    graphics: ['pic', 'grpSp', 'cxnSp', 'graphicFrame'].reduce((n, k) => n + asArray(get(tree, k)).length, 0) + asArray(get(tree, 'sp')).filter((sp) => !get(sp, 'nvSpPr', 'nvPr', 'ph')).length,
  };
  const layoutIds = asArray(get(root, 'sldLayoutIdLst', 'sldLayoutId'));
  for (const entry of layoutIds) {
    const rel = rels.find((r) => r.id === get(entry, '@r:id'));
    if (!rel || !pkg.has(rel.part)) continue;
    const layout = readLayout(pkg, rel.part, master, ctx, get(root, 'txStyles'));
    if (layout) master.layouts.push(layout);
  }
  return master;
}

function readLayout(pkg: OoxmlPackage, part: string, master: MasterModel, ctx: StyleContext, txStyles: unknown): LayoutModel | undefined {
  const root = get(pkg.xml(part, true), 'sldLayout');
  if (!root) return undefined;
  const tree = get(root, 'cSld', 'spTree');
  return {
    part,
    name: String(get(root, 'cSld', '@name') ?? ''),
    type: String(get(root, '@type') ?? 'cust'),
    master: master.part,
    placeholders: placeholdersOf(tree, master, ctx, txStyles),
    background: backgroundOf(get(root, 'cSld', 'bg'), pkg, part, ctx),
    showMasterShapes: get(root, '@showMasterSp') !== '0' && get(root, '@showMasterSp') !== 'false',
    pictures: picturesOf(tree, pkg, part),
    pictureBoxes: pictureBoxesOf(tree, pkg, part, ctx),
  };
}

interface StyleContext {
  theme: ThemeModel;
  clrMap: Record<string, string>;
}

/** Every placeholder in a shape tree (groups included); on a layout, what it omits comes from the master's placeholder, else its txStyles. */
function placeholdersOf(tree: unknown, master: MasterModel | undefined, ctx: StyleContext, txStyles?: unknown): PlaceholderModel[] {
  const out: PlaceholderModel[] = [];
  const visit = (node: unknown) => {
    for (const kind of ['sp', 'pic', 'graphicFrame']) {
      for (const sp of asArray(get(node, kind))) {
        const nv = get(sp, kind === 'sp' ? 'nvSpPr' : kind === 'pic' ? 'nvPicPr' : 'nvGraphicFramePr');
        const ph = get(nv, 'nvPr', 'ph');
        if (ph === undefined) continue;
        const typeAttr = get(ph, '@type');
        const idxAttr = get(ph, '@idx');
        const type = typeof typeAttr === 'string' ? typeAttr : 'obj';
        const idx = idxAttr === undefined ? 0 : Number(idxAttr) || 0;
        const own = boxOf(get(sp, 'spPr', 'xfrm'));
        const inherited = master ? masterPlaceholder(master, type, idx) : undefined;
        const ownStyle = styleOf(get(sp, 'txBody'), ctx);
        // A layout placeholder the master has no placeholder for still inherits the master's txStyles.
        const style = { ...(inherited?.style ?? txStyle(txStyles, type, ctx)), ...definedOnly(ownStyle) };
        out.push({
          type,
          idx,
          typeWritten: typeof typeAttr === 'string',
          orient: get(ph, '@orient'),
          sz: get(ph, '@sz'),
          box: own ?? inherited?.box,
          boxFrom: own ? (master ? 'layout' : 'master') : inherited?.box ? 'master' : undefined,
          style,
          name: String(get(nv, 'cNvPr', '@name') ?? ''),
        });
      }
    }
    for (const group of asArray(get(node, 'grpSp'))) visit(group);
  };
  visit(tree);
  if (!master && txStyles !== undefined) {
    // The master's own placeholders take their look from txStyles under their lstStyle.
    for (const p of out) p.style = { ...txStyle(txStyles, p.type, ctx), ...definedOnly(p.style) };
  }
  return out;
}

/** The master's placeholder a layout placeholder inherits from: same type (body stands in for content). */
export function masterPlaceholder(master: MasterModel, type: string, idx: number): PlaceholderModel | undefined {
  const family = (t: string) => (t === 'ctrTitle' ? 'title' : t === 'subTitle' || t === 'obj' || t === 'body' ? 'body' : t);
  return master.placeholders.find((p) => p.type === type && (p.idx === idx || !['dt', 'ftr', 'sldNum'].includes(type))) ?? master.placeholders.find((p) => family(p.type) === family(type));
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function txStyle(txStyles: unknown, type: string, ctx: StyleContext): PlaceholderStyle {
  const key = type === 'title' || type === 'ctrTitle' ? 'titleStyle' : ['body', 'obj', 'subTitle'].includes(type) ? 'bodyStyle' : 'otherStyle';
  const style = definedOnly(levelStyle(get(txStyles, key, 'lvl1pPr'), ctx));
  return style.size !== undefined || style.color !== undefined ? { ...style, source: 'list' } : style;
}

function styleOf(txBody: unknown, ctx: StyleContext): PlaceholderStyle {
  const lvl = get(txBody, 'lstStyle', 'lvl1pPr');
  let style = levelStyle(lvl, ctx);
  if (style.size !== undefined || style.color !== undefined) style.source = 'list';
  else {
    // No list style: the prompt text's first paragraph and run show the look.
    const p = asArray(get(txBody, 'p'))[0];
    const run = asArray(get(p, 'r'))[0];
    const sample = levelStyle({ ...((get(p, 'pPr') as Xml | undefined) ?? {}), defRPr: get(run, 'rPr') ?? get(p, 'endParaRPr') }, ctx);
    if (sample.size !== undefined || sample.color !== undefined) style = { ...sample, source: 'sample' };
  }
  const bodyPr = get(txBody, 'bodyPr');
  const anchor = get(bodyPr, '@anchor');
  if (anchor) style.valign = anchor === 'ctr' ? 'middle' : anchor === 'b' ? 'bottom' : 'top';
  const inset = (name: string) => {
    const emu = Number(get(bodyPr, `@${name}`));
    return get(bodyPr, `@${name}`) !== undefined && Number.isFinite(emu) && emu >= 0 ? inches(emu) : undefined;
  };
  style.insetLeft = inset('lIns');
  style.insetTop = inset('tIns');
  style.insetRight = inset('rIns');
  style.insetBottom = inset('bIns');
  if (get(bodyPr, 'normAutofit') !== undefined) style.autofit = 'shrink';
  else if (get(bodyPr, 'noAutofit') !== undefined) style.autofit = 'none';
  else if (get(bodyPr, 'spAutoFit') !== undefined) style.autofit = 'resize';
  return style;
}

function levelStyle(lvl: unknown, ctx: StyleContext): PlaceholderStyle {
  const rpr = get(lvl, 'defRPr');
  const sz = Number(get(rpr, '@sz'));
  const algn = get(lvl, '@algn');
  const typeface = get(rpr, 'latin', '@typeface');
  const font = typeof typeface === 'string' ? resolveFont(typeface, ctx.theme) : undefined;
  const eaFace = get(rpr, 'ea', '@typeface');
  const ea = typeof eaFace === 'string' ? resolveFont(eaFace, ctx.theme) : undefined;
  const b = get(rpr, '@b');
  const i = get(rpr, '@i');
  return {
    size: sz > 0 ? sz / 100 : undefined,
    color: colorOf(get(rpr, 'solidFill'), ctx),
    font: font?.face,
    fontClass: font?.cls,
    eastAsianFont: ea?.face,
    bold: b === undefined ? undefined : b === '1' || b === 'true',
    italic: i === undefined ? undefined : i === '1' || i === 'true',
    align: algn === 'ctr' ? 'center' : algn === 'r' ? 'right' : algn === 'l' || algn === 'just' ? 'left' : undefined,
    bullet: get(lvl, 'buNone') !== undefined ? false : get(lvl, 'buChar') !== undefined || get(lvl, 'buAutoNum') !== undefined ? true : undefined,
  };
}

/** A typeface as written (`+mj-lt`, `+mn-ea`, or a family name) resolved through the theme's font scheme. */
function resolveFont(typeface: string, theme: ThemeModel): { face?: string; cls?: 'major' | 'minor' } {
  if (typeface.startsWith('+mj')) return { face: typeface.endsWith('-ea') ? theme.fonts.majorEastAsian : typeface.endsWith('-cs') ? undefined : theme.fonts.major, cls: 'major' };
  if (typeface.startsWith('+mn')) return { face: typeface.endsWith('-ea') ? theme.fonts.minorEastAsian : typeface.endsWith('-cs') ? undefined : theme.fonts.minor, cls: 'minor' };
  return { face: typeface || undefined };
}

/** A colour element (`a:srgbClr`, `a:schemeClr`, `a:sysClr`) as hex; luminance modifiers are ignored. */
export function colorOf(fill: unknown, ctx: StyleContext): string | undefined {
  const srgb = get(fill, 'srgbClr', '@val');
  if (typeof srgb === 'string' && /^[0-9a-f]{6}$/i.test(srgb)) return srgb.toUpperCase();
  const sys = get(fill, 'sysClr', '@lastClr');
  if (typeof sys === 'string' && /^[0-9a-f]{6}$/i.test(sys)) return sys.toUpperCase();
  const scheme = get(fill, 'schemeClr', '@val');
  if (typeof scheme === 'string') {
    const slot = (ctx.clrMap[scheme] ?? scheme) as ThemeSlot;
    return ctx.theme.colors[slot];
  }
  return undefined;
}

function backgroundOf(bg: unknown, pkg: OoxmlPackage, part: string, ctx: StyleContext): BackgroundModel | undefined {
  if (bg === undefined) return undefined;
  const pr = get(bg, 'bgPr');
  if (pr !== undefined) {
    if (get(pr, 'solidFill') !== undefined) return { kind: 'solid', color: colorOf(get(pr, 'solidFill'), ctx), pictures: [] };
    if (get(pr, 'gradFill') !== undefined) return { kind: 'gradient', color: colorOf(asArray(get(pr, 'gradFill', 'gsLst', 'gs'))[0], ctx), gradient: gradientOf(get(pr, 'gradFill'), ctx), pictures: [] };
    const embed = get(pr, 'blipFill', 'blip', '@r:embed');
    if (typeof embed === 'string') {
      const picture = pkg.rels(part).find((r) => r.id === embed)?.part;
      return { kind: 'picture', pictures: picture ? [picture] : [] };
    }
    if (get(pr, 'pattFill') !== undefined) return { kind: 'pattern', color: colorOf(get(pr, 'pattFill', 'bgClr'), ctx), pictures: [] };
    return { kind: 'none', pictures: [] };
  }
  const ref = get(bg, 'bgRef');
  if (ref !== undefined) return { kind: 'theme', color: colorOf(ref, ctx), pictures: [] };
  return undefined;
}

function picturesOf(tree: unknown, pkg: OoxmlPackage, part: string): string[] {
  return pictureBoxesOf(tree, pkg, part).map((p) => p.part);
}

/**
 * What a master or layout draws besides its placeholders, bottom first (by shape id, the order the
 * file writes them in): pictures and shapes filled with a picture, and, with `ctx`, shapes whose
 * outline brief can draw (preset rectangles, ellipses, triangles… and custom paths) with their solid
 * or gradient fill, outline, rotation and flips: what a preview can draw of the master's graphics.
 * Groups are resolved into slide coordinates.
 */
function pictureBoxesOf(tree: unknown, pkg: OoxmlPackage, part: string, ctx?: StyleContext): BackdropItem[] {
  const out: { id: number; item: BackdropItem }[] = [];
  const rels = pkg.rels(part);
  const idOf = (nv: unknown) => Number(get(nv, 'cNvPr', '@id')) || 0;
  const visit = (node: unknown, map: (b: BoxIn) => BoxIn) => {
    for (const sp of asArray(get(node, 'sp'))) {
      if (get(sp, 'nvSpPr', 'nvPr', 'ph') !== undefined) continue;
      const own = boxOf(get(sp, 'spPr', 'xfrm'));
      if (!own) continue;
      const box = map(own);
      const id = idOf(get(sp, 'nvSpPr'));
      const embed = get(sp, 'spPr', 'blipFill', 'blip', '@r:embed');
      const target = typeof embed === 'string' ? rels.find((r) => r.id === embed)?.part : undefined;
      if (target) {
        out.push({ id, item: { part: target, box } });
        continue;
      }
      if (!ctx) continue;
      const item = drawingOf(get(sp, 'spPr'), box, ctx);
      if (item) out.push({ id, item });
    }
    for (const pic of asArray(get(node, 'pic'))) {
      if (get(pic, 'nvPicPr', 'nvPr', 'ph') !== undefined) continue;
      const embed = get(pic, 'blipFill', 'blip', '@r:embed');
      const target = rels.find((r) => r.id === embed)?.part;
      const own = boxOf(get(pic, 'spPr', 'xfrm'));
      if (target) out.push({ id: idOf(get(pic, 'nvPicPr')), item: { part: target, box: own ? map(own) : undefined } });
    }
    for (const group of asArray(get(node, 'grpSp'))) {
      const xfrm = get(group, 'grpSpPr', 'xfrm');
      const off = boxOf(xfrm);
      const ch = boxOf({ off: get(xfrm, 'chOff'), ext: get(xfrm, 'chExt') });
      // child coordinates (chOff/chExt) map onto the group's own box (off/ext)
      const inner = off && ch ? (b: BoxIn): BoxIn => ({ x: off.x + ((b.x - ch.x) * off.w) / ch.w, y: off.y + ((b.y - ch.y) * off.h) / ch.h, w: (b.w * off.w) / ch.w, h: (b.h * off.h) / ch.h }) : (b: BoxIn) => b;
      visit(group, (b) => map(inner(b)));
    }
  };
  visit(tree, (b) => b);
  return out.sort((a, b) => a.id - b.id).map((o) => o.item);
}

/** A shape's outline, fill and line as the preview draws them; undefined when there is nothing brief can show. */
function drawingOf(spPr: unknown, box: BoxIn, ctx: StyleContext): BackdropItem | undefined {
  const prst = get(spPr, 'prstGeom', '@prst');
  const custom = get(spPr, 'custGeom', '@d');
  const adj = Number(/^val (-?\d+)$/.exec(String(get(asArray(get(spPr, 'prstGeom', 'avLst', 'gd'))[0], '@fmla') ?? ''))?.[1]);
  const path = typeof custom === 'string' ? scalePath(custom, box.w, box.h) : typeof prst === 'string' ? presetPath(prst, box.w, box.h, Number.isFinite(adj) ? adj : undefined) : undefined;
  if (!path) return undefined;
  const solid = get(spPr, 'solidFill');
  const grad = get(spPr, 'gradFill');
  const alpha = alphaOf(solid);
  const paint: Paint | undefined = solid !== undefined ? { color: colorOf(solid, ctx), ...(alpha < 1 ? { opacity: alpha } : {}) } : grad !== undefined ? { gradient: gradientOf(grad, ctx) } : undefined;
  const lineColor = colorOf(get(spPr, 'ln', 'solidFill'), ctx);
  const lineWidth = Number(get(spPr, 'ln', '@w') ?? 9525) / 12700;
  const line = lineColor && lineWidth > 0 ? { color: lineColor, width: Math.round(lineWidth * 100) / 100 } : undefined;
  if (!(paint?.color || paint?.gradient?.stops.length) && !line) return undefined;
  const xfrm = get(spPr, 'xfrm');
  const rot = Number(get(xfrm, '@rot') ?? 0) / 60000;
  const flip = (k: string) => get(xfrm, `@${k}`) === '1' || get(xfrm, `@${k}`) === 'true';
  // a plain filled rectangle stays the simple entry it has always been
  if (prst === 'rect' && paint?.color && paint.opacity === undefined && !line && !rot) return { part: '', box, fill: paint.color };
  return { part: '', box, path, ...(paint ? { paint } : {}), ...(line ? { line } : {}), ...(rot ? { rotation: rot } : {}), ...(flip('flipH') ? { flipH: true } : {}), ...(flip('flipV') ? { flipV: true } : {}) };
}

/** The opacity a colour element's `a:alpha` gives (1 when it has none). */
function alphaOf(fill: unknown): number {
  for (const kind of ['srgbClr', 'schemeClr', 'sysClr', 'prstClr']) {
    const v = Number(get(fill, kind, 'alpha', '@val'));
    if (Number.isFinite(v) && get(fill, kind, 'alpha') !== undefined) return Math.max(0, Math.min(1, v / 100000));
  }
  return 1;
}

/** `a:gradFill` as stops (0–1) and a direction: `lin ang` in degrees, or radial for `a:path`. */
function gradientOf(grad: unknown, ctx: StyleContext): NonNullable<Paint['gradient']> {
  const stops = asArray(get(grad, 'gsLst', 'gs')).flatMap((gs) => {
    const color = colorOf(gs, ctx);
    return color ? [{ at: Math.max(0, Math.min(1, Number(get(gs, '@pos') ?? 0) / 100000)), color }] : [];
  });
  const angle = Number(get(grad, 'lin', '@ang') ?? 0) / 60000;
  return { angle: Number.isFinite(angle) ? angle : 0, ...(get(grad, 'path') !== undefined ? { radial: true } : {}), stops: stops.sort((a, b) => a.at - b.at) };
}

function readTheme(pkg: OoxmlPackage, part: string | undefined): ThemeModel {
  const root = part ? get(pkg.xml(part), 'theme') : undefined;
  const elements = get(root, 'themeElements');
  const scheme = get(elements, 'clrScheme');
  const colors: ThemeModel['colors'] = {};
  for (const slot of THEME_SLOTS) {
    const c = get(scheme, slot);
    const value = get(c, 'srgbClr', '@val') ?? get(c, 'sysClr', '@lastClr');
    if (typeof value === 'string' && /^[0-9A-Fa-f]{6}$/.test(value)) colors[slot] = value.toUpperCase();
  }
  const fontScheme = get(elements, 'fontScheme');
  const face = (font: string, slot: string) => {
    const v = get(fontScheme, font, slot, '@typeface');
    return typeof v === 'string' && v.trim() ? v : undefined;
  };
  const scripts: Record<string, string> = {};
  for (const font of ['minorFont', 'majorFont']) {
    for (const f of asArray(get(fontScheme, font, 'font'))) {
      const script = get(f, '@script');
      const typeface = get(f, '@typeface');
      if (typeof script === 'string' && typeof typeface === 'string' && typeface.trim() && !scripts[script]) scripts[script] = typeface;
    }
  }
  return {
    part: part ?? '',
    name: String(get(root, '@name') ?? ''),
    colors,
    fonts: { major: face('majorFont', 'latin'), minor: face('minorFont', 'latin'), majorEastAsian: face('majorFont', 'ea'), minorEastAsian: face('minorFont', 'ea'), scripts },
  };
}
