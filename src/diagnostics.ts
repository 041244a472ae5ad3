/**
 * Diagnostics follow vfile's model. Stages return them; only the CLI prints them and exits,
 * so that a user's mistake never surfaces as a stack trace.
 */
export type Severity = 'error' | 'warning';

export interface SourcePoint {
  file: string;
  line?: number;
  column?: number;
}

export interface Diagnostic {
  severity: Severity;
  message: string;
  hint?: string;
  at?: SourcePoint;
}

/** Thrown inside a stage to abort it with diagnostics the user can act on. */
export class BriefError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'BriefError';
    this.diagnostics = diagnostics;
  }
}

export function error(message: string, at?: SourcePoint, hint?: string): Diagnostic {
  return { severity: 'error', message, at, hint };
}

export function warning(message: string, at?: SourcePoint, hint?: string): Diagnostic {
  return { severity: 'warning', message, at, hint };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `file:line:col: error: message` and an indented hint line, the way tsc prints. */
export function formatDiagnostic(d: Diagnostic): string {
  let where = '';
  if (d.at) {
    where = d.at.file;
    if (d.at.line !== undefined) where += `:${d.at.line}`;
    if (d.at.line !== undefined && d.at.column !== undefined) where += `:${d.at.column}`;
    where += ': ';
  }
  const head = `${where}${d.severity}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** Closest candidate by edit distance, for "did you mean" hints; undefined when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
