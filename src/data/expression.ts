/**
 * The expression language of derived columns: a tokenizer, a recursive-descent parser to an AST,
 * and an evaluator over a dataset. Nothing here uses eval or Function: an expression can only
 * read columns and call the functions listed in FUNCTIONS.
 *
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | power
 *   power   := primary ('^' unary)?               (right-associative, binds tighter than unary -)
 *   primary := number | string | name | name '(' args? ')' | '(' expr ')'
 *   name    := letter or _ then letters, digits, _  |  `any text in backticks`
 *
 * The evaluator works on whole columns at once: a column is a vector with one value per row, a
 * number or an aggregate (sum, cagr…) is a scalar, and operators apply row by row, a scalar
 * standing for every row. Empty cells are null and null propagates; division by zero is null.
 */
import { didYouMean } from '../diagnostics.js';
import { categoryColumnOf, categoryLabel, clean, compoundGrowth, findRow, missingRowHint, percentChange, periodsBetween, selectorFromWord, unknownColumnHint } from './lookup.js';
import type { RowSelector } from './lookup.js';
import type { DataSet } from './types.js';

export type Expr =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'column'; name: string; quoted: boolean; pos: number }
  | { kind: 'unary'; op: '-' | '+'; operand: Expr; pos: number }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: Expr; right: Expr; pos: number }
  | { kind: 'call'; name: string; args: Expr[]; pos: number }
  // Only in filters (parsePredicate):
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr; pos: number }
  | { kind: 'logic'; op: 'and' | 'or'; left: Expr; right: Expr; pos: number }
  | { kind: 'not'; operand: Expr; pos: number }
  | { kind: 'in'; operand: Expr; list: Expr[]; pos: number };

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
const COMPARE_OPS: readonly string[] = ['==', '!=', '<', '<=', '>', '>='];

/** A user mistake in an expression; `pos` is the 0-based character offset it refers to. */
export class ExpressionError extends Error {
  readonly pos: number;
  readonly hint?: string;
  /** For unknown columns: the name, so callers can treat it specially. */
  readonly unknownColumn?: string;
  constructor(message: string, pos: number, hint?: string, unknownColumn?: string) {
    super(message);
    this.name = 'ExpressionError';
    this.pos = pos;
    this.hint = hint;
    this.unknownColumn = unknownColumn;
  }
}

type TokenKind = 'number' | 'string' | 'name' | 'op' | '(' | ')' | ',' | '[' | ']' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  value?: number;
  quoted?: boolean;
  pos: number;
}

const NAME_START = /[\p{L}_]/u;
const NAME_PART = /[\p{L}\p{N}_]/u;

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i))!;
      i += m[0].length;
      if (NAME_START.test(src[i] ?? '') || /[0-9.]/.test(src[i] ?? '')) {
        throw new ExpressionError(`"${src.slice(start, i + 1)}" is not a number`, start, 'a column name cannot start with a digit; put it in backticks: `2024_total`');
      }
      tokens.push({ kind: 'number', text: m[0], value: Number(m[0]), pos: start });
      continue;
    }
    if (NAME_START.test(c)) {
      while (i < src.length && NAME_PART.test(src[i]!)) i++;
      tokens.push({ kind: 'name', text: src.slice(start, i), pos: start });
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end === -1) throw new ExpressionError('the name in backticks is not closed with `', start);
      const name = src.slice(i + 1, end);
      if (name.trim() === '') throw new ExpressionError('empty name in backticks', start);
      tokens.push({ kind: 'name', text: name, quoted: true, pos: start });
      i = end + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end === -1) throw new ExpressionError(`the text starting with ${c} is not closed`, start);
      tokens.push({ kind: 'string', text: src.slice(i + 1, end), pos: start });
      i = end + 1;
      continue;
    }
    if ('+-*/^'.includes(c)) {
      tokens.push({ kind: 'op', text: c, pos: start });
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',' || c === '[' || c === ']') {
      tokens.push({ kind: c, text: c, pos: start });
      i++;
      continue;
    }
    if (c === '=' || c === '!' || c === '<' || c === '>') {
      const two = src.slice(i, i + 2);
      if (COMPARE_OPS.includes(two)) {
        tokens.push({ kind: 'op', text: two, pos: start });
        i += 2;
        continue;
      }
      if (c === '<' || c === '>') {
        tokens.push({ kind: 'op', text: c, pos: start });
        i++;
        continue;
      }
      throw new ExpressionError(
        `unexpected "${c}"`,
        start,
        c === '=' ? 'compare with == (two equals signs), e.g. flow == "export"' : 'write "not equal" as !=, and negate a condition with not',
      );
    }
    throw new ExpressionError(
      `unexpected character "${c}"`,
      start,
      'expressions use column names, numbers, + - * / ^, parentheses and functions such as yoy(col); put a name with other characters in backticks: `Exports (US$ bn)`',
    );
  }
  tokens.push({ kind: 'end', text: '', pos: src.length });
  return tokens;
}

