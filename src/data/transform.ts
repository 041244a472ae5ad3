/**
 * Shaping datasets: the `transform:` steps of deck.yaml, of a chart block and of a table block
 * (filter, group, sort, top, pivot, unpivot, select, rename, derive), run in order on a DataSet.
 *
 * Each step is a loop over whole columns. Arquero was measured for this (filter + group + top of
 * 100,000 rows: about 50 ms through `aq.escape` functions, against under 1 ms as a loop; group +
 * pivot about 67 ms against 33 ms) and was slower for every step brief needs; the loops also keep
 * each row's source line, which the errors below need ("line 17 has …").
 *
 * A condition is parsed by expression.ts (`parsePredicate`) and read as data: nothing is compiled
 * or evaluated as code. Every diagnostic of a step points at the line of that step.
 */
import { didYouMean, error } from '../diagnostics.js';
import type { Diagnostic, SourcePoint } from '../diagnostics.js';
import { isMap, isNode, isScalar, isSeq } from 'yaml';
import { deriveColumns } from './derive.js';
import { ExpressionError, evaluate, parsePredicate } from './expression.js';
import type { Expr } from './expression.js';
import { clean, parseNumber } from './lookup.js';
import type { Cell, Column, ColumnType, DataSet, TransformStep } from './types.js';

export const STEP_KINDS = ['filter', 'group', 'sort', 'top', 'pivot', 'unpivot', 'select', 'rename', 'derive'] as const;
const AGGREGATES = ['sum', 'mean', 'min', 'max', 'count', 'first', 'last'] as const;
type Aggregate = (typeof AGGREGATES)[number];

const USAGE: Record<(typeof STEP_KINDS)[number], string> = {
  filter: '- filter: flow == "export" and year >= 2020',
  group: '- group: { by: [year, product], sum: [value] }   (also mean, min, max, count, first, last)',
  sort: '- sort: { by: value, order: desc }',
  top: '- top: { n: 5, others: Other products }',
  pivot: '- pivot: { index: year, columns: flow, values: value }',
  unpivot: '- unpivot: { columns: [exports, imports], key: flow, value: value }',
  select: '- select: [year, product, value]',
  rename: '- rename: { value: value_usd_m }',
  derive: '- derive: { balance: exports - imports }',
};

class StepError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly where?: SourcePoint,
  ) {
    super(message);
  }
}

/** Where row `row`, column `column` of a dataset came from: `file:line`, or `file.xlsx!Sheet!B17`. */
export function cellAt(ds: DataSet, row: number, column?: Column): SourcePoint {
  const line = ds.rowLines[row];
  if (ds.sheet !== undefined) {
    const col = column?.sourceIndex !== undefined ? columnLetters(column.sourceIndex) : '';
    return { file: `${ds.file}!${ds.sheet}${line !== undefined ? `!${col}${line}` : ''}` };
  }
  return line !== undefined ? { file: ds.file, line } : { file: ds.file };
}

/** How a row is named in a message: "line 17" or "B17" (a sheet's cell). */
export function rowName(ds: DataSet, row: number, column?: Column): string {
  const line = ds.rowLines[row];
  if (ds.sheet !== undefined) return `${ds.file}!${ds.sheet}!${column?.sourceIndex !== undefined ? columnLetters(column.sourceIndex) : 'row '}${line}`;
  return `${ds.file} line ${line}`;
}

export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** True when the first column repeats a value (a long table, one row per year × flow × …). */
export function repeatsCategories(ds: DataSet): boolean {
  const first = ds.columns[0];
  if (!first) return false;
  const seen = new Set<Cell>();
  for (const v of first.values) {
    if (v === null) continue;
    if (seen.has(v)) return true;
    seen.add(v);
  }
  return false;
}

/**
 * `transform:` as written in YAML (a list of one-key maps) → steps; the caller gives where a node
 * is. Problems with the list's shape are diagnostics; a step's options are checked when it runs.
 */
