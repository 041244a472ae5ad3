/**
 * What the CLI and its commands print to the terminal. It lives below cli.ts and commands/*, which
 * both use it, so that neither imports the other back.
 */
import { writeSync } from 'node:fs';
import { type Diagnostic, formatDiagnostic } from '../diagnostics.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/**
 * Text to standard output (1) or standard error (2), written at once. Not through
 * process.stdout/stderr: the first use of either builds a stream (and loads node:net for a pipe,
 * node:tty for a terminal), which cost a build several milliseconds to print its one line. When the
 * descriptor does not take it all at once (a non-blocking pipe that is full, say), the rest goes
 * through the stream, which waits for the reader as Node always does. A reader that has closed the
 * pipe ends the output quietly, as other command-line tools do, where the stream threw EPIPE.
 */
export function writeText(fd: 1 | 2, text: string): void {
  const data = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < data.length) written += writeSync(fd, data, written);
  } catch (e) {
    // the reader has gone (`brief --help | head -1`): there is no one left to tell anything
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return;
    (fd === 1 ? process.stdout : process.stderr).write(data.subarray(written));
  }
}

/** The terminal: every line brief prints goes through writeText. */
export const terminalIo: Io = { out: (s) => writeText(1, `${s}\n`), err: (s) => writeText(2, `${s}\n`) };

/** " (2 errors, 1 warning)", or nothing when there are none. */
export function summary(diagnostics: Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const parts = [errors ? `${errors} error${errors > 1 ? 's' : ''}` : '', warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : ''].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export function printDiagnostics(diagnostics: Diagnostic[], io: Io): void {
  for (const d of diagnostics) io.err(formatDiagnostic(d));
}
