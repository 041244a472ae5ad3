/**
 * `brief build --pdf`: LibreOffice converts the deck; success is judged by the PDF (one page per
 * slide), because LibreOffice exits 0 even when it converts nothing.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countPdfPages, findSoffice, pptxToPdf } from '../src/commands/pdf/convert.js';
import { copySample, MINIMAL, makeBriefing, runCli } from './helpers/briefing.js';
import { missingTools, repoRoot } from './helpers/tools.js';
import { readPptxParts, slideNames } from './helpers/unzip.js';

const NO_STACK = /\n\s+at .+:\d+:\d+\)?\n|internal error/;
const skip = missingTools('soffice', 'pdfinfo');

describe.skipIf(!!skip)(`brief build --pdf with LibreOffice${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('writes one PDF page per slide of the sample, next to the deck', () => {
    const dir = copySample();
    const r = runCli(['build', 'content', '--pdf', '-o', 'out/sample.pptx'], dir);
    expect(r.code, r.stderr).toBe(0);
    const pdf = path.join(dir, 'out/sample.pdf');
    expect(existsSync(pdf)).toBe(true);
    const slides = slideNames(readPptxParts(path.join(dir, 'out/sample.pptx'))).length;
    // counted by poppler, independently of brief's own check
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1])).toBe(slides);
    expect(r.stderr).toContain(`wrote ${slides} PDF pages → out/sample.pdf`);
    // the progress line, printed once when stderr is not a terminal
    expect(r.stderr).toContain('converting to PDF with LibreOffice…');
  });
});

describe('brief build --pdf without LibreOffice', () => {
  it('says how to install it, exits 1, and keeps the deck', () => {
    const dir = makeBriefing(MINIMAL);
    // an empty PATH hides soffice; node itself is started by its full path
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/brief.js'), 'build', '.', '--pdf', '-o', 'deck.pptx'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: path.join(dir, 'no-such-bin') },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error: cannot write the PDF: LibreOffice (soffice) is not installed or not on PATH');
    expect(r.stderr).toMatch(/hint: .*apt-get install libreoffice-impress.*brew install --cask libreoffice.*winget install/);
    expect(r.stderr).toContain('no PDF was written');
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(existsSync(path.join(dir, 'deck.pptx'))).toBe(true);
    expect(existsSync(path.join(dir, 'deck.pdf'))).toBe(false);
  });
});

describe('pptxToPdf judges the PDF, not the exit code', () => {
  /** A stand-in for soffice that exits 0 after doing what `script` says. */
  function fakeSoffice(script: string): string {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'brief-fake-soffice-')), 'soffice');
    writeFileSync(file, `#!/bin/sh\n${script}\nexit 0\n`);
    chmodSync(file, 0o755);
    return file;
  }
  const pdfWithPages = (n: number) => `%PDF-1.4\n1 0 obj << /Type /Pages /Count ${n} >> endobj\n${Array.from({ length: n }, (_, i) => `${i + 2} 0 obj << /Type /Page /Parent 1 0 R >> endobj`).join('\n')}\n%%EOF\n`;
  // the fake writes into --outdir (the 8th argument) a PDF named after the input
  const writePdf = (n: number) => `out="$8"; mkdir -p "$out"; printf '%s' '${pdfWithPages(n)}' > "$out/deck.pdf"`;

  it.skipIf(process.platform === 'win32')('reports a conversion that wrote nothing although LibreOffice exited 0', async () => {
    const dir = makeBriefing({ 'deck.pptx': 'not really a deck' });
    const target = path.join(dir, 'deck.pdf');
    const r = await pptxToPdf(path.join(dir, 'deck.pptx'), target, 3, { soffice: fakeSoffice('echo "Error: source file could not be loaded" >&2') });
    expect(r.output).toBeUndefined();
    expect(r.diagnostics[0]!.message).toBe('LibreOffice did not write a PDF for deck.pptx');
    expect(r.diagnostics[0]!.hint).toContain('source file could not be loaded');
    expect(existsSync(target)).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('refuses a PDF with the wrong page count and keeps the previous one', async () => {
    const dir = makeBriefing({ 'deck.pptx': 'x', 'deck.pdf': 'the previous PDF' });
    const target = path.join(dir, 'deck.pdf');
    const r = await pptxToPdf(path.join(dir, 'deck.pptx'), target, 3, { soffice: fakeSoffice(writePdf(2)) });
    expect(r.diagnostics[0]!.message).toContain('has 2 pages, expected 3 (one per slide)');
    expect(readFileSync(target, 'utf8')).toBe('the previous PDF');

    const ok = await pptxToPdf(path.join(dir, 'deck.pptx'), target, 3, { soffice: fakeSoffice(writePdf(3)) });
    expect(ok).toMatchObject({ diagnostics: [], output: target, pages: 3 });
    expect(readFileSync(target, 'utf8')).toContain('/Type /Page /Parent');
  });

  it('counts page objects, not the page tree', () => {
    expect(countPdfPages(new TextEncoder().encode('<< /Type /Pages /Count 2 >> << /Type/Page >> << /Type /Page /X 1 >>'))).toBe(2);
    expect(countPdfPages(new TextEncoder().encode('%PDF-1.7 compressed object streams only'))).toBeUndefined();
  });

  it('finds soffice on PATH, or where installers put it', () => {
    const bin = path.dirname(fakeSoffice(''));
    expect(findSoffice({ PATH: bin }, 'linux')).toBe(path.join(bin, 'soffice'));
    expect(findSoffice({ PATH: '' }, 'linux')).toBeUndefined();
  });
});
