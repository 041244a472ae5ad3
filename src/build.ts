import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareFileNames } from './content/file-order.js';
import { parseManifest } from './content/manifest.js';
import { normalizeText, parseSection } from './content/parse.js';
import type { Briefing, Manifest, SlideSource } from './content/types.js';
import { dataFileKind, parseDataSet } from './data/load.js';
import { deriveColumns } from './data/derive.js';
import { applyTransforms } from './data/transform.js';
import { parseWorkbookDataSet } from './data/xlsx.js';
import { mayHoldPlaceholders, protectReferences, restoreReferences } from './data/interpolate.js';
import type { Reference } from './data/interpolate.js';
import type { DataSet } from './data/types.js';
import type { Deck } from './deck/types.js';
import { type Diagnostic, BriefError, didYouMean, error, hasErrors, warning } from './diagnostics.js';
import { writeFileAtomic } from './io/atomic-write.js';
import { accessibilityReport } from './layout/accessibility.js';
import { briefingToDeck } from './layout/deck.js';
import { expandDataTables } from './layout/data-table.js';
import { deckToPptxBytes } from './render/pptx/index.js';
import { BUILTIN_TEMPLATES, isInside, isPowerPointPath, listTemplateNames, loadOnBase, loadTemplate, resolveTemplateDir } from './template/load.js';
import type { Template } from './template/types.js';

export interface BuildOptions {
  /** The briefing folder; default `content`. */
  dir?: string;
  /** Output .pptx path; default `output/<slug>.pptx`. */
  output?: string;
  /** Template name or folder; overrides deck.yaml's `template`. */
  template?: string;
  /** Folder relative paths resolve from; default process.cwd(). */
  cwd?: string;
  /** When false, everything is checked and laid out but nothing is written (`brief check`). */
  write?: boolean;
  /** Also report what PowerPoint's Accessibility Checker would (`brief check`): titles, contrast, table headers. */
  accessibility?: boolean;
  /** Also write the HTML preview next to the deck (`--html`). */
  html?: boolean;
  /**
   * Loaded templates to reuse, by folder: `brief watch` keeps one across rebuilds (validating a
   * template costs a fifth of a rebuild) and empties it when a template file changes.
   */
  templates?: Map<string, ReturnType<typeof loadTemplate>>;
}

export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  deck?: Deck;
  /** Absolute path of the written deck. */
  output?: string;
  /** Absolute path of the written HTML preview. */
  html?: string;
  /** The template folder the deck was built with (`brief watch` watches it). */
  templateDir?: string;
  /** Every folder the template is made of: its own and those of the templates it extends. */
  templateDirs?: string[];
}

