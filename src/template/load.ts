import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Diagnostic, error, hasErrors, warning } from '../diagnostics.js';
import { type Json, isObject } from './json.js';
import { locatePointer, positionOfOffset } from './locate.js';
import { type TemplateSource, describePointer, mergeChain } from './merge.js';
import type { Template } from './types.js';
import { checkTemplate } from './validate.js';
import { type CheckResult, cachedCheck } from './check-cache.js';
import type { TemplateColorRefs } from './theme-refs.js';
import { baseCacheIdentity, baseSource, isPowerPointPath, readBaseCache, readBaseFile, splitBaseTemplateJson, writeBaseCache } from './load-base.js';

/** Templates shipped with brief, next to dist/ (and src/ when run from source). */
export const BUILTIN_TEMPLATES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');

export const TEMPLATE_FILE = 'template.json';

/** Where a template name is looked up, and the folders relative paths resolve from. */
export interface TemplateContext {
  briefingDir: string;
  cwd: string;
}

function looksLikePath(nameOrPath: string): boolean {
  return nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.startsWith('.');
}

/** Every folder a name or path may mean, in lookup order, whether or not it holds a template. */
function candidates(nameOrPath: string, from: string[], ctx: TemplateContext): string[] {
  if (looksLikePath(nameOrPath)) return [...new Set(from.map((dir) => path.resolve(dir, nameOrPath)))];
  return [...new Set([path.join(ctx.briefingDir, 'templates', nameOrPath), path.join(ctx.cwd, 'templates', nameOrPath), path.join(BUILTIN_TEMPLATES, nameOrPath)])];
}

function hasTemplate(dir: string): boolean {
  return existsSync(path.join(dir, TEMPLATE_FILE));
}

/**
 * Finds a template by name or path: a path is used as is; a name is looked up in the briefing's
 * templates/, then ./templates/, then the templates shipped with brief (DESIGN.md §2).
 */
export function resolveTemplateDir(nameOrPath: string, briefingDir: string, cwd: string): { dir?: string; searched: string[] } {
  const searched = candidates(nameOrPath, [briefingDir, cwd], { briefingDir, cwd });
  return { dir: searched.find(hasTemplate), searched };
}

export interface TemplateEntry {
  name: string;
  dir: string;
  description: string;
  builtIn: boolean;
  /** Another template of the same name found earlier in the lookup order hides this one. */
  shadowed: boolean;
}

/** Every template a name can reach, in lookup order (project templates first, then the built-in ones). */
export function listTemplates(briefingDir: string, cwd: string): TemplateEntry[] {
  const entries: TemplateEntry[] = [];
  const seen = new Set<string>();
  const roots = [...new Set([path.join(briefingDir, 'templates'), path.join(cwd, 'templates'), BUILTIN_TEMPLATES])];
  for (const root of roots) {
    for (const name of readdirNames(root).sort()) {
      const dir = path.join(root, name);
      if (!hasTemplate(dir)) continue;
      entries.push({ name, dir, description: describeTemplate(dir), builtIn: root === BUILTIN_TEMPLATES, shadowed: seen.has(name) });
      seen.add(name);
    }
  }
  return entries;
}

export function listTemplateNames(briefingDir: string, cwd: string): string[] {
  return [...new Set(listTemplates(briefingDir, cwd).map((t) => t.name))].sort();
}

/** The template's own one-line description, or what it extends; never throws. */
function describeTemplate(dir: string): string {
  try {
    const raw: unknown = JSON.parse(readFileSync(path.join(dir, TEMPLATE_FILE), 'utf8').replace(/^\uFEFF/, ''));
    if (!isObject(raw)) return '';
    if (typeof raw['description'] === 'string' && raw['description']) return raw['description'];
    return typeof raw['extends'] === 'string' ? `extends ${raw['extends']}` : '';
  } catch {
    return '(template.json is not valid JSON)';
  }
}

function readdirNames(dir: string): string[] {
  try {
    return statSync(dir).isDirectory() ? readdirSync(dir) : [];
  } catch {
    // a missing templates folder simply contributes no names
    return [];
  }
}

/**
 * Reads template.json and the templates it extends, merges them and validates the result; every
 * problem names the file and its JSON path, with line and column where the file has them.
 */
export function loadTemplate(dir: string, ctx: TemplateContext = { briefingDir: process.cwd(), cwd: process.cwd() }): { template?: Template; diagnostics: Diagnostic[] } {
  const chain = readChain(dir, ctx);
  if ('diagnostics' in chain) return { diagnostics: chain.diagnostics };
  const leaf = chain.sources[chain.sources.length - 1]!;
  if (typeof leaf.raw['base'] === 'string') return loadOnBase(path.resolve(leaf.dir, leaf.raw['base']), ctx, leaf);
  return checked(chain.sources);
}

