/**
 * `brief template list | new | import | inspect`: the file-system edge of the template tools. Problems are
 * diagnostics (exit 1); only commander's own usage errors exit 2.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type Diagnostic, didYouMean, error, formatDiagnostic, hasErrors } from '../../diagnostics.js';
import { themeToTemplate, readTheme } from '../../template/import.js';
import { BUILTIN_TEMPLATES, TEMPLATE_FILE, type TemplateContext, isPowerPointPath, listTemplateNames, listTemplates, loadOnBase, loadTemplate, loadTemplateJson, resolveTemplateDir } from '../../template/load.js';
import { readBaseFile, splitBaseTemplateJson } from '../../template/load-base.js';
import { chooseLayouts } from '../../template/base.js';
import { inspectLines } from '../../template/inspect.js';
import type { Json } from '../../template/json.js';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Adds `brief template …` to the program; `done` receives each command's exit code. */
export function registerTemplateCommand(program: Command, io: Io, done: (code: number) => void): void {
  const template = program.command('template').description('list, create and import templates (the look of a deck)');
  template
    .command('list')
    .description("the templates a deck can use: the project's (templates/) and the built-in ones")
    .argument('[dir]', 'briefing folder whose templates/ to include', 'content')
    .action((dir: string) => done(listCommand(dir, io)));
  template
    .command('new')
    .description("copy a template into the briefing's templates/<name>/, ready to edit")
    .argument('<name>', 'the new template’s name (a folder name)')
    .option('--from <template>', 'the template to start from', 'default')
    .option('--extends', 'write only `"extends": "<from>"`, to inherit every later change of it, instead of a full copy')
    .option('--in <briefing>', 'the briefing folder whose templates/ gets it (default: the folder you are in when it holds deck.yaml, else content/)')
    .action((name: string, opts: { from: string; extends?: boolean; in?: string }) => done(newCommand(name, opts, io)));
  template
    .command('import')
    .description("make a template from a PowerPoint file's theme: colours, fonts, slide size (and logo)")
    .argument('<file>', 'a .pptx or .potx file')
    .requiredOption('--name <name>', 'the new template’s name (a folder name)')
    .option('--theme-only', "take only the theme's colours, fonts and slide size onto brief's default look (without it, the deck is built on the file's own masters and layouts)")
    .option('--logo', "with --theme-only: use the slide master's first picture as the logo")
    .action((file: string, opts: { name: string; logo?: boolean; themeOnly?: boolean }) => done(opts.themeOnly || opts.logo ? importCommand(file, opts, io) : importBaseCommand(file, opts, io)));
  template
    .command('inspect')
    .description("a PowerPoint file's masters, layouts and placeholders, and which layout each slide kind uses, and why")
    .argument('<template>', 'a .pptx/.potx file, or the name of a template made on one')
    .action((name: string) => done(inspectCommand(name, io)));
}

/**
 * `template import X --name x`: a folder with the file copied in and a template.json naming it as its
 * base, holding only what the file does not say (nothing yet: layout choices and overrides are added by hand).
 */
export function importBaseCommand(file: string, opts: { name: string }, io: Io): number {
  const target = targetFor(opts.name);
  const at = { file: shown(path.resolve(file)) };
  if (!existsSync(file)) return report([...target.diagnostics, error(`${file} not found`, at, 'name a .pptx or .potx file')], io);
  if (!target.dir) return report(target.diagnostics, io);
  const read = readBaseFile(path.resolve(file), shown(path.resolve(file)));
  if (!read.model) return report(read.diagnostics, io);
  const copy = path.basename(file);
  const template: Json = { name: opts.name, description: `Built on ${copy}: its masters, layouts and theme`, base: copy };
  const files = writeTemplate(target.dir, template, { [copy]: new Uint8Array(readFileSync(file)) });
  io.err(`created ${shown(target.dir)}/ with ${files.join(', ')}: decks are built on the file's own masters and layouts`);
  io.err(`next: \`brief template inspect ${opts.name}\` shows which layout each slide kind uses; \`brief build -t ${opts.name}\``);
  return verify(target.dir, io);
}