/** The whole pipeline: content → Deck → PPTX on disk. Never throws for a user's mistake. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd();
  const diagnostics: Diagnostic[] = [];
  try {
    const prepared = prepareDeck(options, cwd, diagnostics);
    if (!prepared || hasErrors(diagnostics)) return { ok: false, diagnostics };
    const { deck } = prepared;
    const templateDir = prepared.template.dir;
    const templateDirs = [...new Set([templateDir, ...(prepared.template.files ?? []).map((f) => path.dirname(f))])];
    if (options.write === false) return { ok: true, diagnostics, deck, templateDir, templateDirs };
    const bytes = await deckToPptxBytes(deck);
    const output = path.resolve(cwd, options.output ?? path.join('output', `${slugify(deck.title)}.pptx`));
    writeFileAtomic(output, bytes);
    // loaded only when asked for, so that a plain build does not read chart.js
    const html = options.html ? (await import('./render/html-assets.js')).writeHtmlPreview(deck, output) : undefined;
    return { ok: true, diagnostics, deck, output, html, templateDir, templateDirs };
  } catch (e) {
    if (e instanceof BriefError) return { ok: false, diagnostics: [...diagnostics, ...e.diagnostics] };
    throw e;
  }
}

/** Loads and lays out everything; returns undefined (with diagnostics) when something is missing. */
export function prepareDeck(options: BuildOptions, cwd: string, diagnostics: Diagnostic[]): { deck: Deck; briefing: Briefing; template: Template } | undefined {
  let dir = path.resolve(cwd, options.dir ?? 'content');
  const shown = (p: string) => path.relative(cwd, p) || '.';
  if (existsSync(dir) && statSync(dir).isFile()) {
    // `brief build my-brief/deck.yaml`: the user means the briefing that file belongs to.
    const folder = path.dirname(dir);
    if (!existsSync(path.join(folder, 'deck.yaml'))) {
      diagnostics.push(error(`"${shown(dir)}" is a file, not a briefing folder`, { file: shown(dir) }, `name the folder that holds deck.yaml and the Markdown sections: \`brief build path/to/briefing\``));
      return undefined;
    }
    diagnostics.push(warning(`"${shown(dir)}" is a file: building the briefing folder "${shown(folder)}" it is in`, { file: shown(dir) }, `name the folder itself: \`brief ${options.write === false ? 'check' : 'build'} ${shown(folder)}\``));
    dir = folder;
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    diagnostics.push(error(`briefing folder "${shown(dir)}" not found`, { file: shown(dir) }, 'run brief in the folder that holds content/, or name the briefing folder: `brief build path/to/briefing`'));
    return undefined;
  }
  const manifestPath = path.join(dir, 'deck.yaml');
  if (!existsSync(manifestPath)) {
    diagnostics.push(error('deck.yaml not found in the briefing folder', { file: shown(manifestPath) }, 'create deck.yaml with at least `title: …` (see README, "Content format")'));
    return undefined;
  }
  const parsed = parseManifest(readFileSync(manifestPath, 'utf8').replace(/^\uFEFF/, ''), shown(manifestPath));
  diagnostics.push(...parsed.diagnostics);
  const manifest = parsed.manifest;
  if (!manifest) return undefined;

  const template = loadTemplateFor(options.template ?? manifest.template ?? 'default', manifest, dir, cwd, diagnostics, shown, options.templates);
  const texts = readSections(manifest, dir, diagnostics, shown);
  const shapedInBlocks = new Set(texts.flatMap((t) => [...datasetsShapedInBlocks(t.text)]));
  const { datasets, failed } = loadDataSets(manifest, dir, diagnostics, shown, shapedInBlocks);
  const expanded = expandDataTables(loadSections(texts, datasets, failed, diagnostics), datasets, failed);
  diagnostics.push(...expanded.diagnostics);
  const slides = expanded.slides;
  if (!template) return undefined;
  // Layout runs even after earlier errors, so one run reports every mistake (like a compiler);
  // the caller still refuses to write a deck when any error was found.
  const briefing: Briefing = { dir, manifest, slides };
  const laid = briefingToDeck(briefing, datasets, template, { failedDatasets: failed });
  diagnostics.push(...laid.diagnostics);
  if (options.accessibility) diagnostics.push(...accessibilityReport(laid.deck));
  return { deck: template.base ? onBase(laid.deck, template.base, manifest) : laid.deck, briefing, template };
}

/** A deck on a PowerPoint file: its masters come from the file, the footer placeholders get the deck's classification or title. */
function onBase(deck: Deck, base: NonNullable<Template['base']>, manifest: Manifest): Deck {
  const footer = manifest.classification ?? manifest.title;
  return { ...deck, base: { file: base.file, ...(base.plan ? { plan: base.plan } : {}), layouts: base.layouts, footer, ...(manifest.date ? { date: manifest.date } : {}) } };
}

function loadTemplateFor(name: string, manifest: Manifest, dir: string, cwd: string, diagnostics: Diagnostic[], shown: (p: string) => string, cache?: BuildOptions['templates']): Template | undefined {
  if (isPowerPointPath(name)) {
    // Relative to the folder that names it: deck.yaml's folder, or where brief runs for `-t`.
    const from = manifest.template === name ? [dir, cwd] : [cwd, dir];
    const file = from.map((d) => path.resolve(d, name)).find(existsSync) ?? path.resolve(from[0]!, name);
    const loaded = cache?.get(file) ?? loadOnBase(file, { briefingDir: dir, cwd });
    cache?.set(file, loaded);
    diagnostics.push(...loaded.diagnostics);
    return loaded.template;
  }
  const found = resolveTemplateDir(name, dir, cwd);
  if (!found.dir) {
    const names = listTemplateNames(dir, cwd);
    const guess = didYouMean(name, names);
    diagnostics.push(
      error(`template "${name}" not found`, manifest.template === name ? (manifest.templateAt ?? manifest.at) : undefined, `${guess ? `did you mean "${guess}"? ` : ''}available templates: ${names.join(', ')}; looked in ${found.searched.map((p) => (isInside(BUILTIN_TEMPLATES, p) ? "brief's built-in templates" : shown(p))).join(', ')}`),
    );
    return undefined;
  }
  const loaded = cache?.get(found.dir) ?? loadTemplate(found.dir, { briefingDir: dir, cwd });
  cache?.set(found.dir, loaded);
  diagnostics.push(...loaded.diagnostics);
  return loaded.template;
}