/** Parses an expression; throws ExpressionError (with a character offset) on a syntax error. */
export function parseExpression(src: string): Expr {
  return parse(src, false);
}

/**
 * Parses a filter condition: comparisons (== != < <= > >=) of expressions, `in [..]`, joined by
 * `and` / `or` / `not` (which, unquoted, are words of the language here, not column names).
 *
 *   or      := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | compare
 *   compare := expr (('==' | '!=' | '<' | '<=' | '>' | '>=') expr | 'not'? 'in' '[' expr (',' expr)* ']')?
 */
export function parsePredicate(src: string): Expr {
  return parse(src, true);
}

const LOGIC_WORDS = ['and', 'or', 'not', 'in'];

function parse(src: string, predicate: boolean): Expr {
  const tokens = tokenize(src);
  let k = 0;
  const peek = (): Token => tokens[k]!;
  const next = (): Token => tokens[k++]!;
  const describe = (t: Token): string => (t.kind === 'end' ? 'the end of the expression' : `"${t.kind === 'string' ? src.slice(t.pos, t.pos + t.text.length + 2) : t.text}"`);

  if (peek().kind === 'end') {
    throw new ExpressionError(predicate ? 'the condition is empty' : 'the expression is empty', 0, predicate ? 'for example: flow == "export" and year >= 2020' : 'for example: exports_usd_bn - imports_usd_bn');
  }
  const isWord = (t: Token, w: string): boolean => predicate && t.kind === 'name' && !t.quoted && t.text === w;

  const or = (): Expr => {
    let left = and();
    while (isWord(peek(), 'or')) {
      const op = next();
      left = { kind: 'logic', op: 'or', left, right: and(), pos: op.pos };
    }
    return left;
  };
  const and = (): Expr => {
    let left = not();
    while (isWord(peek(), 'and')) {
      const op = next();
      left = { kind: 'logic', op: 'and', left, right: not(), pos: op.pos };
    }
    return left;
  };
  const not = (): Expr => {
    if (isWord(peek(), 'not') && !isWord(tokens[k + 1]!, 'in')) {
      const op = next();
      return { kind: 'not', operand: not(), pos: op.pos };
    }
    return compare();
  };
  const compare = (): Expr => {
    const left = expr();
    const t = peek();
    if (t.kind === 'op' && COMPARE_OPS.includes(t.text)) {
      next();
      return { kind: 'compare', op: t.text as CompareOp, left, right: expr(), pos: t.pos };
    }
    const negated = isWord(t, 'not') && isWord(tokens[k + 1]!, 'in');
    if (negated) next();
    if (isWord(peek(), 'in')) {
      const op = next();
      const open = next();
      if (open.kind !== '[') throw new ExpressionError(`expected "[" after in, found ${describe(open)}`, open.pos, 'list the values in brackets: product in ["Semiconductors", "Displays"]');
      const list: Expr[] = [];
      if (peek().kind !== ']') {
        list.push(expr());
        while (peek().kind === ',') {
          next();
          list.push(expr());
        }
      }
      const close = next();
      if (close.kind !== ']') throw new ExpressionError(`expected "," or "]" in the list but found ${describe(close)}`, close.pos);
      const node: Expr = { kind: 'in', operand: left, list, pos: op.pos };
      return negated ? { kind: 'not', operand: node, pos: t.pos } : node;
    }
    return left;
  };

  const expr = (): Expr => {
    let left = term();
    while (peek().kind === 'op' && (peek().text === '+' || peek().text === '-')) {
      const op = next();
      left = { kind: 'binary', op: op.text as '+' | '-', left, right: term(), pos: op.pos };
    }
    return left;
  };
  const term = (): Expr => {
    let left = unary();
    while (peek().kind === 'op' && (peek().text === '*' || peek().text === '/')) {
      const op = next();
      left = { kind: 'binary', op: op.text as '*' | '/', left, right: unary(), pos: op.pos };
    }
    return left;
  };
  const unary = (): Expr => {
    const t = peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      next();
      return { kind: 'unary', op: t.text as '-' | '+', operand: unary(), pos: t.pos };
    }
    return power();
  };
  const power = (): Expr => {
    const base = primary();
    if (peek().kind === 'op' && peek().text === '^') {
      const op = next();
      return { kind: 'binary', op: '^', left: base, right: unary(), pos: op.pos };
    }
    return base;
  };
  const primary = (): Expr => {
    const t = next();
    switch (t.kind) {
      case 'number':
        return { kind: 'number', value: t.value!, pos: t.pos };
      case 'string':
        return { kind: 'string', value: t.text, pos: t.pos };
      case 'name': {
        if (predicate && !t.quoted && LOGIC_WORDS.includes(t.text)) {
          throw new ExpressionError(`expected a value before "${t.text}"`, t.pos, 'a condition compares a column with a value, e.g. year == 2024 and flow == "export"; put a column named like this in backticks');
        }
        if (!t.quoted && peek().kind === '(') {
          next();
          const args: Expr[] = [];
          if (peek().kind !== ')') {
            args.push(expr());
            while (peek().kind === ',') {
              next();
              args.push(expr());
            }
          }
          const close = next();
          if (close.kind !== ')') throw new ExpressionError(`expected "," or ")" in the call to ${t.text}() but found ${describe(close)}`, close.pos);
          return { kind: 'call', name: t.text, args, pos: t.pos };
        }
        return { kind: 'column', name: t.text, quoted: t.quoted === true, pos: t.pos };
      }
      case '(': {
        const inner = predicate ? or() : expr();
        const close = next();
        if (close.kind !== ')') throw new ExpressionError(`expected ")" but found ${describe(close)}`, close.pos, `the "(" at character ${t.pos + 1} is not closed`);
        return inner;
      }
      default:
        throw new ExpressionError(`expected a number, a column or "(" but found ${describe(t)}`, t.pos);
    }
  };

  const result = predicate ? or() : expr();
  const rest = peek();
  if (rest.kind !== 'end') {
    const hint = predicate
      ? rest.kind === 'op' && COMPARE_OPS.includes(rest.text)
        ? 'one comparison at a time: join them with and / or, e.g. year >= 2020 and year <= 2024'
        : 'join conditions with and / or, e.g. flow == "export" and year == 2024'
      : rest.kind === 'op' && COMPARE_OPS.includes(rest.text)
        ? 'comparisons belong in a filter step; a derived column is arithmetic on columns'
        : rest.kind === 'name' || rest.kind === 'number' || rest.kind === '(' ? 'an operator (+ - * / ^) is missing between two values' : undefined;
    throw new ExpressionError(`unexpected ${describe(rest)}`, rest.pos, hint);
  }
  return result;
}

