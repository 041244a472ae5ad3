/**
 * `brief template import`: an organisation's PowerPoint theme (.pptx or .potx) → a template that
 * extends default and carries the theme's colours, fonts, slide size and, when asked, its logo.
 * Pure: bytes in, template JSON and logo bytes out.
 */
import path from 'node:path';
import { type OoxmlPackage, PackageProblem, openPackage } from '../ooxml/package.js';
import { type PresentationModel, readPresentation } from '../ooxml/presentation.js';
import { formatHex, interpolate, wcagContrast } from './culori.js';
import type { Box, ThemeColorSlot } from '../deck/types.js';
import { type Json, isObject } from './json.js';

const EMU_PER_IN = 914400;
const PICTURE_TYPES: Record<string, string> = { '.png': '.png', '.jpg': '.jpg', '.jpeg': '.jpg', '.gif': '.gif', '.svg': '.svg' };

export interface ImportedTheme {
  name: string;
  colors: Partial<Record<ThemeColorSlot, string>>;
  fonts: { major?: string; minor?: string; majorEastAsian?: string; minorEastAsian?: string; scripts: Record<string, string> };
  slide?: { width: number; height: number };
  logo?: { part: string; bytes: Uint8Array; box: Box; alt?: string };
}

export interface ImportResult {
  template?: Json;
  /** File name inside the new template folder → bytes. */
  assets: Record<string, Uint8Array>;
  /** What was read and how it was used, for the user. */
  notes: string[];
  /** Problems with the file; the import fails when `template` is undefined. */
  problems: string[];
}

/** Reads the first slide master's theme, the slide size and the master's first picture (through the one OOXML reader). */
export function readTheme(bytes: Uint8Array): { theme?: ImportedTheme; problems: string[] } {
  let pkg: OoxmlPackage;
  let model: PresentationModel;
  try {
    pkg = openPackage(bytes);
    model = readPresentation(pkg);
  } catch (e) {
    if (e instanceof PackageProblem) return { problems: [e.message] };
    throw e;
  }
  const master = model.masters[0]!;
  if (!master.theme.part) return { problems: ['the file has no slide master with a theme'] };
  const xml = (name: string): Json | undefined => pkg.xml(name) as Json | undefined;
  return {
    theme: {
      name: master.theme.name,
      colors: master.theme.colors,
      fonts: master.theme.fonts,
      slide: { width: model.slide.width, height: model.slide.height },
      logo: firstPicture(xml, pkg.parts as Record<string, Uint8Array>, master.part),
    },
    problems: [],
  };
}

/**
 * The theme as a template over `base` (default's merged JSON): what differs from it only, so the
 * layouts keep following default. Geometry is scaled when the slide size differs from the base's.
 */
