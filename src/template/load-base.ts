/**
 * Loading a template that is a PowerPoint file (`-t corporate.potx`, `template: corporate.potx`) or
 * a folder whose template.json names one (`"base": "corporate.potx"`). The file is read once; its
 * look becomes a template source between brief's default and the folder's template.json, so the
 * usual merge and validation apply and template.json may still override colours or styles.
 */
import { readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { type Diagnostic, didYouMean, error, warning } from '../diagnostics.js';
import { MAX_PACKAGE_BYTES, PackageProblem, openPackage } from '../ooxml/package.js';
import { type PresentationModel, graftPlan, readPresentation } from '../ooxml/presentation.js';
import { type LayoutChoice, type LayoutShape, SLIDE_KINDS, baseLayoutOf, chooseLayouts, layoutsJson } from './base.js';
import { type ImportedTheme, themeToTemplate } from './import.js';
import { type Json, isObject } from './json.js';
import { cacheChecksum, cacheKey, codeStamp, pruneCacheFolder, readCacheEntry, userCacheDir, writeCacheEntry } from './cache-dir.js';
import { locatePointer } from './locate.js';
import type { TemplateSource } from './merge.js';
import type { Template } from './types.js';
import { wcagContrast } from './culori.js';
import { distinctSeries } from './accents.js';
import type { GraftPlan, SlideKind, ThemeColorRef, ThemeColorSlot } from '../deck/types.js';
import { type TemplateColorRefs, applyLuminance, shadeRef } from './theme-refs.js';

export { userCacheDir };

const ACCENT_SLOTS: ThemeColorSlot[] = ['accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6'];

export const POWERPOINT_EXTENSIONS = ['.pptx', '.potx', '.pptm', '.potm'];

export function isPowerPointPath(p: string): boolean {
  return POWERPOINT_EXTENSIONS.includes(path.extname(p).toLowerCase()) || ['.ppt', '.pot'].includes(path.extname(p).toLowerCase());
}

export interface ReadBase {
  model: PresentationModel;
  bytes: number;
}

/** Reads and models a PowerPoint file; a problem is an error at the file. */
export function readBaseFile(file: string, shown: string): { model?: PresentationModel; plan?: GraftPlan; diagnostics: Diagnostic[] } {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return { diagnostics: [error(`template file "${shown}" not found`, { file: shown }, 'check the path; it is relative to the folder it is written in')] };
  }
  try {
    if (size > MAX_PACKAGE_BYTES) openPackage(new Uint8Array(size));
    const pkg = openPackage(readFileSync(file));
    const model = readPresentation(pkg);
    return { model, plan: graftPlan(pkg), diagnostics: [] };
  } catch (e) {
    if (e instanceof PackageProblem) return { diagnostics: [error(e.message, { file: shown }, e.hint)] };
    throw e;
  }
}