export function readTransformSteps(node: unknown, pos: (n: unknown) => SourcePoint, diagnostics: Diagnostic[]): TransformStep[] | undefined {
  if (!isSeq(node)) {
    diagnostics.push(error('"transform" must be a list of steps, each on a line starting with "-"', pos(node), `for example:\n  transform:\n    ${USAGE.filter}\n    ${USAGE.group}`));
    return undefined;
  }
  const steps: TransformStep[] = [];
  for (const item of node.items) {
    if (!isMap(item) || item.items.length !== 1) {
      diagnostics.push(error('each transform step is one "kind: options" entry', pos(item), `steps: ${STEP_KINDS.join(', ')}; e.g. ${USAGE.filter}`));
      continue;
    }
    const pair = item.items[0]!;
    const kind = isScalar(pair.key) ? String(pair.key.value) : '';
    const at = pos(pair.key);
    if (!(STEP_KINDS as readonly string[]).includes(kind)) {
      const guess = didYouMean(kind, STEP_KINDS);
      diagnostics.push(error(`unknown transform step "${kind}"`, at, `${guess ? `did you mean "${guess}"? ` : ''}steps: ${STEP_KINDS.join(', ')}`));
      continue;
    }
    const value = pair.value === null || pair.value === undefined ? null : isNode(pair.value) ? pair.value.toJSON() : pair.value;
    steps.push({ kind, value, at });
  }
  return steps;
}

/** Runs the steps in order; stops at the first step that fails (its error names that step). */
export function applyTransforms(dataset: DataSet, steps: readonly TransformStep[]): { dataset?: DataSet; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let ds = dataset;
  for (const step of steps) {
    try {
      ds = runStep(ds, step, diagnostics);
    } catch (e) {
      if (!(e instanceof StepError)) throw e;
      diagnostics.push(error(`${step.kind} step: ${e.message}`, e.where ?? step.at, e.hint));
      return { diagnostics };
    }
    if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
    if (ds.rowLines.length === 0) {
      diagnostics.push(error(`no rows are left after this ${step.kind} step`, step.at, step.kind === 'filter' ? 'check the values the condition compares with (text must match exactly, e.g. "export")' : undefined));
      return { diagnostics };
    }
  }
  const categoryColumn = ds.columns[0]?.name ?? ds.categoryColumn;
  ds = { ...ds, categoryColumn, long: repeatsCategories(ds) };
  return { dataset: ds, diagnostics };
}

