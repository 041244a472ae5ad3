/**
 * What the CLI and its commands print to the terminal. It lives below cli.ts and commands/*, which
 * both use it, so that neither imports the other back.
 */
import { type Diagnostic, formatDiagnostic } from '../diagnostics.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

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