/** The model's look as a template source over default (`defaults`: default's merged template.json). */
export function baseSource(
  file: string,
  shown: string,
  model: PresentationModel,
  defaults: Json,
  named: Record<string, string>,
  leaf?: TemplateSource,
): { source?: TemplateSource; base?: Template['base']; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const { choices, problems } = chooseLayouts(model, named);
  const names = [...new Set(model.masters.flatMap((m) => m.layouts.map((l) => l.name)))];
  for (const p of problems) {
    if (p.named && leaf) {
      const pointer = `/layouts/${p.kind}`;
      const at = locatePointer(leaf.text, pointer);
      const wanted = named[p.kind] ?? '';
      const guess = didYouMean(wanted, names);
      diagnostics.push(error(`${pointer}: ${p.message}`, { file: leaf.shown, ...(at ? { line: at.line, column: at.column } : {}) }, p.hint || `${guess ? `did you mean "${guess}"? ` : ''}the file's layouts: ${names.map((n) => `"${n}"`).join(', ')}`));
    } else if (['title', 'section', 'bullets'].includes(p.kind)) {
      diagnostics.push(error(p.message, { file: shown }, p.hint));
    }
  }
  if (diagnostics.length) return { diagnostics };
  const content = choices.bullets!.shape;
  const theme = content.master.theme;
  const imported: ImportedTheme = { name: theme.name, colors: theme.colors, fonts: theme.fonts, slide: { width: model.slide.width, height: model.slide.height } };
  const result = themeToTemplate(imported, defaults, { name: path.basename(file, path.extname(file)), source: path.basename(file), logo: false });
  if (!result.template) {
    return { diagnostics: [error(result.problems.join('; '), { file: shown }, 'fix the theme colours in PowerPoint (Design › Variants › Colors), or use a JSON template')] };
  }
  const json = result.template;
  delete json['extends'];
  const colors = json['colors'] as Json;
  // Text and background as the content layout really has them (a dark template is dark).
  const body = content.bodies[0] ?? content.title;
  const background = content.layout.background?.color ?? content.master.background.color;
  if (background) colors['background'] = background;
  const bg = String(colors['background']);
  // Each colour brief draws with is decided here together with the theme slot it comes from, so the
  // deck writes it as a theme colour (theme-refs.ts). The slide backgrounds are the file's own.
  const slots = theme.colors;
  const refs: TemplateColorRefs = { primary: { slot: 'dk2' }, surface: { slot: 'lt2' } };
  let textRef: ThemeColorRef | undefined = { slot: 'dk1' };
  // On a dark background the theme's dark text would vanish: take the body placeholder's colour, or light 1.
  if (wcagContrast(`#${colors['text']}`, `#${bg}`) < 4.5) {
    const candidates: [string | undefined, ThemeColorRef | undefined][] = [[body?.style.color, undefined], [slots.lt1, { slot: 'lt1' }], [slots.dk1, { slot: 'dk1' }]];
    const light = candidates.find((c): c is [string, ThemeColorRef | undefined] => !!c[0] && wcagContrast(`#${c[0]}`, `#${bg}`) >= 4.5);
    if (light) {
      colors['text'] = light[0];
      textRef = light[1];
    }
  }
  const textHex = String(colors['text']);
  if (textRef) {
    refs['text'] = textRef;
    // Muted text and gridlines are shades of the text colour, as PowerPoint's palette offers them
    // ("Text 1, lighter 50%"): lighter for dark text, darker for light text; muted stays readable.
    const dark = wcagContrast(`#${textHex}`, '#000000') < wcagContrast(`#${textHex}`, '#FFFFFF');
    const toward = (t: number) => (dark ? shadeRef(textRef!, t) : shadeRef(textRef!, -t));
    let muted: ThemeColorRef = textRef;
    for (let t = 0.45; t > 0; t -= 0.05) {
      const candidate = toward(Math.round(t * 100) / 100);
      if (wcagContrast(`#${applyLuminance(textHex, candidate)}`, `#${bg}`) >= 4.5) {
        muted = candidate;
        break;
      }
    }
    colors['muted'] = applyLuminance(textHex, muted);
    refs['muted'] = muted;
    const grid = toward(dark ? 0.85 : 0.7);
    colors['grid'] = applyLuminance(textHex, grid);
    refs['grid'] = grid;
  }
  // Text on the primary colour (dk2): whichever of light 1 and dark 1 reads better on it.
  const onPrimary: ThemeColorSlot = wcagContrast(`#${slots.lt1}`, `#${slots.dk2}`) >= wcagContrast(`#${slots.dk1}`, `#${slots.dk2}`) ? 'lt1' : 'dk1';
  colors['onPrimary'] = slots[onPrimary]!;
  refs['onPrimary'] = { slot: onPrimary };
  if (slots.hlink) {
    colors['link'] = slots.hlink;
    refs['link'] = { slot: 'hlink' };
  }
  const accentSlots = ACCENT_SLOTS.filter((slot) => slots[slot]);
  const accents = accentSlots.map((slot) => slots[slot]!);
  colors['accents'] = accents;
  colors['chart'] = [...accents];
  refs['accents'] = accents.map((_, i) => (accentSlots[i] ? { slot: accentSlots[i] } : null));
  if (accents.length) {
    const best = accents.map((hex, i) => ({ hex, i })).sort((a, b) => wcagContrast(`#${b.hex}`, `#${bg}`) - wcagContrast(`#${a.hex}`, `#${bg}`))[0]!;
    colors['highlight'] = best.hex;
    if (accentSlots[best.i]) refs['highlight'] = { slot: accentSlots[best.i]! };
  }
  const series = distinctSeries(accents, refs['accents']);
  colors['chart'] = series.colors;
  refs['chart'] = series.refs ?? [];
  if (series.note) diagnostics.push(warning(series.note, { file: shown }, 'set further-apart accent colours in the file (Design › Variants › Colors › Customize), or list chart colours under "colors": {"chart": […]} in template.json'));
  json['slide'] = { width: model.slide.width, height: model.slide.height };
  json['footer'] = null;
  json['logo'] = null;
  json['layouts'] = layoutsJson(choices, defaults, model.slide, { text: String(colors['text']), background: String(colors['background']) });
  const layouts: NonNullable<Template['base']>['layouts'] = {};
  const reasons: Record<string, string> = {};
  for (const kind of SLIDE_KINDS) {
    const c = choices[kind];
    if (!c) continue;
    layouts[kind] = baseLayoutOf(c.shape);
    reasons[kind] = c.reason;
  }
  const text = JSON.stringify(json, null, 2);
  const source: TemplateSource = { shown, dir: path.dirname(file), text, raw: json, origins: originsOf(choices, json['layouts'] as Json, theme.name, refs, textRef ? undefined : content) };
  return { source, base: { file, layouts, reasons, colorRefs: refs }, diagnostics };
}

