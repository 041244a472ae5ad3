/**
 * Validation of a merged template against the JSON Schema (schema.json) and the rules a schema
 * cannot say (colour names resolve, boxes lie inside the slide, the logo exists), then resolution
 * to the Template the layout stage reads. Pure: the one thing it needs from the disk, whether a
 * file exists, is passed in.
 */
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import validateSchema from './schema-validator.js';
import { didYouMean } from '../diagnostics.js';
import type { Box } from '../deck/types.js';
import { type Json, joinPointer, pointerSegments } from './json.js';
import { type LayoutAnnotations, contrastProblems } from './contrast.js';
import { type Merged, type MergeProblem, type TemplateSource, describePointer, originOf } from './merge.js';
import schema from './schema.json' with { type: 'json' };
import type { Template, TemplateLayout, TemplateTextStyle, ThemeColors } from './types.js';

export const TEMPLATE_SCHEMA = schema;

const HEX = /^#?[0-9A-Fa-f]{6}$/;
const COLOR_HINT = 'write colours as 6-digit hex, e.g. "143D6B", or name a theme colour such as "primary"';
const IMAGE_TYPES = ['.png', '.jpg', '.jpeg', '.gif', '.svg'];
export const FOOTER_FIELDS = ['deck.title', 'deck.classification', 'deck.organization', 'deck.date', 'slide.number', 'slide.count'];
const DEFAULT_SIZE = 18;
const DEFAULT_MIN_FONT_SIZE = 14;

/**
 * The schema compiled ahead of time (scripts/template-validator.mjs): loading ajv and compiling
 * the schema at every start cost more than the rest of reading a template.
 */
function validator(): ValidateFunction {
  return validateSchema as unknown as ValidateFunction;
}

/** Checks the merged template; every problem names the file that set the value and its JSON path. */
export function checkTemplate(merged: Merged, chain: readonly TemplateSource[], fileExists: (file: string) => boolean): { template?: Template; problems: MergeProblem[] } {
  const leaf = chain[chain.length - 1]!;
  const problems: MergeProblem[] = [...merged.problems];
  const problem = (pointer: string, message: string, hint?: string, severity: 'error' | 'warning' = 'error') =>
    problems.push({ source: originOf(merged, pointer, leaf), pointer, message, hint, severity });
  const validate = validator();
  if (!validate(merged.value)) for (const e of validate.errors ?? []) schemaProblem(e, problem);
  if (problems.some((p) => p.severity !== 'warning')) return { problems };

  const raw = merged.value as unknown as RawTemplate;
  const colors = normalizeColors(raw.colors);
  // Where each style's colour is defined, so a contrast warning can point at the colour to change.
  const definitions = new Map<string, string>();
  const colorOf = (value: string, pointer: string): string => {
    if (HEX.test(value)) return value.replace('#', '').toUpperCase();
    const named = colors[value];
    definitions.set(pointer, joinPointer('/colors', value));
    if (typeof named === 'string') return named;
    const guess = didYouMean(value, Object.keys(colors));
    problem(pointer, `${JSON.stringify(value)} is neither a hex colour nor a theme colour`, guess ? `did you mean "${guess}"?` : `theme colours: ${Object.keys(colors).join(', ')}`);
    return '000000';
  };
  const { width, height } = raw.slide;
  const boxOf = (b: Box, pointer: string): Box => {
    if (b.x + b.w > width + 0.001 || b.y + b.h > height + 0.001) {
      problem(pointer, `box ${JSON.stringify(b)} lies outside the ${width}×${height} in slide`, 'keep x+w within the slide width and y+h within its height');
    }
    return b;
  };
  const styleOf = (s: RawStyle, pointer: string): TemplateTextStyle => ({ ...s, size: s.size ?? DEFAULT_SIZE, color: colorOf(s.color, `${pointer}/color`), ...(HEX.test(s.color) ? {} : { colorName: s.color }) });

  const layouts: Record<string, TemplateLayout> = {};
  for (const [name, layout] of Object.entries(raw.layouts)) {
    const p = joinPointer('/layouts', name);
    const regions: Record<string, Box> = {};
    const styles: Record<string, TemplateTextStyle> = {};
    for (const [r, box] of Object.entries(layout.regions)) regions[r] = boxOf(box, joinPointer(`${p}/regions`, r));
    for (const [s, style] of Object.entries(layout.styles)) styles[s] = styleOf(style, joinPointer(`${p}/styles`, s));
    nearMisses(name, layout, p, problem);
    layouts[name] = {
      background: layout.background === undefined ? undefined : colorOf(layout.background, `${p}/background`),
      regions,
      styles,
      footer: layout.footer !== false,
      logo: layout.logo !== false,
      ...(layout.spacing ? { spacing: layout.spacing } : {}),
    };
  }

  let footer: Template['footer'];
  if (raw.footer) {
    const f = raw.footer;
    for (const side of ['left', 'center', 'right'] as const) checkFooterFields(f[side], `/footer/${side}`, problem);
    footer = { box: boxOf(f.box, '/footer/box'), left: f.left, center: f.center, right: f.right, style: styleOf(f.style, '/footer/style') };
  }

  let logo: Template['logo'];
  if (raw.logo) {
    const dir = originOf(merged, '/logo/file', leaf).dir;
    const file = path.resolve(dir, raw.logo.file);
    const rel = path.relative(dir, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) problem('/logo/file', `"${raw.logo.file}" is outside the template folder`, 'put the logo inside the template folder');
    else if (!fileExists(file)) problem('/logo/file', `"${raw.logo.file}" does not exist`, `copy the logo into ${dir} or fix the file name`);
    else if (!IMAGE_TYPES.includes(path.extname(file).toLowerCase())) problem('/logo/file', `"${raw.logo.file}" is not a PNG, JPEG, GIF or SVG picture`, 'convert the logo to PNG');
    logo = { file, box: boxOf(raw.logo.box, '/logo/box'), alt: raw.logo.alt };
  }
  if (problems.some((p) => p.severity !== 'warning')) return { problems };
  const template: Template = {
    // A name and description describe one file, not its base.
    name: typeof leaf.raw['name'] === 'string' ? leaf.raw['name'] : path.basename(leaf.dir),
    description: typeof leaf.raw['description'] === 'string' ? leaf.raw['description'] : '',
    dir: leaf.dir,
    files: [...chain.map((c) => path.join(c.dir, 'template.json')), ...(logo ? [logo.file] : [])],
    slide: { width, height },
    colors: colors as ThemeColors,
    fonts: raw.fonts,
    minFontSize: raw.minFontSize ?? DEFAULT_MIN_FONT_SIZE,
    ...(raw.accessibility ? { accessibility: raw.accessibility } : {}),
    footer,
    logo,
    layouts,
  };
  const describePlace = (pointer: string) => describePointer(originOf(merged, pointer, leaf), pointer) ?? pointer;
  for (const c of contrastProblems(template, (p) => definitions.get(p) ?? p, layoutAnnotations, describePlace)) problem(blame(merged, chain, c.textPointer, c.backgroundPointer), c.message, c.hint, 'warning');
  return { template, problems };
}