export function inspectCommand(name: string, io: Io): number {
  const ctx = context();
  let file: string | undefined;
  let named: Record<string, string> = {};
  if (isPowerPointPath(name)) file = path.resolve(name);
  else {
    const found = findSource(name);
    if (!found.dir) return report(found.diagnostics, io);
    const raw = JSON.parse(readFileSync(path.join(found.dir, TEMPLATE_FILE), 'utf8').replace(/^\uFEFF/, '')) as Json;
    if (typeof raw['base'] !== 'string') return report([error(`template "${name}" is not built on a PowerPoint file`, { file: shown(path.join(found.dir, TEMPLATE_FILE)) }, 'inspect shows a .pptx/.potx file: name one, or a template whose template.json has "base"')], io);
    file = path.resolve(found.dir, raw['base']);
    named = splitBaseTemplateJson(raw).named;
  }
  const read = readBaseFile(file, shown(file));
  if (!read.model) return report(read.diagnostics, io);
  const { choices } = chooseLayouts(read.model, named);
  for (const line of inspectLines(read.model, choices)) io.out(line);
  // The same checks as a build, so inspect shows the errors a build would give.
  const loaded = isPowerPointPath(name) ? loadOnBase(file, ctx) : loadTemplate(findSource(name).dir!, ctx);
  return report(loaded.diagnostics, io);
}

function report(diagnostics: Diagnostic[], io: Io): number {
  for (const d of diagnostics) io.err(formatDiagnostic(d));
  return hasErrors(diagnostics) ? 1 : 0;
}

/**
 * The briefing a template command works for: `--in`, else the current folder when it is a briefing
 * (holds deck.yaml), else content/ as for `brief build`. A new template goes into that briefing's
 * templates/, so that the briefing builds the same wherever brief is run from; names resolve as
 * `brief build` resolves them for it.
 */
function context(inDir?: string): TemplateContext & { diagnostics: Diagnostic[] } {
  const cwd = process.cwd();
  if (inDir !== undefined) {
    const dir = path.resolve(cwd, inDir);
    if (!existsSync(path.join(dir, 'deck.yaml'))) {
      return { briefingDir: dir, cwd, diagnostics: [error(`"${inDir}" is not a briefing folder: it has no deck.yaml`, { file: shown(dir) }, 'name the folder that holds deck.yaml, e.g. --in content')] };
    }
    return { briefingDir: dir, cwd, diagnostics: [] };
  }
  if (existsSync(path.join(cwd, 'deck.yaml'))) return { briefingDir: cwd, cwd, diagnostics: [] };
  return { briefingDir: path.resolve(cwd, 'content'), cwd, diagnostics: [] };
}

/** Where new templates go: the briefing's templates/ when there is a briefing, else ./templates/. */
function templatesDir(ctx: TemplateContext): string {
  return existsSync(path.join(ctx.briefingDir, 'deck.yaml')) ? path.join(ctx.briefingDir, 'templates') : path.resolve(ctx.cwd, 'templates');
}

function shown(p: string): string {
  return path.relative(process.cwd(), p) || '.';
}

export function listCommand(dir: string, io: Io): number {
  const cwd = process.cwd();
  const entries = listTemplates(path.resolve(cwd, dir), cwd);
  const width = Math.max(...entries.map((e) => e.name.length), 4);
  for (const e of entries) {
    const where = e.builtIn ? 'built-in' : shown(e.dir);
    io.out(`${e.name.padEnd(width)}  ${e.description || '(no description)'}  [${where}${e.shadowed ? ', hidden by the one above' : ''}]`);
  }
  return 0;
}

/** Checks a new template's name and that its folder is free. */
function targetFor(name: string, ctx: TemplateContext = context()): { dir?: string; diagnostics: Diagnostic[] } {
  if (!NAME.test(name)) return { diagnostics: [error(`"${name}" is not a usable template name`, undefined, 'use letters, digits, "-", "_" or "." (it becomes a folder name)')] };
  const dir = path.join(templatesDir(ctx), name);
  if (existsSync(dir)) return { diagnostics: [error(`${shown(dir)} already exists`, { file: shown(dir) }, 'choose another name, or delete the folder first')] };
  return { dir, diagnostics: [] };
}

function writeTemplate(dir: string, template: Json, assets: Record<string, Uint8Array | string>): string[] {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, TEMPLATE_FILE), JSON.stringify(template, null, 2) + '\n');
  for (const [name, data] of Object.entries(assets)) {
    if (typeof data === 'string') cpSync(data, path.join(dir, name));
    else writeFileSync(path.join(dir, name), data);
  }
  return [TEMPLATE_FILE, ...Object.keys(assets)];
}