const SLOT_NAMES: Record<ThemeColorSlot, string> = {
  dk1: 'Text/Background – Dark 1',
  lt1: 'Text/Background – Light 1',
  dk2: 'Text/Background – Dark 2',
  lt2: 'Text/Background – Light 2',
  accent1: 'Accent 1',
  accent2: 'Accent 2',
  accent3: 'Accent 3',
  accent4: 'Accent 4',
  accent5: 'Accent 5',
  accent6: 'Accent 6',
  hlink: 'Hyperlink',
  folHlink: 'Followed Hyperlink',
};

/**
 * What each part of the template made from the file stands for in the file, by JSON pointer, so a
 * diagnostic (a contrast warning) names the layout, master, placeholder or theme colour to change.
 */
function originsOf(choices: Partial<Record<SlideKind, LayoutChoice>>, layouts: Json, themeName: string, refs: TemplateColorRefs, textFrom: LayoutShape | undefined): Record<string, string> {
  const where = (s: LayoutShape) => `layout "${s.layout.name}" (master "${s.master.name}")`;
  const theme = themeName ? `theme "${themeName}"` : 'the theme';
  const out: Record<string, string> = { '': `the file's ${theme}` };
  for (const [name, ref] of Object.entries(refs)) {
    if (Array.isArray(ref)) {
      ref.forEach((r, i) => {
        if (r) out[`/colors/${name}/${i}`] = `${theme}'s colour ${SLOT_NAMES[r.slot]} (${r.slot})`;
      });
      out[`/colors/${name}`] = `${theme}'s accent colours`;
      continue;
    }
    const slot = `${SLOT_NAMES[ref.slot]} (${ref.slot})`;
    out[`/colors/${name}`] = ref.lumMod === undefined && ref.lumOff === undefined ? `${theme}'s colour ${slot}` : `${theme}'s colour ${slot}, which brief's ${name} colour is a shade of`;
  }
  if (textFrom) out['/colors/text'] = `the text colour of the body placeholder of ${where(textFrom)}`;
  for (const [kind, choice] of Object.entries(choices) as [SlideKind, LayoutChoice][]) {
    const s = choice.shape;
    const p = `/layouts/${kind}`;
    out[p] = `${where(s)}, which ${kind} slides use`;
    out[`${p}/background`] = `the background of ${where(s)}`;
    const styles = isObject(layouts[kind]) && isObject((layouts[kind] as Json)['styles']) ? Object.keys((layouts[kind] as Json)['styles'] as Json) : [];
    for (const style of styles) out[`${p}/styles/${style}`] ??= `brief's "${style}" text on ${where(s)}`;
    out[`${p}/styles/title`] = `the title placeholder of ${where(s)}`;
    if (kind === 'title' || kind === 'section') {
      const sub = s.subtitle ? 'subtitle' : 'body';
      out[`${p}/styles/subtitle`] = `the ${sub} placeholder of ${where(s)}`;
      out[`${p}/styles/meta`] = `the ${sub} placeholder of ${where(s)}`;
    }
    if (s.bodies.length) out[`${p}/styles/body`] = `the body placeholder of ${where(s)}`;
  }
  return out;
}

