import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseManifest } from './content/manifest.js';
import { normalizeText, parseSection } from './content/parse.js';
import type { Briefing, Manifest, SlideSource } from './content/types.js';
import { parseDataSet } from './data/load.js';
import { interpolate } from './data/interpolate.js';
import type { DataSet } from './data/types.js';
import type { Deck } from './deck/types.js';
import { type Diagnostic, BriefError, didYouMean, error, hasErrors, warning } from './diagnostics.js';
import { writeFileAtomic } from './io/atomic-write.js';
import { briefingToDeck } from './layout/deck.js';
import { deckToPptxBytes } from './render/pptx/index.js';
import { BUILTIN_TEMPLATES, isInside, isPowerPointPath, listTemplateNames, loadOnBase, loadTemplate, resolveTemplateDir } from './template/load.js';
import type { Template } from './template/types.js';
import { withMasters } from './template/masters.js';

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
  const { datasets, failed } = loadDataSets(manifest, dir, diagnostics, shown);
  const slides = loadSections(manifest, dir, datasets, failed, diagnostics, shown);
  if (!template) return undefined;
  // Layout runs even after earlier errors, so one run reports every mistake (like a compiler);
  // the caller still refuses to write a deck when any error was found.
  const briefing: Briefing = { dir, manifest, slides };
  const laid = briefingToDeck(briefing, datasets, template, { failedDatasets: failed });
  diagnostics.push(...laid.diagnostics);
  return { deck: template.base ? onBase(laid.deck, template.base, manifest) : withMasters(laid.deck, template), briefing, template };
}

/** A deck on a PowerPoint file: its masters come from the file, the footer placeholders get the deck's classification or title. */
function onBase(deck: Deck, base: NonNullable<Template['base']>, manifest: Manifest): Deck {
  const footer = manifest.classification ?? manifest.title;
  return { ...deck, base: { file: base.file, layouts: base.layouts, footer, ...(manifest.date ? { date: manifest.date } : {}) } };
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
function loadDataSets(manifest: Manifest, dir: string, diagnostics: Diagnostic[], shown: (p: string) => string): { datasets: Map<string, DataSet>; failed: Set<string> } {
  const datasets = new Map<string, DataSet>();
  const failed = new Set<string>();
  for (const [name, spec] of Object.entries(manifest.data)) {
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
    const result = parseDataSet(name, { ...spec, file: shown(file) }, readFileSync(file, 'utf8'));
    diagnostics.push(...result.diagnostics);
    if (result.dataset && !hasErrors(result.diagnostics)) datasets.set(name, result.dataset);
    else failed.add(name);
  }
  return { datasets, failed };
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
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

function loadSections(manifest: Manifest, dir: string, datasets: Map<string, DataSet>, failed: ReadonlySet<string>, diagnostics: Diagnostic[], shown: (p: string) => string): SlideSource[] {
  const slides: SlideSource[] = [];
  for (const file of sectionFiles(manifest, dir, diagnostics, shown)) {
    const name = shown(file);
    const text = normalizeText(readFileSync(file, 'utf8'));
    const filled = interpolate(text, datasets, { file: name, line: 1, column: 1 }, { failed });
    diagnostics.push(...filled.diagnostics);
    const parsed = parseSection(filled.text, name);
    diagnostics.push(...parsed.diagnostics);
    slides.push(...parsed.slides);
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
