/**
 * `extends`: a template file holds only what differs from its base. Merging follows JSON Merge Patch
 * (RFC 7396), which users may already know: objects merge key by key, anything else replaces, and
 * `null` removes the base's key. Each value remembers which file set it, so that a problem found
 * in the merged template is reported in the file the user has to edit.
 */
import { didYouMean } from '../diagnostics.js';
import { type Json, isObject, joinPointer } from './json.js';

export interface TemplateSource {
  /** How the file is shown in diagnostics (relative to the working folder). */
  shown: string;
  /** Absolute folder of the file: assets it names resolve inside it. */
  dir: string;
  /** The file's text, for line numbers. */
  text: string;
  raw: Json;
  /**
   * A source made from a PowerPoint file (load-base.ts) has no text the user sees: what a JSON
   * pointer into it stands for in the file (`/layouts/bullets/styles/title` → the title placeholder of
   * layout "Title, Content"), by pointer prefix. Diagnostics there name the file and these, not lines.
   */
  origins?: Record<string, string>;
}

/** What `pointer` stands for in a source made from a PowerPoint file: its longest described prefix. */
export function describePointer(source: TemplateSource, pointer: string): string | undefined {
  if (!source.origins) return undefined;
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const found = source.origins[p];
    if (found) return found;
    if (p === '') return undefined;
  }
}

export interface MergeProblem {
  source: TemplateSource;
  pointer: string;
  message: string;
  hint?: string;
  /** Default error. */
  severity?: 'error' | 'warning';
}

export interface Merged {
  value: Json;
  /** JSON pointer → the file that set the value there (every key of every object). */
  origin: Map<string, TemplateSource>;
  problems: MergeProblem[];
}

/** Merges a chain of template files, base first. `extends` and `$schema` stay with their file. */
export function mergeChain(chain: readonly TemplateSource[]): Merged {
  const origin = new Map<string, TemplateSource>();
  const problems: MergeProblem[] = [];
  let value: Json = {};
  for (const source of chain) {
    const { extends: _extends, $schema: _schema, ...rest } = source.raw;
    value = mergeObject(value, rest, '', source, origin, problems);
  }
  return { value, origin, problems };
}

function mergeObject(base: Json, patch: Json, pointer: string, source: TemplateSource, origin: Map<string, TemplateSource>, problems: MergeProblem[]): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const at = joinPointer(pointer, key);
    if (value === null) {
      if (!(key in out)) {
        const guess = didYouMean(key, Object.keys(out));
        problems.push({ source, pointer: at, message: `"${key}": null removes nothing: the base template has no "${key}" here`, hint: guess ? `did you mean "${guess}"?` : 'delete the line' });
      }
      forget(origin, at, out[key]);
      delete out[key];
      continue;
    }
    const old = out[key];
    if (isObject(old) && isObject(value)) out[key] = mergeObject(old, value, at, source, origin, problems);
    else {
      forget(origin, at, old);
      out[key] = value;
      record(value, at, source, origin);
    }
    origin.set(at, source);
  }
  return out;
}

function record(value: unknown, pointer: string, source: TemplateSource, origin: Map<string, TemplateSource>): void {
  origin.set(pointer, source);
  if (isObject(value)) for (const [k, v] of Object.entries(value)) record(v, joinPointer(pointer, k), source, origin);
  else if (Array.isArray(value)) value.forEach((v, i) => record(v, joinPointer(pointer, String(i)), source, origin));
}

/**
 * Drops what is recorded at `pointer` and below it: the keys below are those of the value that was
 * there (`old`), so walking that value finds them all without scanning every key recorded so far
 * (which made merging a large template quadratic).
 */
function forget(origin: Map<string, TemplateSource>, pointer: string, old: unknown): void {
  origin.delete(pointer);
  if (isObject(old)) for (const [k, v] of Object.entries(old)) forget(origin, joinPointer(pointer, k), v);
  else if (Array.isArray(old)) old.forEach((v, i) => forget(origin, joinPointer(pointer, String(i)), v));
}

/**
 * The file to blame for a pointer: the one that set the value there, or else the one that set its
 * nearest parent (a missing key is the fault of the file that wrote the object without it).
 */
export function originOf(merged: Pick<Merged, 'origin'>, pointer: string, fallback: TemplateSource): TemplateSource {
  let p = pointer;
  for (;;) {
    const found = merged.origin.get(p);
    if (found) return found;
    if (p === '') return fallback;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
