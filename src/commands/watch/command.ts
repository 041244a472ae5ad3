/** `brief watch [dir]`: the terminal side of src/watch.ts. */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { isatty } from 'node:tty';
import { type Io, printDiagnostics, summary } from '../terminal.js';
import { type Diagnostic, error, formatDiagnostic, warning } from '../../diagnostics.js';
import { startWatch } from './session.js';
import { PortInUseError } from './server.js';
import { startProgress } from '../progress.js';

/**
 * A warning is printed by the build that first has it, not again at every save while it stays
 * (it is still counted in the summary line); errors are printed every time, as they stop the build.
 */
export function onlyNewWarnings(): (diagnostics: readonly Diagnostic[]) => Diagnostic[] {
  let previous = new Set<string>();
  return (diagnostics) => {
    const current = new Set(diagnostics.filter((d) => d.severity === 'warning').map(formatDiagnostic));
    const shown = diagnostics.filter((d) => d.severity === 'error' || !previous.has(formatDiagnostic(d)));
    previous = current;
    return shown;
  };
}

export interface WatchCommandOptions {
  output?: string;
  template?: string;
  port: number;
  open?: boolean;
}

export async function watchCommand(dir: string, opts: WatchCommandOptions, io: Io): Promise<number> {
  const cwd = process.cwd();
  const shownOnce = onlyNewWarnings();
  const given = path.resolve(cwd, dir);
  if (existsSync(given) && statSync(given).isFile() && existsSync(path.join(path.dirname(given), 'deck.yaml'))) {
    // `brief watch my-brief/deck.yaml`: watch the briefing the file belongs to, all of it
    const folder = path.relative(cwd, path.dirname(given)) || '.';
    io.err(formatDiagnostic(warning(`"${dir}" is a file: watching the briefing folder "${folder}" it is in`, { file: dir }, `name the folder itself: \`brief watch ${folder}\``)));
    dir = folder;
  }
  const shown = (p: string) => path.relative(cwd, p) || p;
  let session;
  try {
    session = await startWatch({
      dir,
      output: opts.output,
      template: opts.template,
      cwd,
      port: opts.port,
      // a spinner only where it can redraw in place; a log gets the result lines alone
      onBuildStart: isatty(2)
        ? () => {
            const spinner = startProgress('building', { whenPiped: 'silent' });
            return () => spinner.stop();
          }
        : undefined,
      onBuild: ({ result, ms, html, kept }) => {
        printDiagnostics(shownOnce(result.diagnostics), io);
        if (result.ok && result.deck && result.output && html) {
          io.err(`built ${result.deck.slides.length} slides in ${Math.round(ms)} ms → ${shown(result.output)}, ${shown(html)}${summary(result.diagnostics)}`);
        } else {
          io.err(`build failed${summary(result.diagnostics)}; ${kept ? 'keeping the last good deck and preview' : 'nothing written yet'}; fix the errors and save`);
        }
      },
    });
  } catch (e) {
    if (e instanceof PortInUseError) {
      io.err(formatDiagnostic(error(`port ${e.port} is already in use`, undefined, 'choose another with --port, or leave --port out to use a free one')));
      return 2;
    }
    throw e;
  }
  if (!existsSync(path.resolve(cwd, dir))) {
    // the build has said what is missing; there is nothing to watch
    await session.close();
    return 1;
  }
  io.out(`Preview: ${session.url}`);
  io.err(`watching ${shown(path.resolve(cwd, dir))} and its template; Ctrl-C to stop`);
  if (opts.open) openBrowser(session.url);

  await new Promise<void>((resolve) => {
    let stops = 0;
    const stop = (): void => {
      // a second Ctrl-C while closing means "now"
      if (++stops > 1) process.exit(130);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await session.close();
  io.err('stopped watching');
  return 0;
}

function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // no browser launcher: the URL is printed above
  }
}