/**
 * A template that is a PowerPoint file: `file` itself, or the `base` of a folder's template.json
 * (`leaf`). Its look sits between brief's default and template.json.
 */
export function loadOnBase(file: string, ctx: TemplateContext, leaf?: TemplateSource): { template?: Template; diagnostics: Diagnostic[] } {
  const shown = shownPath(file, ctx.cwd);
  const defaults = readChain(path.join(BUILTIN_TEMPLATES, 'default'), ctx);
  if ('diagnostics' in defaults) return { diagnostics: defaults.diagnostics };
  const split = leaf ? splitBaseTemplateJson(leaf.raw) : { named: {}, rest: undefined };
  const defaultJson = mergeChain(defaults.sources).value;
  // Reading a designed template's masters and layouts is most of a build's time: what it yields is
  // kept per file content (and what else it depends on), so rebuilds skip it.
  const key = existsSync(file) ? baseCacheIdentity(file, [shown, JSON.stringify(split.named), JSON.stringify(defaultJson)]) : undefined;
  let made = key ? readBaseCache(key, file, shown, leaf) : undefined;
  if (!made) {
    const read = readBaseFile(file, shown);
    if (!read.model) {
      if (leaf && read.diagnostics[0]?.message.includes('not found')) {
        return { diagnostics: [error(`/base: ${read.diagnostics[0].message}`, at(leaf, '/base'), `put the file beside ${leaf.shown} or fix the name`)] };
      }
      return { diagnostics: read.diagnostics };
    }
    made = baseSource(file, shown, read.model, defaultJson, split.named, leaf);
    if (made.base && read.plan) made = { ...made, base: { ...made.base, plan: read.plan } };
    if (key && made.source && !hasErrors(made.diagnostics)) writeBaseCache(key, made);
  }
  if (!made.source) return { diagnostics: made.diagnostics };
  const sources = [...defaults.sources, made.source, ...(leaf && split.rest ? [{ ...leaf, raw: split.rest }] : [])];
  const result = checked(sources);
  if (!result.template) return { diagnostics: [...made.diagnostics, ...result.diagnostics] };
  const name = leaf ? result.template.name : path.basename(file, path.extname(file));
  const base = made.base && { ...made.base, colorRefs: themedColors(made.base.colorRefs, split.rest) };
  return { template: { ...result.template, name, dir: leaf?.dir ?? path.dirname(file), files: [file, ...(leaf ? [path.join(leaf.dir, TEMPLATE_FILE)] : [])], base }, diagnostics: [...made.diagnostics, ...result.diagnostics] };
}

/** The file's theme references, less those of colours template.json sets itself (its hex is no theme slot). */
function themedColors(refs: TemplateColorRefs | undefined, rest: Json | undefined): TemplateColorRefs | undefined {
  if (!refs) return undefined;
  const own = rest && isObject(rest['colors']) ? Object.keys(rest['colors']) : [];
  return Object.fromEntries(Object.entries(refs).filter(([name]) => !own.includes(name)));
}

export { isPowerPointPath };

/** Merged, validated and resolved; kept between builds (check-cache.ts). */
function checked(sources: TemplateSource[]): CheckResult {
  return cachedCheck(sources, (fileExists) => {
    const result = checkTemplate(mergeChain(sources), sources, fileExists);
    const diagnostics = result.problems.map((p) => {
      const d = p.severity === 'warning' ? warning : error;
      // A value the PowerPoint file decided: the file and what in it, never a line of JSON the user never sees.
      const inFile = describePointer(p.source, p.pointer);
      if (inFile) return d(p.message, { file: p.source.shown }, `${p.hint ? `${p.hint}; ` : ''}change ${inFile} in the file (View › Slide Master), or set the colour in a template.json whose "base" is the file`);
      const at = locatePointer(p.source.text, p.pointer, p.message.startsWith('unknown key'));
      return d(`${p.pointer || '/'}: ${p.message}`, { file: p.source.shown, ...(at ? { line: at.line, column: at.column } : {}) }, p.hint);
    });
    const template = result.template ? { ...result.template, fontsAt: fontEntries(sources), footerAt: footerEntries(sources) } : undefined;
    return { template, diagnostics };
  });
}

