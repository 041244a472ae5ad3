import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Diagnostic, type SourcePoint, error, didYouMean } from '../diagnostics.js';
import type { Template, TemplateLayout, TemplateTextStyle } from './types.js';
import type { Box } from '../deck/types.js';

/** Templates shipped with brief, next to dist/ (and src/ when run from source). */
export const BUILTIN_TEMPLATES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');

const HEX = /^#?[0-9A-Fa-f]{6}$/;

/**
 * Finds a template by name or path: a path is used as is; a name is looked up in the briefing's
 * templates/, then ./templates/, then the templates shipped with brief (DESIGN.md §2).
 */
export function resolveTemplateDir(nameOrPath: string, briefingDir: string, cwd: string): { dir?: string; searched: string[] } {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.startsWith('.');
  const candidates = looksLikePath
    ? [path.resolve(briefingDir, nameOrPath), path.resolve(cwd, nameOrPath)]
    : [path.join(briefingDir, 'templates', nameOrPath), path.join(cwd, 'templates', nameOrPath), path.join(BUILTIN_TEMPLATES, nameOrPath)];
  const dir = candidates.find((c) => existsSync(path.join(c, 'template.json')));
  return { dir, searched: [...new Set(candidates)] };
}

export function listTemplateNames(briefingDir: string, cwd: string): string[] {
  const names = new Set<string>();
  for (const root of [path.join(briefingDir, 'templates'), path.join(cwd, 'templates'), BUILTIN_TEMPLATES]) {
    try {
      for (const entry of readdirNames(root)) if (existsSync(path.join(root, entry, 'template.json'))) names.add(entry);
    } catch {
      // a missing templates folder simply contributes no names
    }
  }
  return [...names].sort();
}

function readdirNames(dir: string): string[] {
  return statSync(dir).isDirectory() ? readdirSync(dir) : [];
}

/** Reads and validates template.json; every problem names the file and its JSON path. */
export function loadTemplate(dir: string): { template?: Template; diagnostics: Diagnostic[] } {
  const file = path.join(dir, 'template.json');
  const shown = path.relative(process.cwd(), file) || file;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { diagnostics: [error(`cannot read template: ${message}`, { file: shown }, 'template.json must be valid JSON')] };
  }
  return validateTemplate(raw, dir, shown);
}

type Json = Record<string, unknown>;