/** template.json of a folder on a PowerPoint file: `base`, and `layouts` entries naming the file's layouts. */
export function splitBaseTemplateJson(raw: Json): { named: Record<string, string>; rest: Json } {
  const named: Record<string, string> = {};
  const rest: Json = { ...raw };
  delete rest['base'];
  if (isObject(raw['layouts'])) {
    const layouts: Json = {};
    for (const [kind, value] of Object.entries(raw['layouts'])) {
      if (typeof value === 'string') named[kind] = value;
      else layouts[kind] = value;
    }
    if (Object.keys(layouts).length) rest['layouts'] = layouts;
    else delete rest['layouts'];
  }
  return { named, rest };
}

/** Where the reading of template files is kept between builds (a cache: deleting it is always safe). */
export function baseCacheDir(): string {
  return path.join(userCacheDir(), 'templates');
}

/** The cache keeps the entries of this many template files (each a few to some tens of kB), the most recently used. */
export const BASE_CACHE_ENTRIES = 32;
const CACHE_VERSION = '5';

/**
 * What a reading of the file depends on: brief's reading code, the file's bytes (their size and
 * CRC-32) and `extra`; undefined for a file over the limit. The entry repeats it and is used only
 * when it is the same (readBaseCache), so the key, shorter, need not be unique.
 */
export function baseCacheIdentity(file: string, extra: string[]): string | undefined {
  if (statSync(file).size > MAX_PACKAGE_BYTES) return undefined;
  const bytes = readFileSync(file);
  return [CACHE_VERSION, codeStamp(import.meta.url, ['base', '../ooxml/presentation', '../ooxml/package']), String(bytes.length), cacheChecksum(bytes), ...extra].join('\0');
}

type Made = ReturnType<typeof baseSource>;

/**
 * A cache entry is a line with the checksum of the rest (cacheChecksum), then the JSON of what
 * reading the file gave, with the identity it was made for. An entry that fails the check or is not of that shape (a disk error, a write cut short,
 * an edit by hand) is removed and the file read again.
 */
export function readBaseCache(identity: string, file: string, shown: string, leaf: TemplateSource | undefined): Made | undefined {
  const entry = path.join(baseCacheDir(), `${cacheKey(identity)}.json`);
  const value = readCacheEntry(entry);
  if (value === undefined) return undefined;
  if (!isEntry(value)) {
    rmSync(entry, { force: true });
    return undefined;
  }
  // another reading under the same name: this one is made again and takes the name
  if (value.identity !== identity) return undefined;
  try {
    // the most recently used entries are the ones kept
    const now = new Date();
    utimesSync(entry, now, now);
  } catch {
    // a read-only cache still serves
  }
  const text = JSON.stringify(value.json, null, 2);
  return { source: { shown, dir: path.dirname(file), text, raw: value.json, ...(value.origins ? { origins: value.origins } : {}) }, base: { ...value.base, file }, diagnostics: value.diagnostics };
}

interface Entry {
  identity: string;
  json: Json;
  origins?: Record<string, string>;
  base: NonNullable<Template['base']>;
  diagnostics: Diagnostic[];
}

function isEntry(value: unknown): value is Entry {
  return isObject(value) && typeof value['identity'] === 'string' && isObject(value['json']) && isObject(value['base']) && isObject(value['base']['layouts']) && Array.isArray(value['diagnostics']);
}

export function writeBaseCache(identity: string, made: Made): void {
  const dir = baseCacheDir();
  const entry: Entry = { identity, json: made.source!.raw, ...(made.source!.origins ? { origins: made.source!.origins } : {}), base: made.base!, diagnostics: made.diagnostics };
  if (writeCacheEntry(path.join(dir, `${cacheKey(identity)}.json`), entry)) pruneCacheFolder(dir, BASE_CACHE_ENTRIES);
}