function runStep(ds: DataSet, step: TransformStep, diagnostics: Diagnostic[]): DataSet {
  switch (step.kind) {
    case 'filter':
      return filterStep(ds, step.value);
    case 'group':
      return groupStep(ds, step.value);
    case 'sort':
      return sortStep(ds, step.value);
    case 'top':
      return topStep(ds, step.value);
    case 'pivot':
      return pivotStep(ds, step.value);
    case 'unpivot':
      return unpivotStep(ds, step.value);
    case 'select':
      return selectStep(ds, step.value);
    case 'rename':
      return renameStep(ds, step.value);
    case 'derive': {
      if (!isRecord(step.value)) throw new StepError('expected new column names mapped to expressions', USAGE.derive);
      const derive: Record<string, string> = {};
      for (const [k, v] of Object.entries(step.value)) derive[k] = typeof v === 'string' || typeof v === 'number' ? String(v) : (v as string);
      const out = deriveColumns({ ...ds, categoryColumn: ds.columns[0]?.name ?? ds.categoryColumn }, derive, step.at);
      diagnostics.push(...out.diagnostics);
      return out.dataset;
    }
    default: {
      const guess = didYouMean(step.kind, STEP_KINDS);
      throw new StepError(`unknown step "${step.kind}"`, `${guess ? `did you mean "${guess}"? ` : ''}steps: ${STEP_KINDS.join(', ')}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reading a step's options

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function options(value: unknown, kind: keyof typeof USAGE, known: readonly string[]): Record<string, unknown> {
  if (!isRecord(value)) throw new StepError(`expected options in { }`, USAGE[kind]);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const guess = didYouMean(key, known);
      throw new StepError(`unknown option "${key}"`, `${guess ? `did you mean "${guess}"? ` : ''}${kind} takes ${known.join(', ')}; e.g. ${USAGE[kind]}`);
    }
  }
  return value;
}

function names(value: unknown, what: string, kind: keyof typeof USAGE): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (value === undefined || value === null || list.length === 0 || !list.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw new StepError(`"${what}" must name one column or a list of columns`, USAGE[kind]);
  }
  return list.map(String);
}

function column(ds: DataSet, name: string): Column {
  const col = ds.columns.find((c) => c.name === name);
  if (col) return col;
  const all = ds.columns.map((c) => c.name);
  const guess = didYouMean(name, all);
  throw new StepError(`unknown column "${name}"`, `${guess ? `did you mean "${guess}"? ` : ''}the columns here are ${all.map((n) => `"${n}"`).join(', ')}`);
}

function pick(ds: DataSet, rows: ArrayLike<number>): DataSet {
  const n = rows.length;
  const columns = ds.columns.map((c) => {
    const values = new Array<Cell>(n);
    for (let i = 0; i < n; i++) values[i] = c.values[rows[i]!]!;
    return { ...c, values };
  });
  const rowLines = new Array<number>(n);
  for (let i = 0; i < n; i++) rowLines[i] = ds.rowLines[rows[i]!]!;
  return { ...ds, columns, rowLines };
}

// ---------------------------------------------------------------------------------------------
// filter

function filterStep(ds: DataSet, value: unknown): DataSet {
  if (typeof value !== 'string' || value.trim() === '') throw new StepError('expected a condition', USAGE.filter);
  let keep: Uint8Array;
  try {
    keep = evaluatePredicate(parsePredicate(value), ds);
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    throw new StepError(`${e.message} (character ${e.pos + 1} of "${value}")`, e.hint);
  }
  const rows: number[] = [];
  for (let i = 0; i < keep.length; i++) if (keep[i]) rows.push(i);
  return pick(ds, rows);
}

type Operand = { kind: 'cells'; values: readonly Cell[]; type: ColumnType; name?: string } | { kind: 'scalar'; value: Cell };

/** One 0/1 per row. Comparisons of an empty cell are false (and `!=` true), as in a spreadsheet filter. */
export function evaluatePredicate(expr: Expr, ds: DataSet): Uint8Array {
  const n = ds.rowLines.length;
  const operand = (e: Expr): Operand => {
    if (e.kind === 'number') return { kind: 'scalar', value: e.value };
    if (e.kind === 'string') return { kind: 'scalar', value: e.value };
    if (e.kind === 'unary' && e.op === '-' && e.operand.kind === 'number') return { kind: 'scalar', value: -e.operand.value };
    if (e.kind === 'column') {
      const col = ds.columns.find((c) => c.name === e.name);
      if (!col) {
        const all = ds.columns.map((c) => c.name);
        const guess = didYouMean(e.name, all);
        throw new ExpressionError(`unknown column "${e.name}"`, e.pos, `${guess ? `did you mean "${guess}"? ` : ''}the columns here are ${all.map((x) => `"${x}"`).join(', ')}; text values need quotes: "${e.name}"`, e.name);
      }
      return { kind: 'cells', values: col.values, type: col.type, name: col.name };
    }
    if (e.kind === 'compare' || e.kind === 'logic' || e.kind === 'not' || e.kind === 'in') {
      throw new ExpressionError('a condition cannot be compared with a value', e.pos, 'join conditions with and / or');
    }
    const v = evaluate(e, { ...ds, categoryColumn: ds.columns[0]?.name ?? ds.categoryColumn });
    return v.kind === 'scalar' ? { kind: 'scalar', value: v.value } : { kind: 'cells', values: v.values, type: 'number' };
  };
  // A literal compared with a column takes the column's type: 2024 with a text column is an error,
  // "2024" with a year column is the number 2024.
  const coerce = (lit: Cell, other: Operand, pos: number): Cell => {
    if (other.kind !== 'cells' || lit === null) return lit;
    const numeric = other.type === 'number' || other.type === 'year';
    if (numeric && typeof lit === 'string') {
      const num = parseNumber(lit);
      if (num === undefined) throw new ExpressionError(`column "${other.name}" holds numbers, not text like "${lit}"`, pos, `compare it with a number, e.g. ${other.name} == 2024`);
      return num;
    }
    if (!numeric && typeof lit === 'number') {
      throw new ExpressionError(`column "${other.name}" holds ${other.type === 'date' ? 'dates' : 'text'}; put the value in quotes: "${lit}"`, pos);
    }
    return lit;
  };
  const test = (op: string, a: Cell, b: Cell): boolean => {
    if (a === null || b === null) return op === '!=' ? a !== b : false;
    switch (op) {
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      default:
        return a >= b;
    }
  };
  const ev = (e: Expr): Uint8Array => {
    const out = new Uint8Array(n);
    switch (e.kind) {
      case 'logic': {
        const a = ev(e.left);
        const b = ev(e.right);
        if (e.op === 'and') for (let i = 0; i < n; i++) out[i] = a[i]! & b[i]!;
        else for (let i = 0; i < n; i++) out[i] = a[i]! | b[i]!;
        return out;
      }
      case 'not': {
        const a = ev(e.operand);
        for (let i = 0; i < n; i++) out[i] = a[i] ? 0 : 1;
        return out;
      }
      case 'compare': {
        let a = operand(e.left);
        let b = operand(e.right);
        if (a.kind === 'scalar') a = { kind: 'scalar', value: coerce(a.value, b, e.left.pos) };
        if (b.kind === 'scalar') b = { kind: 'scalar', value: coerce(b.value, a, e.right.pos) };
        if (a.kind === 'cells' && b.kind === 'cells' && (a.type === 'text') !== (b.type === 'text')) {
          throw new ExpressionError(`"${a.name ?? 'the left side'}" and "${b.name ?? 'the right side'}" hold different kinds of values (text and numbers)`, e.pos);
        }
        const av = a.kind === 'cells' ? a.values : undefined;
        const bv = b.kind === 'cells' ? b.values : undefined;
        const as = a.kind === 'scalar' ? a.value : null;
        const bs = b.kind === 'scalar' ? b.value : null;
        // A column against a value, the usual filter, in a loop of its own per operator.
        if (av && !bv && bs !== null) {
          compareWith(e.op, av, bs, out);
          return out;
        }
        for (let i = 0; i < n; i++) out[i] = test(e.op, av ? av[i]! : as, bv ? bv[i]! : bs) ? 1 : 0;
        return out;
      }
      case 'in': {
        const a = operand(e.operand);
        const set = new Set<Cell>();
        for (const item of e.list) {
          const lit = operand(item);
          if (lit.kind !== 'scalar') throw new ExpressionError('the list after in holds values (numbers or quoted text), not columns', item.pos);
          set.add(coerce(lit.value, a, item.pos));
        }
        if (a.kind === 'scalar') out.fill(set.has(a.value) ? 1 : 0);
        else for (let i = 0; i < n; i++) out[i] = a.values[i] !== null && set.has(a.values[i]!) ? 1 : 0;
        return out;
      }
      default:
        throw new ExpressionError('a filter needs a condition such as year == 2024, not a value alone', e.pos, 'compare with == != < <= > >= or test membership with in [..]');
    }
  };
  return ev(expr);
}

/** out[i] = 1 where `values[i] op value` (empty cells never match). */
function compareWith(op: string, values: readonly Cell[], value: number | string, out: Uint8Array): void {
  const n = out.length;
  switch (op) {
    case '==':
      for (let i = 0; i < n; i++) out[i] = values[i] === value ? 1 : 0;
      return;
    case '!=':
      for (let i = 0; i < n; i++) out[i] = values[i] !== value ? 1 : 0;
      return;
    case '<':
      for (let i = 0; i < n; i++) out[i] = values[i] !== null && values[i]! < value ? 1 : 0;
      return;
    case '<=':
      for (let i = 0; i < n; i++) out[i] = values[i] !== null && values[i]! <= value ? 1 : 0;
      return;
    case '>':
      for (let i = 0; i < n; i++) out[i] = values[i] !== null && values[i]! > value ? 1 : 0;
      return;
    default:
      for (let i = 0; i < n; i++) out[i] = values[i] !== null && values[i]! >= value ? 1 : 0;
  }
}

// ---------------------------------------------------------------------------------------------
// group

/** The numbers of a column, or a StepError naming the first cell that is not a number. */
function numbersOf(ds: DataSet, col: Column, what: string): readonly Cell[] {
  if (col.type === 'number' || col.type === 'year') return col.values;
  const i = col.values.findIndex((v) => v !== null && typeof v !== 'number');
  const v = col.values[i];
  throw new StepError(
    `cannot ${what} "${col.name}": it holds ${col.type === 'date' ? 'dates' : 'text'}; ${rowName(ds, i, col)} has "${String(v)}"`,
    `${what} numbers only; a number column must hold numbers in every row (empty cells are skipped). Use count, first or last for text`,
    cellAt(ds, i, col),
  );
}

function groupStep(ds: DataSet, value: unknown): DataSet {
  const o = options(value, 'group', ['by', ...AGGREGATES]);
  const by = names(o['by'], 'by', 'group').map((b) => column(ds, b));
  const aggs: { agg: Aggregate; col?: Column; name: string }[] = [];
  const used = new Set(by.map((c) => c.name));
  for (const agg of AGGREGATES) {
    const v = o[agg];
    if (v === undefined) continue;
    if (agg === 'count') {
      const name = v === true ? 'count' : typeof v === 'string' ? v : undefined;
      if (!name) throw new StepError('"count" takes the name of the new column (or true for "count")', 'e.g. count: rows');
      aggs.push({ agg, name });
      used.add(name);
      continue;
    }
    for (const c of names(v, agg, 'group')) {
      const col = column(ds, c);
      const name = used.has(c) ? `${c}_${agg}` : c;
      if (used.has(name)) throw new StepError(`"${c}" is aggregated twice by ${agg}`);
      used.add(name);
      aggs.push({ agg, col, name });
    }
  }
  if (aggs.length === 0) throw new StepError('nothing to aggregate', `name the columns to add up, e.g. ${USAGE.group}`);
  const inputs = aggs.map((a) => (a.col && a.agg !== 'first' && a.agg !== 'last' ? numbersOf(ds, a.col, a.agg === 'sum' ? 'sum' : `take the ${a.agg} of`) : a.col?.values));

  // Group ids in order of first appearance.
  const n = ds.rowLines.length;
  const ids = new Int32Array(n);
  const firstRow: number[] = [];
  const index = new Map<unknown, number>();
  if (by.length === 1) {
    const vals = by[0]!.values;
    for (let i = 0; i < n; i++) {
      const key = vals[i];
      let id = index.get(key);
      if (id === undefined) {
        id = firstRow.length;
        index.set(key, id);
        firstRow.push(i);
      }
      ids[i] = id;
    }
  } else {
    // Each key column's values numbered first, then one number per combination (mixed radix): no
    // string is made per row. Past 2^53 combinations the numbers would collide; texts are used then.
    const parts = by.map((b) => {
      const seen = new Map<Cell, number>();
      const ids = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = b.values[i]!;
        let id = seen.get(v);
        if (id === undefined) {
          id = seen.size;
          seen.set(v, id);
        }
        ids[i] = id;
      }
      return { ids, size: seen.size };
    });
    const room = parts.reduce((p, x) => p * Math.max(1, x.size), 1);
    const keyOf =
      room <= Number.MAX_SAFE_INTEGER
        ? (i: number): unknown => {
            let key = 0;
            for (const p of parts) key = key * p.size + p.ids[i]!;
            return key;
          }
        : (i: number): unknown => parts.map((p) => p.ids[i]).join(',');
    for (let i = 0; i < n; i++) {
      const key = keyOf(i);
      let id = index.get(key);
      if (id === undefined) {
        id = firstRow.length;
        index.set(key, id);
        firstRow.push(i);
      }
      ids[i] = id;
    }
  }
  const groups = firstRow.length;
  const columns: Column[] = by.map((b) => ({ ...b, values: firstRow.map((r) => b.values[r]!) }));
  aggs.forEach((a, k) => {
    const vals = inputs[k];
    let out: Cell[];
    if (a.agg === 'count') {
      const counts = new Float64Array(groups);
      for (let i = 0; i < n; i++) counts[ids[i]!]!++;
      out = Array.from(counts);
    } else if (a.agg === 'first' || a.agg === 'last') {
      out = new Array<Cell>(groups).fill(null);
      for (let i = 0; i < n; i++) {
        const v = vals![i]!;
        if (v === null) continue;
        if (a.agg === 'last' || out[ids[i]!] === null) out[ids[i]!] = v;
      }
    } else {
      const acc = new Float64Array(groups);
      const cnt = new Int32Array(groups);
      if (a.agg === 'min') acc.fill(Infinity);
      if (a.agg === 'max') acc.fill(-Infinity);
      for (let i = 0; i < n; i++) {
        const v = vals![i] as number | null;
        if (v === null) continue;
        const g = ids[i]!;
        cnt[g]!++;
        if (a.agg === 'min') acc[g] = Math.min(acc[g]!, v);
        else if (a.agg === 'max') acc[g] = Math.max(acc[g]!, v);
        else acc[g]! += v;
      }
      out = new Array<Cell>(groups);
      for (let g = 0; g < groups; g++) out[g] = cnt[g] === 0 ? null : clean(a.agg === 'mean' ? acc[g]! / cnt[g]! : acc[g]!);
    }
    const type: ColumnType = a.agg === 'first' || a.agg === 'last' ? a.col!.type : 'number';
    columns.push({ name: a.name, type, values: out, ...(a.col?.sourceIndex !== undefined ? { sourceIndex: a.col.sourceIndex } : {}) });
  });
  return { ...ds, columns, rowLines: firstRow.map((r) => ds.rowLines[r]!), categoryColumn: columns[0]!.name };
}

// ---------------------------------------------------------------------------------------------
// sort, top

function compareCells(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

function sortKeys(ds: DataSet, value: unknown): { col: Column; desc: boolean }[] {
  if (typeof value === 'string') return [{ col: column(ds, value), desc: false }];
  const o = options(value, 'sort', ['by', 'order']);
  const order = o['order'] ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw new StepError(`order must be asc or desc, not "${String(order)}"`, USAGE.sort);
  return names(o['by'], 'by', 'sort').map((b) => ({ col: column(ds, b), desc: order === 'desc' }));
}

function sortRows(ds: DataSet, keys: { col: Column; desc: boolean }[]): DataSet {
  const rows = Array.from({ length: ds.rowLines.length }, (_, i) => i);
  rows.sort((a, b) => {
    for (const k of keys) {
      const x = k.col.values[a]!;
      const y = k.col.values[b]!;
      // Empty cells go last in either order.
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1;
        continue;
      }
      const c = compareCells(x, y);
      if (c !== 0) return k.desc ? -c : c;
    }
    return a - b;
  });
  return pick(ds, rows);
}

function sortStep(ds: DataSet, value: unknown): DataSet {
  return sortRows(ds, sortKeys(ds, value));
}

function topStep(ds: DataSet, value: unknown): DataSet {
  const o = typeof value === 'number' ? { n: value } : options(value, 'top', ['n', 'by', 'others']);
  const n = o['n'];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new StepError('"n" must be a whole number of rows to keep, such as 5', USAGE.top);
  let sorted = ds;
  if (o['by'] !== undefined) sorted = sortRows(ds, names(o['by'], 'by', 'top').map((b) => ({ col: column(ds, b), desc: true })));
  const total = sorted.rowLines.length;
  const kept = pick(sorted, Array.from({ length: Math.min(n, total) }, (_, i) => i));
  const others = o['others'];
  if (others === undefined || others === null || others === false || total <= n) return kept;
  if (others === true) return topStep(ds, { ...o, others: 'Others' });
  if (typeof others !== 'string' && typeof others !== 'number') throw new StepError('"others" is the label of the row that sums the rest, e.g. others: Other products', USAGE.top);
  const label = String(others);
  const columns = kept.columns.map((c, k) => {
    const src = sorted.columns[k]!;
    let v: Cell = null;
    if (k === 0) v = label;
    else if (src.type === 'number') {
      let sum = 0;
      let any = false;
      for (let i = n; i < total; i++) {
        const x = src.values[i];
        if (typeof x === 'number') {
          sum += x;
          any = true;
        }
      }
      v = any ? clean(sum) : null;
    }
    return { ...c, type: k === 0 ? ('text' as ColumnType) : c.type, values: [...c.values, v] };
  });
  return { ...kept, columns, rowLines: [...kept.rowLines, sorted.rowLines[n]!] };
}

// ---------------------------------------------------------------------------------------------
// pivot, unpivot

function pivotStep(ds: DataSet, value: unknown): DataSet {
  const o = options(value, 'pivot', ['index', 'columns', 'values']);
  const [indexName] = names(o['index'], 'index', 'pivot');
  const [columnsName] = names(o['columns'], 'columns', 'pivot');
  const [valuesName] = names(o['values'], 'values', 'pivot');
  const index = column(ds, indexName!);
  const keys = column(ds, columnsName!);
  const vals = column(ds, valuesName!);
  const n = ds.rowLines.length;
  const rowOf = new Map<Cell, number>();
  const firstRow: number[] = [];
  const colOf = new Map<string, number>();
  const colNames: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = keys.values[i];
    if (k === null) continue;
    const name = String(k);
    if (!colOf.has(name)) {
      colOf.set(name, colNames.length);
      colNames.push(name);
    }
  }
  for (const name of colNames) {
    if (name === index.name) throw new StepError(`the value "${name}" of "${keys.name}" would become a column named like the index "${index.name}"`, `rename the index first: - rename: { ${index.name}: ${index.name}_ }`);
  }
  for (let i = 0; i < n; i++) {
    const r = index.values[i]!;
    if (!rowOf.has(r)) {
      rowOf.set(r, firstRow.length);
      firstRow.push(i);
    }
  }
  const out: Cell[][] = colNames.map(() => new Array<Cell>(firstRow.length).fill(null));
  const from: Int32Array[] = colNames.map(() => new Int32Array(firstRow.length).fill(-1));
  for (let i = 0; i < n; i++) {
    const k = keys.values[i];
    if (k === null) continue;
    const c = colOf.get(String(k))!;
    const r = rowOf.get(index.values[i]!)!;
    const prior = from[c]![r]!;
    if (prior !== -1) {
      throw new StepError(
        `two rows have ${index.name} = ${String(index.values[i])} and ${keys.name} = "${String(k)}": ${rowName(ds, prior)} and ${rowName(ds, i)}`,
        `pivot takes one value per ${index.name} and ${keys.name}; add them up first with ${USAGE.group.replace('[year, product]', `[${index.name}, ${keys.name}]`).replace('[value]', `[${vals.name}]`).replace(/ {3}\(.*$/, '')}, or filter the rows down`,
        cellAt(ds, i),
      );
    }
    from[c]![r] = i;
    out[c]![r] = vals.values[i]!;
  }
  const columns: Column[] = [{ ...index, values: firstRow.map((r) => index.values[r]!) }, ...colNames.map((name, c) => ({ name, type: vals.type, values: out[c]! }))];
  return { ...ds, columns, rowLines: firstRow.map((r) => ds.rowLines[r]!), categoryColumn: index.name };
}

function unpivotStep(ds: DataSet, value: unknown): DataSet {
  const o = options(value, 'unpivot', ['columns', 'key', 'value']);
  const melt = names(o['columns'], 'columns', 'unpivot').map((c) => column(ds, c));
  const key = typeof o['key'] === 'string' ? o['key'] : 'key';
  const valueName = typeof o['value'] === 'string' ? o['value'] : 'value';
  const ids = ds.columns.filter((c) => !melt.includes(c));
  for (const name of [key, valueName]) if (ids.some((c) => c.name === name)) throw new StepError(`the new column "${name}" has the name of a column that stays`, 'choose other names with key: and value:');
  const types = new Set(melt.map((c) => (c.type === 'year' ? 'number' : c.type)));
  if (types.size > 1) throw new StepError(`the columns to unpivot hold different kinds of values (${melt.map((c) => `${c.name}: ${c.type}`).join(', ')})`, 'unpivot columns of one kind, e.g. all numbers');
  const n = ds.rowLines.length;
  const m = melt.length;
  const rows = n * m;
  const columns: Column[] = ids.map((c) => {
    const values = new Array<Cell>(rows);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) values[i * m + j] = c.values[i]!;
    return { ...c, values };
  });
  const keyValues = new Array<Cell>(rows);
  const valValues = new Array<Cell>(rows);
  const rowLines = new Array<number>(rows);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      keyValues[i * m + j] = melt[j]!.name;
      valValues[i * m + j] = melt[j]!.values[i]!;
      rowLines[i * m + j] = ds.rowLines[i]!;
    }
  }
  columns.push({ name: key, type: 'text', values: keyValues }, { name: valueName, type: melt[0]!.type === 'year' ? 'number' : melt[0]!.type, values: valValues });
  return { ...ds, columns, rowLines, categoryColumn: columns[0]!.name };
}

// ---------------------------------------------------------------------------------------------
// select, rename

function selectStep(ds: DataSet, value: unknown): DataSet {
  const cols = names(value, 'select', 'select').map((c) => column(ds, c));
  return { ...ds, columns: cols, categoryColumn: cols[0]!.name };
}

function renameStep(ds: DataSet, value: unknown): DataSet {
  if (!isRecord(value)) throw new StepError('expected { old: new } pairs', USAGE.rename);
  const map = new Map<string, string>();
  for (const [from, to] of Object.entries(value)) {
    column(ds, from);
    if (typeof to !== 'string' && typeof to !== 'number') throw new StepError(`the new name of "${from}" must be text`, USAGE.rename);
    map.set(from, String(to));
  }
  const columns = ds.columns.map((c) => (map.has(c.name) ? { ...c, name: map.get(c.name)! } : c));
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw new StepError(`two columns would be named "${c.name}"`, 'choose a name no other column has');
    seen.add(c.name);
  }
  return { ...ds, columns, categoryColumn: map.get(ds.categoryColumn) ?? ds.categoryColumn };
}