/**
 * Loads every dataset of deck.yaml. A dataset with any error is left out and named in `failed`, so
 * that what uses it is skipped without a word: one mistake in a CSV gives one error, not one per
 * `{{ }}` or chart that reads it.
 */
function loadDataSets(manifest: Manifest, dir: string, diagnostics: Diagnostic[], shown: (p: string) => string, shapedInBlocks: ReadonlySet<string>): { datasets: Map<string, DataSet>; failed: Set<string> } {
  const datasets = new Map<string, DataSet>();
  const specs = manifest.data;
  const sources = new Set(Object.values(specs).flatMap((s) => (s.from ? [s.from] : [])));
  const failed = new Set<string>();
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.from) continue;
    const file = path.resolve(dir, spec.file);
    if (!isInside(dir, file)) {
      diagnostics.push(error(`data file "${spec.file}" is outside the briefing folder`, spec.fileAt ?? spec.at, 'copy the file into the briefing folder (e.g. data/) and point to it there'));
      failed.add(name);
      continue;
    }
    if (!existsSync(file)) {
      diagnostics.push(error(`data file "${spec.file}" for dataset "${name}" not found`, spec.fileAt ?? spec.at, `put the file at ${shown(file)} or fix the path in deck.yaml`));
      failed.add(name);
      continue;
    }
    const options = { long: spec.transform !== undefined || sources.has(name) || shapedInBlocks.has(name) };
    const kind = dataFileKind(spec.file);
    const shownSpec = { ...spec, file: shown(file) };
    if (kind !== 'xlsx' && (spec.sheet !== undefined || spec.range !== undefined)) {
      diagnostics.push(warning(`"sheet" and "range" apply to .xlsx workbooks; ${spec.file} is read whole`, spec.at));
    }
    if (kind === 'xlsx' && spec.encoding !== undefined) {
      diagnostics.push(warning(`"encoding" applies to CSV, TSV and JSON files; a workbook stores its text as Unicode, so ${spec.file} is read without it`, spec.encodingAt ?? spec.at));
    }
    // The workbook reader is loaded only here, for a briefing that has a workbook.
    const result = kind === 'xlsx' ? parseWorkbookDataSet(name, shownSpec, readFileSync(file), options) : parseDataSet(name, shownSpec, readFileSync(file), options);
    diagnostics.push(...result.diagnostics);
    if (!result.dataset || hasErrors(result.diagnostics)) {
      failed.add(name);
      continue;
    }
    let dataset: DataSet | undefined = result.dataset;
    if (spec.transform) {
      const shaped = applyTransforms(dataset, spec.transform);
      diagnostics.push(...shaped.diagnostics);
      dataset = hasErrors(shaped.diagnostics) ? undefined : shaped.dataset;
    }
    if (dataset) datasets.set(name, dataset);
    else failed.add(name);
  }

  // Datasets made from others, in the order their sources are ready.
  const visiting: string[] = [];
  const make = (name: string): DataSet | undefined => {
    const done = datasets.get(name);
    if (done || failed.has(name)) return done;
    const spec = specs[name]!;
    const from = spec.from!;
    if (visiting.includes(name)) {
      const cycle = [...visiting.slice(visiting.indexOf(name)), name];
      diagnostics.push(error(`datasets are made from each other in a circle: ${cycle.join(' → ')}`, spec.fromAt ?? spec.at, 'one dataset of the circle must come from a file'));
      for (const n of cycle) failed.add(n);
      return undefined;
    }
    if (!Object.hasOwn(specs, from)) {
      const guess = didYouMean(from, Object.keys(specs));
      diagnostics.push(error(`dataset "${name}" is made from "${from}", which deck.yaml does not declare`, spec.fromAt ?? spec.at, guess ? `did you mean "${guess}"?` : `declared datasets: ${Object.keys(specs).join(', ')}`));
      failed.add(name);
      return undefined;
    }
    visiting.push(name);
    const source = make(from);
    visiting.pop();
    if (!source) {
      // The source's own error was reported; this one would only repeat it.
      failed.add(name);
      return undefined;
    }
    let dataset: DataSet | undefined = {
      ...source,
      name,
      ...(spec.source !== undefined ? { source: spec.source } : {}),
      ...(spec.units !== undefined ? { units: spec.units } : {}),
    };
    if (spec.transform) {
      const shaped = applyTransforms(dataset, spec.transform);
      diagnostics.push(...shaped.diagnostics);
      dataset = hasErrors(shaped.diagnostics) ? undefined : shaped.dataset;
    }
    if (dataset && spec.derive && Object.keys(spec.derive).length > 0) {
      const derived = deriveColumns(dataset, spec.derive, spec.at, spec.deriveAt);
      diagnostics.push(...derived.diagnostics);
      dataset = derived.dataset;
    }
    if (dataset) datasets.set(name, dataset);
    else failed.add(name);
    return dataset;
  };
  for (const [name, spec] of Object.entries(specs)) if (spec.from) make(name);
  // Keep deck.yaml's order, which "one dataset, no `data:`" and listings rely on.
  return { datasets: new Map(Object.keys(specs).flatMap((n) => (datasets.has(n) ? [[n, datasets.get(n)!] as const] : []))), failed };
}

