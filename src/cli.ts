import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { build, type BuildResult } from './build.js';
import { registerTemplateCommand } from './commands/template/command.js';
import { type Io, printDiagnostics, summary, terminalIo } from './commands/terminal.js';

export type { Io };

const EXIT_OK = 0;
const EXIT_CONTENT = 1;
const EXIT_USAGE = 2;

/** Set by the bundler (scripts/bundle-cli.mjs); unbundled, the version is read from package.json. */
declare const __BRIEF_VERSION__: string | undefined;

function version(): string {
  if (typeof __BRIEF_VERSION__ === 'string') return __BRIEF_VERSION__;
  const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

const EXAMPLES = `
Examples:
  $ brief build                          build ./content with its template → output/<slug>.pptx
  $ brief build briefings/q3 -o q3.pptx  build another folder to a chosen file
  $ brief build -t default               override the template named in deck.yaml
  $ brief check                          validate content, data and template; write nothing
  $ brief build --json                   diagnostics as JSON (for editors and CI)
  $ brief build --html --pdf             also output/<slug>.html (preview) and .pdf (LibreOffice)
  $ brief watch                          rebuild on change; live preview on http://127.0.0.1
  $ brief init my-briefing               start a new briefing folder
  $ brief template new acme              copy the default template to templates/acme to edit
  $ brief template import brand.potx --name acme --logo   a template from your PowerPoint theme

Exit codes: 0 success (warnings allowed), 1 errors in content/data/template, 2 usage errors.`;

function report(result: BuildResult, json: boolean, io: Io, verb: 'build' | 'check'): number {
  if (json) {
    io.out(JSON.stringify({ ok: result.ok, output: result.output ?? null, ...(result.html ? { html: result.html } : {}), slides: result.deck?.slides.length ?? null, diagnostics: result.diagnostics }, null, 2));
  } else {
    printDiagnostics(result.diagnostics, io);
    if (result.ok && result.deck) {
      const shown = (p: string) => path.relative(process.cwd(), p) || p;
      const where = result.output ? ` → ${shown(result.output)}${result.html ? `, ${shown(result.html)}` : ''}` : '';
      io.err(`${verb === 'build' ? 'built' : 'checked'} ${result.deck.slides.length} slides${where}${summary(result.diagnostics)}`);
    } else {
      io.err(`${verb} failed${summary(result.diagnostics)}; ${verb === 'build' ? 'no deck was written' : 'fix the errors above'}`);
    }
  }
  return result.ok ? EXIT_OK : EXIT_CONTENT;
}

/** `-o` names the PowerPoint file: another extension would write a .pptx under a misleading name. */
function parseDeckPath(value: string): string {
  if (path.extname(value).toLowerCase() === '.pptx') return value;
  const ext = path.extname(value);
  const fixed = `${ext ? value.slice(0, -ext.length) : value}.pptx`;
  const pdf = ext.toLowerCase() === '.pdf' ? `; for a PDF add --pdf, which writes ${path.basename(fixed, '.pptx')}.pdf beside the deck` : ext.toLowerCase() === '.html' ? `; for the preview add --html, which writes ${path.basename(fixed, '.pptx')}.html beside the deck` : '';
  throw new InvalidArgumentError(`the deck is a PowerPoint file, so -o must end in .pptx: write -o ${fixed}${pdf}`);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535 (0: any free port)');
  return port;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process. */
export async function main(argv: string[], io: Io = terminalIo): Promise<number> {
  let code = EXIT_OK;
  const program = new Command();
  program
    .name('brief')
    .description('Turn a folder of Markdown briefing sections and data files into a native, editable PowerPoint deck.')
    .version(version(), '-V, --version')
    .showHelpAfterError('(run `brief --help` for usage)')
    .addHelpText('after', EXAMPLES)
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();

  program
    .command('build')
    .description('build the deck from a briefing folder')
    .argument('[dir]', 'briefing folder (default: ./content, or . when it holds deck.yaml)')
    .option('-o, --output <file>', 'where to write the .pptx (default: output/<slug>.pptx)', parseDeckPath)
    .option('-t, --template <name>', 'template name or folder (overrides deck.yaml)')
    .option('--json', 'print diagnostics as JSON')
    .option('--html', 'also write the HTML preview next to the deck (<name>.html)')
    .option('--pdf', 'also write a PDF next to the deck, through LibreOffice (<name>.pdf)')
    .action(async (given: string | undefined, opts: { output?: string; template?: string; json?: boolean; html?: boolean; pdf?: boolean }) => {
      const dir = given ?? defaultBriefingDir(process.cwd());
      const result = await build({ dir, output: opts.output, template: opts.template, html: opts.html });
      code = report(result, !!opts.json, io, 'build');
      if (code === EXIT_OK && opts.pdf && result.output && result.deck) code = await (await import('./commands/pdf/command.js')).pdfStep(result.output, result.deck.slides.length, io);
    });

  program
    .command('watch')
    .description('build, serve a live preview on 127.0.0.1, and rebuild on every change')
    .argument('[dir]', 'briefing folder (default: ./content, or . when it holds deck.yaml)')
    .option('-o, --output <file>', 'where to write the .pptx (default: output/<slug>.pptx); the .html goes beside it', parseDeckPath)
    .option('-t, --template <name>', 'template name or folder (overrides deck.yaml)')
    .option('-p, --port <number>', 'port for the preview (default: a free one)', parsePort, 0)
    .option('--open', 'open the preview in the default browser')
    .option('--no-open', 'do not open a browser (the default)')
    .action(async (given: string | undefined, opts: { output?: string; template?: string; port: number; open?: boolean }) => {
      code = await (await import('./commands/watch/command.js')).watchCommand(given ?? defaultBriefingDir(process.cwd()), opts, io);
    });

  program
    .command('init')
    .description('create a new briefing folder that builds at once')
    .argument('<dir>', 'the new folder (must not exist, or be empty)')
    .action(async (dir: string) => {
      code = await (await import('./commands/init/command.js')).initCommand(dir, io);
    });

  program
    .command('check')
    .description('validate content, data and template and report what does not fit; writes nothing')
    .argument('[dir]', 'briefing folder (default: ./content, or . when it holds deck.yaml)')
    .option('-t, --template <name>', 'template name or folder (overrides deck.yaml)')
    .option('--json', 'print diagnostics as JSON')
    .action(async (given: string | undefined, opts: { template?: string; json?: boolean }) => {
      const result = await build({ dir: given ?? defaultBriefingDir(process.cwd()), template: opts.template, write: false, accessibility: true });
      code = report(result, !!opts.json, io, 'check');
    });

  registerTemplateCommand(program, io, (c) => (code = c));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    throw e;
  }
  return code;
}

/**
 * The briefing a command without [dir] means: `content/` of a project, or the folder brief runs in
 * when that is itself a briefing (it holds deck.yaml, as `brief init` makes it) and has no content/.
 */
export function defaultBriefingDir(cwd: string): string {
  if (!existsSync(path.join(cwd, 'content')) && existsSync(path.join(cwd, 'deck.yaml'))) return '.';
  return 'content';
}
