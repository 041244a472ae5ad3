/**
 * `brief watch`: build, serve the preview, rebuild on every change to the briefing or its
 * template, and tell the open page to reload. A failed build writes nothing: the last good deck
 * and preview stay, and the errors go to the terminal and over the page until they are fixed.
 *
 * Rebuilds run in this one process, so what brief loads once (fonts and their metrics, chart.js,
 * the preview's script) is loaded on the first build only.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { watch as watchFiles } from 'chokidar';
import { build, type BuildOptions, type BuildResult } from '../../build.js';
import type { Deck } from '../../deck/types.js';
import { formatDiagnostic } from '../../diagnostics.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { deckToHtml } from '../../render/html.js';
import { siblingPath } from '../../io/outputs.js';
import { loadHtmlAssets } from '../../render/html-assets.js';
import type { LiveMessage } from '../../render/html-protocol.js';
import { isInside } from '../../template/load.js';
import { RebuildQueue } from './queue.js';
import { EVENTS_PATH, startPreviewServer } from './server.js';

/** Changes closer together than this become one rebuild (an editor's save is often several writes). */
export const DEBOUNCE_MS = 10;

/** After chokidar's 50 ms in which it drops further changes to a file (see watch-queue.ts). */
const RECHECK_MS = 60;

export interface WatchOptions {
  dir: string;
  output?: string;
  template?: string;
  cwd: string;
  /** 0: any free port. */
  port: number;
  /** Called when a build starts; returns what to call when it ends (a spinner, in the CLI). */
  onBuildStart?: () => () => void;
  /** Every build's outcome; `html` is set when the build succeeded. */
  onBuild: (outcome: { result: BuildResult; ms: number; html?: string; kept: boolean }) => void;
}

export interface WatchSession {
  url: string;
  close(): Promise<void>;
}

export async function startWatch(options: WatchOptions): Promise<WatchSession> {
  const dir = path.resolve(options.cwd, options.dir);
  const server = await startPreviewServer(options.port, '');
  let buildNumber = 0;
  let output = options.output ? path.resolve(options.cwd, options.output) : undefined;
  // The template's folders, including those of templates it extends, when outside the briefing.
  let templateDirs = new Set<string>();
  let closed = false;
  const templates: NonNullable<BuildOptions['templates']> = new Map();

  const buildOnce = async (): Promise<void> => {
    server.publish({ type: 'building' });
    const done = options.onBuildStart?.();
    const started = performance.now();
    let result: BuildResult;
    let html: string | undefined;
    let message: LiveMessage;
    try {
      result = await build({ dir: options.dir, output: options.output, template: options.template, cwd: options.cwd, templates });
      if (result.ok && result.deck && result.output) {
        const assets = loadHtmlAssets(result.deck);
        html = siblingPath(result.output, '.html');
        writeFileAtomic(html, new TextEncoder().encode(deckToHtml(result.deck, assets)));
        buildNumber++;
        server.setPage(deckToHtml(result.deck, assets, { live: { build: buildNumber, events: EVENTS_PATH } }));
        output = result.output;
        message = { type: 'ok', build: buildNumber };
      } else {
        message = { type: 'error', build: buildNumber, diagnostics: result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic) };
      }
      // until a build succeeds there is no deck to show, only the errors
      if (buildNumber === 0) server.setPage(deckToHtml(NO_DECK, loadHtmlAssets(NO_DECK), { live: { build: 0, events: EVENTS_PATH } }));
    } catch (e) {
      // a bug in brief must not end the session: report it like a build error and keep watching
      result = { ok: false, diagnostics: [{ severity: 'error', message: `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` }] };
      message = { type: 'error', build: buildNumber, diagnostics: result.diagnostics.map(formatDiagnostic) };
    } finally {
      done?.();
    }
    options.onBuild({ result, ms: performance.now() - started, html, kept: buildNumber > 0 });
    server.publish(message);
    if (result.templateDirs) {
      const next = new Set(result.templateDirs.filter((d) => !within(dir, d)));
      for (const d of templateDirs) if (!next.has(d)) void watcher?.unwatch(d);
      for (const d of next) if (!templateDirs.has(d)) watcher?.add(d);
      templateDirs = next;
    }
  };

  const queue = new RebuildQueue({ build: buildOnce, stamp: fileStamp, debounceMs: DEBOUNCE_MS, recheckMs: RECHECK_MS });
  const schedule = (event: string, file: string): void => {
    if (closed) return;
    // content edits reuse the loaded template; anything else may be (part of) a template
    if (!isInside(dir, file) || isInside(path.join(dir, 'templates'), file) || [...templateDirs].some((d) => within(d, file))) templates.clear();
    queue.changedFile(event, file);
  };

  let watcher: ReturnType<typeof watchFiles> | undefined;
  await queue.run();

  // Written files must not trigger rebuilds: the deck, preview and PDF, their temp files (dot
  // files), and the output folder when it lies inside the briefing.
  const ignored = (file: string): boolean => {
    if (file === dir || templateDirs.has(file)) return false;
    const base = path.basename(file);
    if (base.startsWith('.') || base === 'node_modules') return true;
    if (output && [output, siblingPath(output, '.html'), siblingPath(output, '.pdf')].includes(file)) return true;
    const outDir = output ? path.dirname(output) : path.resolve(options.cwd, 'output');
    return outDir !== dir && isInside(dir, outDir) && within(outDir, file);
  };
  watcher = watchFiles([dir, ...templateDirs], { ignoreInitial: true, ignored });
  watcher.on('all', schedule);
  await new Promise<void>((resolve) => watcher!.once('ready', () => resolve()));

  return {
    url: server.url,
    async close() {
      closed = true;
      await watcher?.close();
      await queue.close();
      await server.close();
    },
  };
}

/** What tells one version of a file from the next, without reading it. */
function fileStamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return 'gone';
  }
}

function within(parent: string, child: string): boolean {
  return parent === child || isInside(parent, child);
}

/** The page served until the first build succeeds: no slides, the errors in the overlay. */
const NO_DECK: Deck = { title: 'brief watch: no deck yet', lang: 'en', width: 13.333, height: 7.5, template: '', slides: [] };
