/**
 * PPTX → PDF through LibreOffice. LibreOffice exits 0 even when it converts nothing (a locked
 * profile, a crash in the filter), so success is judged by the PDF itself: it must exist and
 * have one page per slide. Each run gets a private profile folder, so a desktop LibreOffice the
 * user has open (or a parallel conversion) cannot swallow the request.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Diagnostic, error } from '../../diagnostics.js';
import { writeFileAtomic } from '../../io/atomic-write.js';

export interface PdfOptions {
  /** The LibreOffice executable; default: found on PATH or where installers put it. */
  soffice?: string;
  /** Give up after this long; a first start with a fresh profile takes several seconds. */
  timeoutMs?: number;
}

export interface PdfResult {
  diagnostics: Diagnostic[];
  /** Absolute path of the written PDF. */
  output?: string;
  pages?: number;
}

export const INSTALL_LIBREOFFICE =
  'install LibreOffice: `sudo apt-get install libreoffice-impress` (Debian/Ubuntu), `brew install --cask libreoffice` (macOS) or `winget install TheDocumentFoundation.LibreOffice` (Windows)';

/** Converts `pptx` and writes the PDF to `target` atomically, or leaves `target` as it was. */
export async function pptxToPdf(pptx: string, target: string, expectedPages: number, options: PdfOptions = {}): Promise<PdfResult> {
  const soffice = options.soffice ?? findSoffice();
  if (!soffice) return { diagnostics: [error('cannot write the PDF: LibreOffice (soffice) is not installed or not on PATH', undefined, INSTALL_LIBREOFFICE)] };

  const work = mkdtempSync(path.join(tmpdir(), 'brief-pdf-'));
  try {
    const outdir = path.join(work, 'out');
    const args = [
      `-env:UserInstallation=${pathToFileURL(path.join(work, 'profile')).href}`,
      '--headless',
      '--norestore',
      '--nolockcheck',
      '--convert-to',
      'pdf',
      '--outdir',
      outdir,
      pptx,
    ];
    const run = await runProcess(soffice, args, options.timeoutMs ?? 240_000);
    const produced = path.join(outdir, `${path.basename(pptx, path.extname(pptx))}.pdf`);
    const tail = run.output.trim().split('\n').slice(-3).join(' ').trim();
    if (run.timedOut) return { diagnostics: [error(`LibreOffice did not finish converting ${path.basename(pptx)} within ${Math.round((options.timeoutMs ?? 240_000) / 1000)} s`, undefined, 'close other LibreOffice windows and try again')] };
    if (!existsSync(produced)) {
      return {
        diagnostics: [error(`LibreOffice did not write a PDF for ${path.basename(pptx)}${run.code ? ` (exit ${run.code})` : ''}`, undefined, tail ? `LibreOffice said: ${tail}` : 'run `soffice --headless --convert-to pdf` on the deck by hand to see why')],
      };
    }
    const bytes = readFileSync(produced);
    const pages = pdfinfoPages(produced) ?? countPdfPages(bytes);
    if (pages !== expectedPages) {
      return {
        diagnostics: [error(`the PDF LibreOffice wrote has ${pages ?? 'an unknown number of'} pages, expected ${expectedPages} (one per slide); it was not kept`, undefined, 'open the .pptx in LibreOffice Impress to see which slides it cannot read')],
      };
    }
    writeFileAtomic(target, bytes);
    return { diagnostics: [], output: target, pages };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** soffice or libreoffice on PATH, then where the macOS and Windows installers put it. */
export function findSoffice(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const exts = platform === 'win32' ? ['.exe', '.com', ''] : [''];
  for (const dir of (env['PATH'] ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of ['soffice', 'libreoffice']) for (const ext of exts) if (isExecutable(path.join(dir, name + ext))) return path.join(dir, name + ext);
  }
  const fixed =
    platform === 'darwin'
      ? ['/Applications/LibreOffice.app/Contents/MacOS/soffice']
      : platform === 'win32'
        ? [path.join(env['ProgramFiles'] ?? 'C:\\Program Files', 'LibreOffice', 'program', 'soffice.exe')]
        : [];
  return fixed.find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Pages according to poppler's pdfinfo, when it is installed. */
function pdfinfoPages(file: string): number | undefined {
  const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  if (r.status !== 0 || typeof r.stdout !== 'string') return undefined;
  const m = /^Pages:\s+(\d+)/m.exec(r.stdout);
  return m ? Number(m[1]) : undefined;
}

/**
 * Pages of a PDF without a PDF library: the page objects (`/Type /Page`, not `/Pages`). Enough for
 * LibreOffice's output, which keeps page objects uncompressed; undefined when none are visible
 * (object streams), rather than a wrong count.
 */
export function countPdfPages(pdf: Uint8Array): number | undefined {
  const text = Buffer.from(pdf).toString('latin1');
  const pages = text.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
  return pages > 0 ? pages : undefined;
}

interface ProcessRun {
  code: number | null;
  output: string;
  timedOut: boolean;
}

/** Runs a program asynchronously (so a progress spinner keeps turning), keeping its output for messages. */
function runProcess(command: string, args: string[], timeoutMs: number): Promise<ProcessRun> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, output: `${output}\n${e.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}