/** Column names an expression reads (for dependency checks and diagnostics). */
export function columnsOf(expr: Expr): string[] {
  const out: string[] = [];
  const walk = (e: Expr): void => {
    if (e.kind === 'column') out.push(e.name);
    else if (e.kind === 'unary' || e.kind === 'not') walk(e.operand);
    else if (e.kind === 'in') {
      walk(e.operand);
      e.list.forEach(walk);
    } else if (e.kind === 'binary' || e.kind === 'compare' || e.kind === 'logic') {
      walk(e.left);
      walk(e.right);
    } else if (e.kind === 'call') e.args.forEach(walk);
  };
  walk(expr);
  return out;
}

export type Value = { kind: 'vector'; values: (number | null)[] } | { kind: 'scalar'; value: number | null };

interface FunctionDef {
  /** Allowed argument counts. */
  arity: number[];
  usage: string;
}

/** The functions an expression may call. */
export const FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  yoy: { arity: [1], usage: 'yoy(column): % change on the previous row' },
  diff: { arity: [1], usage: 'diff(column): change on the previous row' },
  share: { arity: [1, 2], usage: 'share(column) or share(column, total): % of the column total, or of another column row by row' },
  cagr: { arity: [1, 3], usage: 'cagr(column, from, to): compound annual growth in % between two categories (all rows when from/to are left out)' },
  at: { arity: [2], usage: 'at(column, category): the value in one row, e.g. at(total_usd_bn, 2015)' },
  sum: { arity: [1], usage: 'sum(column)' },
  mean: { arity: [1], usage: 'mean(column)' },
  min: { arity: [1], usage: 'min(column)' },
  max: { arity: [1], usage: 'max(column)' },
  abs: { arity: [1], usage: 'abs(x)' },
  round: { arity: [1, 2], usage: 'round(x) or round(x, digits)' },
};