export function themeToTemplate(theme: ImportedTheme, base: Json, options: { name: string; source: string; logo: boolean }): ImportResult {
  const notes: string[] = [];
  const c = theme.colors;
  const missing = (['dk1', 'lt1', 'dk2', 'lt2', 'accent1'] as const).filter((s) => !c[s]);
  if (missing.length) return { assets: {}, notes, problems: [`the theme's colour scheme lacks ${missing.join(', ')}`] };
  const text = c.dk1!;
  const background = c.lt1!;
  const primary = c.dk2!;
  const accents = (['accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6'] as const).flatMap((s) => c[s] ?? []);
  const onPrimary = contrast(background, primary) >= contrast(text, primary) ? background : text;
  // The highlight colour marks rules and numbers on both the background and primary slides.
  const highlight = [...accents].sort((a, b) => readability(b, background, primary) - readability(a, background, primary))[0]!;
  const colors: Json = {
    background,
    surface: c.lt2!,
    text,
    muted: readableMix(text, background, 0.4),
    primary,
    onPrimary,
    onPrimaryMuted: mix(onPrimary, primary, 0.25),
    accents,
    highlight,
    grid: mix(background, text, 0.15),
    chart: accents,
    ...(c.hlink ? { link: c.hlink } : {}),
  };
  notes.push(`colours: text ${text} (dk1), background ${background} (lt1), primary ${primary} (dk2), surface ${c.lt2} (lt2), accents and chart ${accents.join(' ')}, highlight ${highlight}${c.hlink ? `, link ${c.hlink} (hlink)` : ''}`);

  const f = theme.fonts;
  const eastAsian = f.minorEastAsian ?? f.majorEastAsian ?? f.scripts['Hang'] ?? f.scripts['Hans'] ?? f.scripts['Jpan'] ?? f.scripts['Hant'];
  const fonts: Json = {};
  if (f.major) fonts['heading'] = f.major;
  if (f.minor) fonts['body'] = f.minor;
  if (eastAsian) fonts['eastAsian'] = eastAsian;
  const scriptNote = ['Hang', 'Hans', 'Hant', 'Jpan'].filter((s) => f.scripts[s]).map((s) => `${s} ${f.scripts[s]}`);
  notes.push(`fonts: heading ${f.major ?? '(default)'}, body ${f.minor ?? '(default)'}, East Asian ${eastAsian ?? '(default)'}${scriptNote.length ? ` (theme's script fonts: ${scriptNote.join(', ')})` : ''}`);

  const template: Json = { extends: 'default', name: options.name, description: `Imported from ${options.source}${theme.name ? ` (theme "${theme.name}")` : ''}`, colors, fonts };
  const baseSlide = base['slide'] as { width: number; height: number };
  if (theme.slide && (Math.abs(theme.slide.width - baseSlide.width) > 0.01 || Math.abs(theme.slide.height - baseSlide.height) > 0.01)) {
    template['slide'] = theme.slide;
    Object.assign(template, scaledGeometry(base, theme.slide.width / baseSlide.width, theme.slide.height / baseSlide.height));
    notes.push(`slide size ${theme.slide.width} × ${theme.slide.height} in: every region of default was scaled to it`);
  }
  const assets: Record<string, Uint8Array> = {};
  if (options.logo) {
    const logo = theme.logo;
    const ext = logo ? PICTURE_TYPES[path.extname(logo.part).toLowerCase()] : undefined;
    if (!logo) return { assets, notes, problems: ['--logo: the slide master has no picture to use as the logo'] };
    if (!ext) return { assets, notes, problems: [`--logo: the master's first picture is ${path.extname(logo.part)}, which brief cannot place (PNG, JPEG, GIF or SVG)`] };
    assets[`logo${ext}`] = logo.bytes;
    const box = template['slide'] ? logo.box : clampBox(logo.box, baseSlide);
    template['logo'] = { file: `logo${ext}`, box, alt: logo.alt || `${options.name} logo` };
    notes.push(`logo: ${logo.part} at ${JSON.stringify(box)}`);
  } else {
    // default's logo is brief's own; an organisation's deck should not carry it.
    template['logo'] = null;
  }
  return { template, assets, notes, problems: [] };
}

function scaledGeometry(base: Json, sx: number, sy: number): Json {
  const scale = (b: Box): Box => ({ x: round(b.x * sx), y: round(b.y * sy), w: round(b.w * sx), h: round(b.h * sy) });
  const out: Json = {};
  const layouts = base['layouts'];
  if (isObject(layouts)) {
    out['layouts'] = Object.fromEntries(
      Object.entries(layouts).map(([name, layout]) => {
        const regions = isObject(layout) && isObject(layout['regions']) ? layout['regions'] : {};
        return [name, { regions: Object.fromEntries(Object.entries(regions).map(([r, b]) => [r, scale(b as Box)])) }];
      }),
    );
  }
  for (const key of ['footer', 'logo']) {
    const part = base[key];
    if (isObject(part) && isObject(part['box'])) out[key] = { box: scale(part['box'] as unknown as Box) };
  }
  return out;
}

/** The master's first picture; failing that (pptxgenjs and some tools put pictures on layouts), the first on a layout. */
function firstPicture(xml: (name: string) => Json | undefined, parts: Record<string, Uint8Array>, master: string): ImportedTheme['logo'] {
  const layouts = relsOf(xml, master).filter((r) => r.type.endsWith('/slideLayout'));
  for (const [part, root] of [[master, 'sldMaster'], ...layouts.map((l) => [l.part, 'sldLayout'])] as const) {
    const picture = pictureOn(xml, parts, part, root);
    if (picture) return picture;
  }
  return undefined;
}

function pictureOn(xml: (name: string) => Json | undefined, parts: Record<string, Uint8Array>, master: string, root: string): ImportedTheme['logo'] {
  const tree = get(xml(master), root, 'cSld', 'spTree');
  const pic = asArray(get(tree, 'pic'))[0];
  if (!pic) return undefined;
  const embed = get(pic, 'blipFill', 'blip', '@r:embed');
  const part = typeof embed === 'string' ? relsOf(xml, master).find((r) => r.id === embed)?.part : undefined;
  const off = get(pic, 'spPr', 'xfrm', 'off');
  const ext = get(pic, 'spPr', 'xfrm', 'ext');
  if (!part || !parts[part] || !off || !ext) return undefined;
  const box = { x: inches(Number(get(off, '@x'))), y: inches(Number(get(off, '@y'))), w: inches(Number(get(ext, '@cx'))), h: inches(Number(get(ext, '@cy'))) };
  const alt = get(pic, 'nvPicPr', 'cNvPr', '@descr');
  return { part, bytes: parts[part]!, box, alt: typeof alt === 'string' && alt ? alt : undefined };
}

interface Rel {
  id: string;
  type: string;
  part: string;
}

function relsOf(xml: (name: string) => Json | undefined, source: string): Rel[] {
  const dir = path.posix.dirname(source);
  const rels = xml(`${dir}/_rels/${path.posix.basename(source)}.rels`);
  return asArray(get(rels, 'Relationships', 'Relationship')).flatMap((r) => {
    const target = get(r, '@Target');
    if (typeof target !== 'string' || get(r, '@TargetMode') === 'External') return [];
    const part = target.startsWith('/') ? target.slice(1) : path.posix.normalize(path.posix.join(dir, target));
    return [{ id: String(get(r, '@Id') ?? ''), type: String(get(r, '@Type') ?? ''), part }];
  });
}


function get(value: unknown, ...keys: string[]): any {
  let v: unknown = value;
  for (const k of keys) v = isObject(v) ? v[k] : undefined;
  return v;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}


function inches(emu: number): number {
  return round(emu / EMU_PER_IN);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function clampBox(b: Box, slide: { width: number; height: number }): Box {
  const w = Math.min(b.w, slide.width);
  const h = Math.min(b.h, slide.height);
  return { x: round(Math.min(b.x, slide.width - w)), y: round(Math.min(b.y, slide.height - h)), w, h };
}

function contrast(a: string, b: string): number {
  return wcagContrast(`#${a}`, `#${b}`);
}

function readability(color: string, background: string, primary: string): number {
  return Math.min(contrast(color, background), contrast(color, primary));
}

/** `a` moved toward `b` by `t` (0–1), in sRGB. */
function mix(a: string, b: string, t: number): string {
  return formatHex(interpolate([`#${a}`, `#${b}`], 'rgb')(t)).slice(1).toUpperCase();
}

/** A muted text colour: as far toward the background as `t`, but never below 4.5:1 on it. */
function readableMix(text: string, background: string, t: number): string {
  for (let k = t; k > 0; k -= 0.05) {
    const candidate = mix(text, background, k);
    if (contrast(candidate, background) >= 4.5) return candidate;
  }
  return text;
}