/** Of two places, the one set by the file nearest the leaf: most likely the one the user just changed. */
function blame(merged: Merged, chain: readonly TemplateSource[], first: string, second: string): string {
  const rank = (p: string) => chain.indexOf(originOf(merged, p, chain[chain.length - 1]!));
  return rank(second) > rank(first) ? second : first;
}

type Report = (pointer: string, message: string, hint?: string, severity?: 'error' | 'warning') => void;

interface RawStyle extends Omit<TemplateTextStyle, 'size'> {
  size?: number;
}
interface RawLayout {
  background?: string;
  footer?: boolean;
  logo?: boolean;
  spacing?: TemplateLayout['spacing'];
  regions: Record<string, Box>;
  styles: Record<string, RawStyle>;
}
/** The shape schema.json guarantees once validation passed. */
interface RawTemplate {
  slide: { width: number; height: number };
  colors: Record<string, string | string[]>;
  fonts: Template['fonts'];
  minFontSize?: number;
  accessibility?: Template['accessibility'];
  footer?: { box: Box; left?: string; center?: string; right?: string; style: RawStyle };
  logo?: { file: string; box: Box; alt?: string };
  layouts: Record<string, RawLayout>;
}

function normalizeColors(colors: Record<string, string | string[]>): Record<string, string | string[]> {
  const hex = (c: string) => c.replace('#', '').toUpperCase();
  return Object.fromEntries(Object.entries(colors).map(([k, v]) => [k, Array.isArray(v) ? v.map(hex) : hex(v)]));
}

/**
 * A footer is read by the same `{{ }}` engine as prose, at build time (where the datasets are):
 * here only names of the footer's own namespaces (`deck.`, `slide.`) are checked, so that a typo
 * in a template is reported by `brief template check` too.
 */
function checkFooterFields(text: string | undefined, pointer: string, problem: Report): void {
  const spaces = new Set(FOOTER_FIELDS.map((f) => f.split('.')[0]!));
  for (const m of (text ?? '').matchAll(/(?<!\\)\{\{\s*([^}]*?)\s*\}\}/g)) {
    const name = m[1]!;
    if (FOOTER_FIELDS.includes(name) || !spaces.has(name.split('.')[0]!.trim())) continue;
    const guess = didYouMean(name, FOOTER_FIELDS);
    problem(pointer, `unknown field {{${name}}}`, guess ? `did you mean {{${guess}}}?` : `fields: ${FOOTER_FIELDS.map((f) => `{{${f}}}`).join(', ')}`);
  }
}