/** Evaluates an expression over every row of `dataset`; throws ExpressionError on a user mistake. */
export function evaluate(expr: Expr, dataset: DataSet): Value {
  const rows = categoryColumnOf(dataset).values.length;

  const asVector = (v: Value): (number | null)[] => (v.kind === 'vector' ? v.values : new Array<number | null>(rows).fill(v.value));

  const binary = (op: string, a: number | null, b: number | null): number | null => {
    if (a === null || b === null) return null;
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return b === 0 ? null : a / b;
      default: {
        const r = a ** b;
        return Number.isFinite(r) ? r : null;
      }
    }
  };

  const category = (arg: Expr, fn: string): number => {
    let selector: RowSelector;
    if (arg.kind === 'number') selector = { kind: 'value', value: arg.value };
    else if (arg.kind === 'string') selector = { kind: 'value', value: arg.value };
    else if (arg.kind === 'column' && !arg.quoted) selector = selectorFromWord(arg.name);
    else if (arg.kind === 'unary' && arg.op === '-' && arg.operand.kind === 'number') selector = { kind: 'value', value: -arg.operand.value };
    else throw new ExpressionError(`the category in ${fn}() must be a value of "${dataset.categoryColumn}" such as 2015 or "2015/16", or first / latest`, arg.pos);
    if (selector.kind === 'value' && typeof selector.value === 'string' && arg.kind === 'column') {
      throw new ExpressionError(
        `"${arg.name}" is not a category; ${fn}() takes a value of "${dataset.categoryColumn}" (quote text: "${arg.name}"), or first / latest`,
        arg.pos,
      );
    }
    const row = findRow(dataset, selector);
    if (row === undefined) {
      const wanted = selector.kind === 'value' ? String(selector.value) : '';
      throw new ExpressionError(`${dataset.name} has no row ${JSON.stringify(wanted)} in "${dataset.categoryColumn}"`, arg.pos, missingRowHint(dataset, wanted));
    }
    return row;
  };

  const numbersOf = (v: Value): number[] => asVector(v).filter((x): x is number => x !== null);

  const ev = (e: Expr): Value => {
    switch (e.kind) {
      case 'number':
        return { kind: 'scalar', value: e.value };
      case 'string':
        throw new ExpressionError(`text ("${e.value}") can only name a category, in cagr() and at()`, e.pos);
      case 'column': {
        const col = dataset.columns.find((c) => c.name === e.name);
        if (!col) {
          if (!e.quoted && Object.hasOwn(FUNCTIONS, e.name)) throw new ExpressionError(`${e.name} is a function: write ${e.name}(…)`, e.pos, FUNCTIONS[e.name]!.usage);
          throw new ExpressionError(`unknown column "${e.name}"`, e.pos, unknownColumnHint(dataset, e.name), e.name);
        }
        if (col.type === 'text' || col.type === 'date') {
          throw new ExpressionError(`column "${e.name}" holds ${col.type === 'text' ? 'text' : 'dates'}, not numbers`, e.pos, 'arithmetic works on number and year columns only');
        }
        return { kind: 'vector', values: col.values.map((v) => (typeof v === 'number' ? v : null)) };
      }
      case 'unary': {
        const v = ev(e.operand);
        if (e.op === '+') return v;
        return v.kind === 'scalar' ? { kind: 'scalar', value: v.value === null ? null : -v.value } : { kind: 'vector', values: v.values.map((x) => (x === null ? null : -x)) };
      }
      case 'binary': {
        const a = ev(e.left);
        const b = ev(e.right);
        if (a.kind === 'scalar' && b.kind === 'scalar') return { kind: 'scalar', value: binary(e.op, a.value, b.value) };
        const av = asVector(a);
        const bv = asVector(b);
        return { kind: 'vector', values: av.map((x, i) => binary(e.op, x, bv[i]!)) };
      }
      case 'call':
        return call(e);
      default:
        throw new ExpressionError('a condition (==, <, and, in …) is not a number', e.pos, 'conditions belong in a filter step');
    }
  };

  const call = (e: Extract<Expr, { kind: 'call' }>): Value => {
    const def = Object.hasOwn(FUNCTIONS, e.name) ? FUNCTIONS[e.name] : undefined;
    if (!def) {
      const guess = didYouMean(e.name, Object.keys(FUNCTIONS));
      const list = `functions: ${Object.keys(FUNCTIONS).join(', ')}`;
      throw new ExpressionError(`unknown function ${e.name}()`, e.pos, guess ? `did you mean ${guess}()? ${list}` : list);
    }
    if (!def.arity.includes(e.args.length)) {
      throw new ExpressionError(`${e.name}() takes ${def.arity.join(' or ')} argument${def.arity.length === 1 && def.arity[0] === 1 ? '' : 's'}, not ${e.args.length}`, e.pos, def.usage);
    }
    switch (e.name) {
      case 'yoy':
      case 'diff': {
        const v = asVector(ev(e.args[0]!));
        const out = v.map((x, i) => {
          if (i === 0) return null;
          const prev = v[i - 1]!;
          if (e.name === 'diff') return x === null || prev === null ? null : x - prev;
          return percentChange(prev, x);
        });
        return { kind: 'vector', values: out };
      }
      case 'share': {
        const v = ev(e.args[0]!);
        if (e.args.length === 2) {
          const total = asVector(ev(e.args[1]!));
          return { kind: 'vector', values: asVector(v).map((x, i) => binary('*', binary('/', x, total[i]!), 100)) };
        }
        const sum = numbersOf(v).reduce((s, x) => s + x, 0);
        return { kind: 'vector', values: asVector(v).map((x) => binary('*', binary('/', x, sum), 100)) };
      }
      case 'cagr': {
        const v = asVector(ev(e.args[0]!));
        const from = e.args.length === 3 ? category(e.args[1]!, 'cagr') : findRow(dataset, { kind: 'first' });
        const to = e.args.length === 3 ? category(e.args[2]!, 'cagr') : findRow(dataset, { kind: 'latest' });
        if (from === undefined || to === undefined) throw new ExpressionError(`${dataset.name} has no rows to compute cagr() on`, e.pos);
        const periods = periodsBetween(dataset, from, to);
        if (!(periods > 0)) {
          throw new ExpressionError(
            `cagr() needs a later "to" than "from": ${categoryLabel(dataset, to)} is not after ${categoryLabel(dataset, from)}`,
            e.pos,
          );
        }
        return { kind: 'scalar', value: compoundGrowth(v[from] ?? null, v[to] ?? null, periods) };
      }
      case 'at': {
        const v = asVector(ev(e.args[0]!));
        return { kind: 'scalar', value: v[category(e.args[1]!, 'at')] ?? null };
      }
      case 'sum':
      case 'mean':
      case 'min':
      case 'max': {
        const xs = numbersOf(ev(e.args[0]!));
        if (xs.length === 0) return { kind: 'scalar', value: null };
        const total = xs.reduce((s, x) => s + x, 0);
        const value = e.name === 'sum' ? total : e.name === 'mean' ? total / xs.length : e.name === 'min' ? Math.min(...xs) : Math.max(...xs);
        return { kind: 'scalar', value };
      }
      case 'abs':
        return map(ev(e.args[0]!), (x) => Math.abs(x));
      default: {
        // round
        let digits = 0;
        if (e.args.length === 2) {
          const d = e.args[1]!;
          if (d.kind !== 'number' || !Number.isInteger(d.value)) throw new ExpressionError('the digits of round() must be a whole number such as 1', d.pos);
          digits = d.value;
        }
        return map(ev(e.args[0]!), (x) => roundHalfAway(x, digits));
      }
    }
  };

  const map = (v: Value, f: (x: number) => number): Value =>
    v.kind === 'scalar' ? { kind: 'scalar', value: v.value === null ? null : f(v.value) } : { kind: 'vector', values: v.values.map((x) => (x === null ? null : f(x))) };

  const result = ev(expr);
  return result.kind === 'scalar'
    ? { kind: 'scalar', value: result.value === null ? null : clean(result.value) }
    : { kind: 'vector', values: result.values.map((x) => (x === null ? null : clean(x))) };
}

function roundHalfAway(x: number, digits: number): number {
  const f = 10 ** digits;
  const y = Math.round(Math.abs(Number((x * f).toPrecision(15))));
  return (Math.sign(x) * y) / f;
}