/** Where each font of the merged template was written: in the last file of the chain that names it. */
function fontEntries(sources: readonly TemplateSource[]): Template['fontsAt'] {
  const out: NonNullable<Template['fontsAt']> = {};
  for (const key of ['heading', 'body', 'eastAsian', 'mono'] as const) {
    const source = [...sources].reverse().find((s) => isObject(s.raw['fonts']) && (s.raw['fonts'] as Record<string, unknown>)[key] !== undefined);
    if (source) out[key] = at(source, `/fonts/${key}`);
  }
  return out;
}

/** Where each footer text starts (inside its quotes): in the last file of the chain that sets it. */
function footerEntries(sources: readonly TemplateSource[]): Template['footerAt'] {
  const out: NonNullable<Template['footerAt']> = {};
  for (const key of ['left', 'center', 'right'] as const) {
    const source = [...sources].reverse().find((s) => isObject(s.raw['footer']) && (s.raw['footer'] as Record<string, unknown>)[key] !== undefined);
    if (!source) continue;
    const pos = source.origins ? undefined : locatePointer(source.text, `/footer/${key}`);
    out[key] = { file: source.shown, ...(pos ? { line: pos.line, column: pos.column + 1 } : {}) };
  }
  return out;
}

/** The template merged with the ones it extends, as JSON (for `brief template new`), unvalidated. */
export function loadTemplateJson(dir: string, ctx: TemplateContext): { json?: Json; diagnostics: Diagnostic[] } {
  const chain = readChain(dir, ctx);
  if ('diagnostics' in chain) return { diagnostics: chain.diagnostics };
  return { json: mergeChain(chain.sources).value, diagnostics: [] };
}

/** The template and the ones it extends, base first. */
function readChain(dir: string, ctx: TemplateContext): { sources: TemplateSource[] } | { diagnostics: Diagnostic[] } {
  const sources: TemplateSource[] = [];
  const visited: string[] = [];
  let current = dir;
  for (;;) {
    const source = readSource(current, ctx.cwd);
    if ('diagnostics' in source) return source;
    sources.unshift(source);
    visited.push(realPath(current));
    const base = source.raw['extends'];
    if (base === undefined) return { sources };
    if (typeof base !== 'string' || !base) {
      return { diagnostics: [error('/extends: must be a template name or a path', at(source, '/extends'), 'e.g. "extends": "default"')] };
    }
    // A template that extends its own name extends the one it hides (a project's "default" built on brief's).
    const found = candidates(base, [current], ctx).filter(hasTemplate);
    const next = found.find((c) => !visited.includes(realPath(c)));
    if (!next) {
      const message = found.length ? `"extends": "${base}" makes a cycle (${[...visited, realPath(found[0]!)].map((v) => shownPath(v, ctx.cwd)).join(' → ')})` : `"extends": "${base}": no such template`;
      const hint = found.length ? 'a template cannot extend itself or one that extends it' : `looked in ${candidates(base, [current], ctx).map((c) => shownPath(c, ctx.cwd)).join(', ')}`;
      return { diagnostics: [error(`/extends: ${message}`, at(source, '/extends'), hint)] };
    }
    current = next;
  }
}

function readSource(dir: string, cwd: string): TemplateSource | { diagnostics: Diagnostic[] } {
  const file = path.join(dir, TEMPLATE_FILE);
  const shown = shownPath(file, cwd);
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    return { diagnostics: [error(`cannot read template: ${e instanceof Error ? e.message : String(e)}`, { file: shown })] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const offset = /position (\d+)/.exec(message);
    const where = offset ? positionOfOffset(text, Number(offset[1])) : undefined;
    const clean = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    return { diagnostics: [error(`not valid JSON: ${clean}`, { file: shown, ...(where ? { line: where.line, column: where.column } : {}) }, 'check for a missing comma or quote, or a trailing comma, just before this point')] };
  }
  if (!isObject(raw)) return { diagnostics: [error('/: the template must be a JSON object', { file: shown }, 'start from templates/default/template.json')] };
  return { shown, dir, text, raw };
}

function at(source: TemplateSource, pointer: string): Diagnostic['at'] {
  // made from a PowerPoint file: its text is brief's, and a line in it means nothing to the user
  if (source.origins) return { file: source.shown };
  const pos = locatePointer(source.text, pointer);
  return { file: source.shown, ...(pos ? { line: pos.line, column: pos.column } : {}) };
}

function shownPath(p: string, cwd: string): string {
  return path.relative(cwd, p) || p;
}

function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** True when `file` (after resolving symlinks where it exists) is inside `dir`. */
export function isInside(dir: string, file: string): boolean {
  const rel = path.relative(realPath(dir), realPath(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