/** Datasets a ```chart or ```table block shapes with its own `transform:` (they may be long tables). */
export function datasetsShapedInBlocks(markdown: string): Set<string> {
  const out = new Set<string>();
  const fence = /^(`{3,}|~{3,})[ \t]*(chart|table)\b[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm;
  for (const m of markdown.matchAll(fence)) {
    const body = m[3]!;
    if (!/^transform[ \t]*:/m.test(body)) continue;
    const data = /^data[ \t]*:[ \t]*["']?([A-Za-z_][A-Za-z0-9_]*)/m.exec(body);
    if (data) out.add(data[1]!);
  }
  return out;
}

/** Section files in deck.yaml's order, or every *.md in file-name order. */
function sectionFiles(manifest: Manifest, dir: string, diagnostics: Diagnostic[], shown: (p: string) => string): string[] {
  if (manifest.sections) {
    const files: string[] = [];
    manifest.sections.forEach((name, i) => {
      const file = path.resolve(dir, name);
      const at = manifest.sectionsAt?.[i] ?? manifest.at;
      if (!isInside(dir, file)) diagnostics.push(error(`section "${name}" is outside the briefing folder`, at, 'keep section files inside the briefing folder'));
      else if (!existsSync(file)) {
        const guess = didYouMean(name, markdownFiles(dir));
        diagnostics.push(error(`section file "${name}" not found`, at, guess ? `did you mean "${guess}"?` : `create ${shown(file)} or remove it from "sections"`));
      } else files.push(file);
    });
    return files;
  }
  const files: string[] = [];
  for (const name of markdownFiles(dir)) {
    const file = path.join(dir, name);
    // A symlinked section that points outside the folder is refused like a `../` path.
    if (isInside(dir, file)) files.push(file);
    else diagnostics.push(error(`section "${name}" links to a file outside the briefing folder`, { file: shown(file) }, 'copy the file into the briefing folder instead of linking to it'));
  }
  if (!files.length) diagnostics.push(error('the briefing folder has no Markdown sections', { file: shown(dir) }, 'add a file such as 01-overview.md with `## Slide title` and bullets'));
  return files;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.md') && !/^readme\.md$/i.test(f) && !f.startsWith('_') && !f.startsWith('.'))
    .sort(compareFileNames);
}

function readSections(manifest: Manifest, dir: string, diagnostics: Diagnostic[], shown: (p: string) => string): { name: string; text: string }[] {
  return sectionFiles(manifest, dir, diagnostics, shown).map((file) => ({ name: shown(file), text: normalizeText(readFileSync(file, 'utf8')) }));
}

function loadSections(texts: { name: string; text: string }[], datasets: Map<string, DataSet>, failed: ReadonlySet<string>, diagnostics: Diagnostic[]): SlideSource[] {
  const slides: SlideSource[] = [];
  for (const { name, text } of texts) {
    // {{ }} is resolved on the text as written and put into the parsed runs as plain text, so a
    // value is never read as Markdown and a reference in a code span stays as written.
    const references: Reference[] = [];
    const hidden = protectReferences(text, datasets, { file: name, line: 1, column: 1 }, references, { failed });
    diagnostics.push(...hidden.diagnostics);
    const parsed = parseSection(hidden.text, name);
    // a section without {{ }} (most of them) has nothing to put back: the walk over it is skipped
    if (!references.length && !mayHoldPlaceholders(hidden.text)) {
      diagnostics.push(...parsed.diagnostics);
      slides.push(...parsed.slides);
      continue;
    }
    const filled = restoreReferences(parsed.slides, references);
    diagnostics.push(...filled.diagnostics, ...restoreReferences(parsed.diagnostics, references).content);
    slides.push(...filled.content);
  }
  return slides;
}

export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\u3131-\uD7A3\u4E00-\u9FFF]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return slug || 'deck';
}