export function validateTemplate(raw: unknown, dir: string, shown: string): { template?: Template; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at: SourcePoint = { file: shown };
  const fail = (pointer: string, message: string, hint?: string) => diagnostics.push(error(`${pointer}: ${message}`, at, hint));
  if (!isObject(raw)) return { diagnostics: [error('/: the template must be a JSON object', at)] };

  const slide = raw['slide'];
  let width = 13.333;
  let height = 7.5;
  if (!isObject(slide) || !isPositive(slide['width']) || !isPositive(slide['height'])) {
    fail('/slide', 'must be { "width": inches, "height": inches }', 'for 16:9 write { "width": 13.333, "height": 7.5 }');
  } else {
    width = slide['width'] as number;
    height = slide['height'] as number;
  }

  const colors = raw['colors'];
  const required = ['background', 'surface', 'text', 'muted', 'primary', 'onPrimary', 'positive', 'negative', 'highlight', 'grid', 'link'];
  const resolved: Record<string, string | string[]> = {};
  if (!isObject(colors)) fail('/colors', 'is required: a map of colour names to hex values');
  else {
    for (const [name, value] of Object.entries(colors)) {
      if (Array.isArray(value)) {
        const list: string[] = [];
        value.forEach((v, i) => {
          if (typeof v === 'string' && HEX.test(v)) list.push(v.replace('#', '').toUpperCase());
          else fail(`/colors/${name}/${i}`, `${JSON.stringify(v)} is not a colour`, 'write colours as 6-digit hex, e.g. "143D6B"');
        });
        resolved[name] = list;
      } else if (typeof value === 'string' && HEX.test(value)) resolved[name] = value.replace('#', '').toUpperCase();
      else fail(`/colors/${name}`, `${JSON.stringify(value)} is not a colour`, 'write colours as 6-digit hex, e.g. "143D6B"');
    }
    for (const name of required) if (!(name in colors)) fail(`/colors/${name}`, 'is required', 'add it as a 6-digit hex colour');
    for (const name of ['accents', 'chart']) {
      if (!Array.isArray(colors[name]) || (colors[name] as unknown[]).length === 0) fail(`/colors/${name}`, 'must be a non-empty list of colours');
    }
  }
  const colorOf = (value: unknown, pointer: string): string => {
    if (typeof value === 'string') {
      if (HEX.test(value)) return value.replace('#', '').toUpperCase();
      const named = resolved[value];
      if (typeof named === 'string') return named;
      const guess = didYouMean(value, Object.keys(resolved));
      fail(pointer, `${JSON.stringify(value)} is neither a hex colour nor a theme colour`, guess ? `did you mean "${guess}"?` : `theme colours: ${Object.keys(resolved).join(', ')}`);
    } else fail(pointer, 'must be a colour (hex or a theme colour name)');
    return '000000';
  };

  const fonts = raw['fonts'];
  const fontNames = { heading: 'Calibri', body: 'Calibri', eastAsian: 'Malgun Gothic', mono: 'Consolas' };
  if (!isObject(fonts)) fail('/fonts', 'is required: { "heading", "body", "eastAsian", "mono" }');
  else
    for (const key of Object.keys(fontNames) as (keyof typeof fontNames)[]) {
      if (typeof fonts[key] === 'string' && (fonts[key] as string).trim()) fontNames[key] = fonts[key] as string;
      else fail(`/fonts/${key}`, 'is required: a font name', 'e.g. "Calibri"');
    }

  const boxOf = (value: unknown, pointer: string): Box => {
    if (!isObject(value) || !['x', 'y', 'w', 'h'].every((k) => typeof value[k] === 'number')) {
      fail(pointer, 'must be a box { "x", "y", "w", "h" } in inches');
      return { x: 0, y: 0, w: 1, h: 1 };
    }
    const b = value as unknown as Box;
    if (b.w <= 0 || b.h <= 0 || b.x < 0 || b.y < 0 || b.x + b.w > width + 0.001 || b.y + b.h > height + 0.001) {
      fail(pointer, `box ${JSON.stringify(b)} lies outside the ${width}×${height} in slide`, 'keep x+w within the slide width and y+h within its height');
    }
    return b;
  };
  const styleOf = (value: unknown, pointer: string): TemplateTextStyle => {
    if (!isObject(value) || !isPositive(value['size'])) {
      fail(pointer, 'must be a style with at least "size" (points) and "color"');
      return { size: 12, color: '000000' };
    }
    return { ...(value as unknown as TemplateTextStyle), color: colorOf(value['color'], `${pointer}/color`) };
  };

  const layouts: Record<string, TemplateLayout> = {};
  const rawLayouts = raw['layouts'];
  if (!isObject(rawLayouts)) fail('/layouts', 'is required: one entry per layout (title, bullets, …)');
  else {
    for (const [name, layout] of Object.entries(rawLayouts)) {
      const p = `/layouts/${name}`;
      if (!isObject(layout)) {
        fail(p, 'must be an object with "regions" and "styles"');
        continue;
      }
      const regions: Record<string, Box> = {};
      const styles: Record<string, TemplateTextStyle> = {};
      for (const [r, box] of Object.entries(isObject(layout['regions']) ? layout['regions'] : {})) regions[r] = boxOf(box, `${p}/regions/${r}`);
      for (const [s, style] of Object.entries(isObject(layout['styles']) ? layout['styles'] : {})) styles[s] = styleOf(style, `${p}/styles/${s}`);
      layouts[name] = {
        background: layout['background'] === undefined ? undefined : colorOf(layout['background'], `${p}/background`),
        regions,
        styles,
        footer: layout['footer'] !== false,
        logo: layout['logo'] !== false,
      };
    }
    for (const name of ['title', 'section', 'bullets']) if (!(name in rawLayouts)) fail(`/layouts/${name}`, 'is required');
  }

  let footer: Template['footer'];
  if (raw['footer'] !== undefined) {
    const f = raw['footer'];
    if (!isObject(f)) fail('/footer', 'must be an object with "box" and "style"');
    else
      footer = {
        box: boxOf(f['box'], '/footer/box'),
        left: optionalString(f['left']),
        center: optionalString(f['center']),
        right: optionalString(f['right']),
        style: styleOf(f['style'], '/footer/style'),
      };
  }

  let logo: Template['logo'];
  if (raw['logo'] !== undefined) {
    const l = raw['logo'];
    if (!isObject(l) || typeof l['file'] !== 'string') fail('/logo', 'must be { "file": "logo.png", "box": {…} }');
    else {
      const file = path.resolve(dir, l['file']);
      if (!isInside(dir, file)) fail('/logo/file', `"${l['file']}" is outside the template folder`, 'put the logo inside the template folder');
      else if (!existsSync(file)) fail('/logo/file', `"${l['file']}" does not exist in ${shownDir(dir)}`, 'copy the logo into the template folder or fix the file name');
      logo = { file, box: boxOf(l['box'], '/logo/box'), alt: optionalString(l['alt']) };
    }
  }

  const minFontSize = isPositive(raw['minFontSize']) ? (raw['minFontSize'] as number) : 14;
  if (diagnostics.length) return { diagnostics };
  return {
    template: {
      name: typeof raw['name'] === 'string' ? raw['name'] : path.basename(dir),
      description: typeof raw['description'] === 'string' ? raw['description'] : '',
      dir,
      slide: { width, height },
      colors: resolved as Template['colors'],
      fonts: fontNames,
      minFontSize,
      footer,
      logo,
      layouts,
    },
    diagnostics,
  };
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isPositive(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}
function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function shownDir(dir: string): string {
  return path.relative(process.cwd(), dir) || '.';
}

/** True when `file` (after resolving symlinks where it exists) is inside `dir`. */
export function isInside(dir: string, file: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const rel = path.relative(real(dir), real(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
