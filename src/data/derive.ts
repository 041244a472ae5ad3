/**
 * Derived columns: `derive: { balance: exports_usd_bn - imports_usd_bn }` in deck.yaml (per
 * dataset) or in a chart block. Each expression is parsed and evaluated by expression.ts (no
 * eval); the result is appended as a number column. Later entries may use earlier ones.
 */
import { error, warning } from '../diagnostics.js';
import type { Diagnostic, SourcePoint } from '../diagnostics.js';
import { ExpressionError, evaluate, parseExpression } from './expression.js';
import type { Expr } from './expression.js';
import { categoryColumnOf } from './lookup.js';
import type { Column, DataSet } from './types.js';

export function deriveColumns(
  dataset: DataSet,
  derive: Record<string, string>,
  at: SourcePoint,
  /** Where each expression starts, so an error inside one points at its character. */
  expressionAt: Record<string, SourcePoint> = {},
): { dataset: DataSet; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const columns: Column[] = [...dataset.columns];
  const failed = new Set<string>();
  const rows = categoryColumnOf(dataset).values.length;

  for (const [rawName, rawSrc] of Object.entries(derive ?? {})) {
    const name = rawName.trim();
    if (name === '') {
      diagnostics.push(error('a derived column needs a name', at, 'for example: derive: { balance: exports_usd_bn - imports_usd_bn }'));
      continue;
    }
    if (typeof rawSrc !== 'string' && typeof rawSrc !== 'number') {
      diagnostics.push(error(`derived column "${name}" must be an expression (text), not ${rawSrc === null ? 'empty' : typeof rawSrc}`, at, `for example: ${name}: exports_usd_bn - imports_usd_bn`));
      failed.add(name);
      continue;
    }
    const src = String(rawSrc);
    if (columns.some((c) => c.name === name)) {
      const original = dataset.columns.some((c) => c.name === name);
      diagnostics.push(
        error(
          `derived column "${name}" has the name of ${original ? 'a column' : 'another derived column'} of ${dataset.name}`,
          at,
          `choose a new name, e.g. ${name}_derived`,
        ),
      );
      failed.add(name);
      continue;
    }
    const current: DataSet = { ...dataset, columns };
    let expr: Expr;
    try {
      expr = parseExpression(src);
      const value = evaluate(expr, current);
      const values = value.kind === 'vector' ? value.values : new Array<number | null>(rows).fill(value.value);
      columns.push({ name, type: 'number', values });
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      failed.add(name);
      // An unknown column that is itself a derived column that failed was already reported.
      if (e.unknownColumn !== undefined && failed.has(e.unknownColumn)) continue;
      const start = expressionAt[rawName];
      const where = start ? { ...start, ...(start.column !== undefined ? { column: start.column + e.pos } : {}) } : at;
      diagnostics.push(error(`derived column "${name}": ${e.message} (character ${e.pos + 1} of "${src}")`, where, e.hint));
      continue;
    }
    if (usesRowOrder(expr) && !ascending(current)) {
      diagnostics.push(
        warning(
          `derived column "${name}" compares each row with the row above it, but the rows of ${dataset.name} are not in ascending "${dataset.categoryColumn}" order`,
          at,
          `sort ${dataset.file} by "${dataset.categoryColumn}", oldest first`,
        ),
      );
    }
  }
  return { dataset: { ...dataset, columns }, diagnostics };
}

function usesRowOrder(e: Expr): boolean {
  switch (e.kind) {
    case 'call':
      return e.name === 'yoy' || e.name === 'diff' || e.args.some(usesRowOrder);
    case 'unary':
      return usesRowOrder(e.operand);
    case 'binary':
      return usesRowOrder(e.left) || usesRowOrder(e.right);
    default:
      return false;
  }
}

function ascending(dataset: DataSet): boolean {
  const cat = categoryColumnOf(dataset);
  if (cat.type === 'text') return true;
  for (let i = 1; i < cat.values.length; i++) {
    const a = cat.values[i - 1];
    const b = cat.values[i];
    if (a === null || b === null || a === undefined || b === undefined) continue;
    if (a >= b) return false;
  }
  return true;
}