/** Region and style names one letter away from those a layout draws are likely typos: say so. */
function nearMisses(name: string, layout: RawLayout, pointer: string, problem: Report): void {
  const known = layoutPartNames(name);
  if (!known) return;
  for (const [kind, names] of [['regions', Object.keys(layout.regions)], ['styles', Object.keys(layout.styles)]] as const) {
    for (const n of names) {
      if (known.includes(n)) continue;
      const guess = didYouMean(n, known);
      if (guess) problem(joinPointer(`${pointer}/${kind}`, n), `the ${name} layout draws no "${n}"`, `did you mean "${guess}"?`, 'warning');
    }
  }
}

interface LayoutEntry {
  'x-regions'?: string[];
  'x-fills'?: Record<string, string[]>;
  'x-decorative'?: string[];
}

function layoutEntry(layout: string): LayoutEntry | undefined {
  return (schema.properties.layouts.properties as Record<string, LayoutEntry>)[layout];
}

/** Region (and style) names a layout draws, from schema.json's `x-regions` annotations. */
export function layoutPartNames(layout: string): string[] | undefined {
  return layoutEntry(layout)?.['x-regions'];
}

/** Fills and decoration of a layout, from schema.json; a layout it does not know has a `rule` only. */
function layoutAnnotations(layout: string): LayoutAnnotations {
  const entry = layoutEntry(layout);
  return { fills: entry?.['x-fills'] ?? { rule: [] }, decorative: entry?.['x-decorative'] ?? [] };
}

/** An ajv error as a message a template author can act on. */
function schemaProblem(e: ErrorObject, problem: Report): void {
  const data = (e as { data?: unknown }).data;
  const shown = JSON.stringify(data);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: Json } | undefined)?.properties ?? {}).filter((k) => k !== '$schema');
      const guess = didYouMean(key, allowed);
      problem(joinPointer(e.instancePath, key), `unknown key "${key}"`, guess ? `did you mean "${guess}"?` : `allowed here: ${allowed.join(', ')}`);
      return;
    }
    case 'required': {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      problem(joinPointer(e.instancePath, key), 'is required', requiredHint(e.instancePath, key));
      return;
    }
    case 'format':
      problem(e.instancePath, `${shown} is not a colour`, COLOR_HINT);
      return;
    case 'type':
      problem(e.instancePath, `must be ${article((e.params as { type: string }).type)}, not ${describe(data)}`, typeHint(e.instancePath));
      return;
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const guess = typeof data === 'string' ? didYouMean(data, allowed) : undefined;
      problem(e.instancePath, `${shown} is not one of ${allowed.map((a) => `"${a}"`).join(', ')}`, guess ? `did you mean "${guess}"?` : undefined);
      return;
    }
    case 'minItems':
      problem(e.instancePath, 'must list at least one colour');
      return;
    case 'minLength':
    case 'pattern':
      problem(e.instancePath, 'must not be empty');
      return;
    case 'if':
      // The failing branch reports the actual problem.
      return;
    default:
      problem(e.instancePath, `${shown} ${e.message ?? 'is invalid'}`, rangeHint(e.instancePath));
  }
}

function requiredHint(parent: string, key: string): string | undefined {
  const segments = pointerSegments(parent);
  if (segments[0] === 'colors' && segments.length === 1) return key === 'accents' || key === 'chart' ? 'add it as a list of hex colours' : 'add it as a 6-digit hex colour';
  if (segments[0] === 'fonts') return 'name a font, e.g. "Calibri"';
  if (['x', 'y', 'w', 'h'].includes(key)) return 'a box needs all of "x", "y", "w" and "h" (inches)';
  if (key === 'slide') return 'for 16:9 write "slide": { "width": 13.333, "height": 7.5 }';
  if (key === 'layouts') return 'copy the layouts of templates/default, or write "extends": "default"';
  if (segments[0] === 'layouts' && segments.length === 1) return `every template needs a "${key}" layout; "extends": "default" provides one`;
  return undefined;
}

function typeHint(pointer: string): string | undefined {
  const last = pointerSegments(pointer).pop() ?? '';
  if (['x', 'y', 'w', 'h', 'width', 'height'].includes(last)) return 'write inches as a number, without quotes or units';
  if (['size', 'minFontSize', 'spaceAfter'].includes(last)) return 'write points as a number, without quotes or units';
  return rangeHint(pointer);
}

function rangeHint(pointer: string): string | undefined {
  const last = pointerSegments(pointer).pop() ?? '';
  if (['contrast', 'largeTextContrast'].includes(last)) return 'write the ratio as a number from 1 to 21: 4.5 for WCAG AA (4.5:1), 7 for AAA';
  return undefined;
}

function article(type: string): string {
  return type === 'object' ? 'an object' : type === 'array' ? 'a list' : `a ${type}`;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