/** Loads what was written, so the user sees at once whether it works (and its contrast warnings). */
function verify(dir: string, io: Io, ctx: TemplateContext = context()): number {
  return report(loadTemplate(dir, ctx).diagnostics, io);
}

function findSource(from: string, ctx: TemplateContext = context()): { dir?: string; diagnostics: Diagnostic[] } {
  const { briefingDir, cwd } = ctx;
  const found = resolveTemplateDir(from, briefingDir, cwd);
  if (found.dir) return { dir: found.dir, diagnostics: [] };
  const names = listTemplateNames(briefingDir, cwd);
  const guess = didYouMean(from, names);
  return { diagnostics: [error(`template "${from}" not found`, undefined, `${guess ? `did you mean "${guess}"? ` : ''}available templates: ${names.join(', ')}`)] };
}

/**
 * A full copy by default: every setting is in the new file, so it can be read and edited without the
 * reference at hand, and brief updates never change its look. `--extends` writes the small file instead.
 */
export function newCommand(name: string, opts: { from: string; extends?: boolean; in?: string }, io: Io): number {
  const ctx = context(opts.in);
  if (ctx.diagnostics.length) return report(ctx.diagnostics, io);
  const target = targetFor(name, ctx);
  const source = findSource(opts.from, ctx);
  if (!target.dir || !source.dir) return report([...target.diagnostics, ...source.diagnostics], io);
  const loaded = loadTemplate(source.dir, ctx);
  if (!loaded.template) return report(loaded.diagnostics, io);
  let template: Json;
  const assets: Record<string, string> = {};
  if (opts.extends) {
    template = { extends: opts.from, name, description: `${opts.from}, with changes` };
  } else {
    const merged = loadTemplateJson(source.dir, ctx).json!;
    template = { name, description: `Started from ${opts.from}: ${loaded.template.description}`.replace(/: $/, ''), ...withoutKeys(merged, ['name', 'description']) };
    if (loaded.template.logo) {
      const file = path.basename(loaded.template.logo.file);
      assets[file] = loaded.template.logo.file;
      template['logo'] = { ...(template['logo'] as Json), file };
    }
  }
  const files = writeTemplate(target.dir, template, assets);
  io.err(`created ${shown(target.dir)}/ with ${files.join(', ')}`);
  io.err(`next: edit ${shown(path.join(target.dir, TEMPLATE_FILE))}, then \`brief build -t ${name}\` (or \`template: ${name}\` in deck.yaml)`);
  return verify(target.dir, io, ctx);
}

function withoutKeys(value: Json, keys: string[]): Json {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)));
}

export function importCommand(file: string, opts: { name: string; logo?: boolean }, io: Io): number {
  const target = targetFor(opts.name);
  const at = { file: shown(path.resolve(file)) };
  if (!existsSync(file)) return report([...target.diagnostics, error(`${file} not found`, at, 'name a .pptx or .potx file')], io);
  if (!target.dir) return report(target.diagnostics, io);
  const read = readTheme(new Uint8Array(readFileSync(file)));
  if (!read.theme) return report(read.problems.map((p) => error(p, at)), io);
  const base = loadTemplateJson(path.join(BUILTIN_TEMPLATES, 'default'), context()).json;
  if (!base) return report([error('the built-in default template cannot be read', { file: shown(BUILTIN_TEMPLATES) })], io);
  const result = themeToTemplate(read.theme, base, { name: opts.name, source: path.basename(file), logo: !!opts.logo });
  if (!result.template) return report(result.problems.map((p) => error(p, at, p.startsWith('--logo') ? 'run the import without --logo, and add a logo to the template by hand' : undefined)), io);
  for (const note of result.notes) io.err(`  ${note}`);
  const files = writeTemplate(target.dir, result.template, result.assets);
  io.err(`created ${shown(target.dir)}/ with ${files.join(', ')}; it extends default and overrides the theme's colours and fonts`);
  io.err(`next: \`brief build -t ${opts.name}\`, then adjust ${shown(path.join(target.dir, TEMPLATE_FILE))}`);
  return verify(target.dir, io);
}
