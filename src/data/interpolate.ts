/**
 * Data in prose: `{{ trade.total_usd_bn[2024] }}` in Markdown becomes the formatted value, so
 * that the numbers in sentences come from the same data as the charts.
 *
 * Logic-less: a reference names a dataset, a column and a row, then optional helpers after `|`.
 * There are no expressions, conditions or loops, and nothing is ever executed.
 *
 *   {{ trade.total_usd_bn[2024] }}                 a cell, default format
 *   {{ trade.total_usd_bn[latest] }}               [first] / [latest] (also [earliest] / [last])
 *   {{ trade.total_usd_bn[2024] | format "#,##0" }}
 *   {{ trade.total_usd_bn | change 2015 2024 }}    % change            → +20.0%
 *   {{ trade.total_usd_bn | cagr 2015 2024 }}      compound annual growth → +2.0%
 *   {{ trade.total_usd_bn | diff 2015 2024 }}      difference          → +45.5
 *   {{ trade.balance[2023] | abs }}                absolute value
 *   {{ trade.units }}  {{ trade.source }}          the dataset's units and source from deck.yaml
 *   \{{ not a reference }}                         a literal {{
 */
import { didYouMean, error } from '../diagnostics.js';
import type { Diagnostic, SourcePoint } from '../diagnostics.js';
import { checkNumberFormat, formatNumber, isPercentFormat } from './number-format.js';
import {
  categoryColumnOf,
  categoryLabel,
  columnDecimals,
  compoundGrowth,
  findColumn,
  findRow,
  missingRowHint,
  percentChange,
  periodsBetween,
  selectorFromWord,
  unknownColumnHint,
} from './lookup.js';
import type { RowSelector } from './lookup.js';
import type { Column, DataSet, DataSets } from './types.js';
import { positions } from '../text/positions.js';

/** The dataset properties `{{ name.property }}` can show. */
const PROPERTIES = ['units', 'source'] as const;

const HELPERS: Record<string, { usage: string }> = {
  format: { usage: 'format "#,##0.0": show the number with an Excel number format' },
  change: { usage: 'change 2015 2024: percentage change of a column between two rows' },
  cagr: { usage: 'cagr 2015 2024: compound annual growth of a column between two rows' },
  diff: { usage: 'diff 2015 2024: difference of a column between two rows' },
  abs: { usage: 'abs: the value without its sign' },
};

/** A reference to a dataset that failed to load: its error was already reported at the cause. */
class SkippedRef extends Error {}

export interface InterpolateOptions {
  /**
   * Datasets declared in deck.yaml that failed to load. References to them stay as written, with
   * no diagnostic: the one error is the dataset's own (one mistake, one error).
   */
  failed?: ReadonlySet<string>;
  /**
   * Names other than datasets that a reference may be, with their values (a template footer's
   * `deck.title`, `slide.number`…): the same engine, so a footer may also show data.
   */
  fields?: ReadonlyMap<string, string>;
}

class RefError extends Error {
  readonly hint?: string;
  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

export function interpolate(text: string, datasets: DataSets, at: SourcePoint, options: InterpolateOptions = {}): { text: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const pointAt = pointIn(text, at);

  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open === -1) {
      out += text.slice(i);
      break;
    }
    if (open > 0 && text[open - 1] === '\\') {
      out += text.slice(i, open - 1) + '{{';
      i = open + 2;
      continue;
    }
    out += text.slice(i, open);
    const close = findClose(text, open + 2);
    if (close.end === -1) {
      diagnostics.push(error('this {{ is not closed with }}', pointAt(open), 'close the reference, e.g. {{ trade.total_usd_bn[2024] }}, or write \\{{ for literal braces'));
      if (close.nextOpen === -1) {
        out += text.slice(open);
        break;
      }
      out += text.slice(open, close.nextOpen);
      i = close.nextOpen;
      continue;
    }
    const inner = text.slice(open + 2, close.end);
    try {
      out += resolve(inner, datasets, options.failed, options.fields);
    } catch (e) {
      if (e instanceof SkippedRef) {
        out += text.slice(open, close.end + 2);
        i = close.end + 2;
        continue;
      }
      if (!(e instanceof RefError)) throw e;
      const shown = inner.trim() === '' ? '{{ }}' : `{{ ${inner.trim()} }}`;
      diagnostics.push(error(`${shown}: ${e.message}`, pointAt(open), e.hint));
      out += text.slice(open, close.end + 2);
    }
    i = close.end + 2;
  }
  return { text: out, diagnostics };
}

// ---------------------------------------------------------------------------------------------
// After parsing: references become text runs

/**
 * A reference as the Markdown parser sees it: a placeholder of the same length made of private-use
 * characters, which mean nothing to Markdown. Lines and columns of everything else stay exact, a
 * value is never read as Markdown, and a reference inside a code span can be put back as written.
 */
const MARK = '\uE000';
const PAD = '\uE001';
const DIGIT0 = 0xe100;
const PLACEHOLDER = /\uE000([\uE100-\uE1FF]+)[\uE001\n]*/g;

export interface Reference {
  /** The reference as written, `{{ … }}`. */
  original: string;
  /** The formatted value, or the diagnostic when it cannot be resolved. */
  value?: string;
  diagnostic?: Diagnostic;
}

function placeholder(index: number, original: string): string | undefined {
  let digits = '';
  let n = index;
  do {
    digits = String.fromCharCode(DIGIT0 + (n % 256)) + digits;
    n = Math.floor(n / 256);
  } while (n > 0);
  const head = MARK + digits;
  if (head.length > original.length) return undefined;
  let out = head;
  for (let i = head.length; i < original.length; i++) out += original[i] === '\n' ? '\n' : PAD;
  return out;
}

/**
 * Resolves every `{{ }}` of a Markdown text against the datasets (positions from the text as
 * written) and hides it behind a placeholder for the parser. Errors are kept with their reference
 * and reported only where it is used as data (not inside a code span). An unclosed `{{` is an
 * error here; `\{{` is left for Markdown, which shows it as `{{`.
 */
export function protectReferences(text: string, datasets: DataSets, at: SourcePoint, references: Reference[], options: InterpolateOptions = {}): { text: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const pointAt = pointIn(text, at);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open === -1) {
      out += text.slice(i);
      break;
    }
    if (open > 0 && text[open - 1] === '\\') {
      out += text.slice(i, open + 2);
      i = open + 2;
      continue;
    }
    out += text.slice(i, open);
    const close = findClose(text, open + 2);
    if (close.end === -1) {
      diagnostics.push(error('this {{ is not closed with }}', pointAt(open), 'close the reference, e.g. {{ trade.total_usd_bn[2024] }}, or write \\{{ for literal braces'));
      const next = close.nextOpen === -1 ? text.length : close.nextOpen;
      out += text.slice(open, next);
      i = next;
      continue;
    }
    const original = text.slice(open, close.end + 2);
    const inner = text.slice(open + 2, close.end);
    const ref: Reference = { original };
    try {
      ref.value = resolve(inner, datasets, options.failed, options.fields);
    } catch (e) {
      // a reference to a dataset that failed stays as written, without an error of its own
      if (e instanceof SkippedRef) ref.value = original;
      else if (!(e instanceof RefError)) throw e;
      else {
        const shown = inner.trim() === '' ? '{{ }}' : `{{ ${inner.trim()} }}`;
        ref.diagnostic = error(`${shown}: ${e.message}`, pointAt(open), e.hint);
      }
    }
    const hidden = placeholder(references.length, original);
    if (hidden === undefined) {
      // Too short to hide (it cannot be a valid reference): left as written, reported as it is.
      if (ref.diagnostic) diagnostics.push(ref.diagnostic);
      out += original;
    } else {
      references.push(ref);
      out += hidden;
    }
    i = close.end + 2;
  }
  return { text: out, diagnostics };
}

/**
 * Whether content parsed from `text` can hold a placeholder: only when the text has one, or a
 * numeric character reference (`&#…;`) that the parser might decode into one.
 */
export function mayHoldPlaceholders(text: string): boolean {
  return text.includes(MARK) || text.includes('&#');
}

/**
 * Puts the references back into parsed content: in text (runs, titles, notes, chart and table
 * YAML) as the value, in code (spans and blocks) as written. Returns the diagnostics of the
 * references used as data.
 */
export function restoreReferences<T>(content: T, references: readonly Reference[]): { content: T; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<number>();
  const fill = (s: string, asWritten: boolean): string =>
    s.indexOf(MARK) === -1
      ? s
      : s.replace(PLACEHOLDER, (_, digits: string) => {
          let index = 0;
          for (const ch of digits) index = index * 256 + (ch.charCodeAt(0) - DIGIT0);
          const ref = references[index];
          if (!ref) return '';
          if (asWritten) return ref.original;
          if (ref.diagnostic && !reported.has(index)) {
            reported.add(index);
            diagnostics.push(ref.diagnostic);
          }
          return ref.value ?? ref.original;
        });
  // Copies only what holds a placeholder: most of a section has none, and copying all of it was
  // most of this walk's cost.
  const walk = (v: unknown, inCode: boolean): unknown => {
    if (typeof v === 'string') return fill(v, inCode);
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const x = walk(v[i], inCode);
        if (x !== v[i]) (out ??= v.slice())[i] = x;
      }
      return out ?? v;
    }
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      // An inline code span, or a fenced code block that is not a chart or table.
      const code = o['code'] === true || (o['type'] === 'code' && o['lang'] !== 'table');
      let out: Record<string, unknown> | undefined;
      for (const k of Object.keys(o)) {
        if (k === 'at' || k === 'bodyAt') continue;
        const x = walk(o[k], inCode || code);
        if (x !== o[k]) (out ??= { ...o })[k] = x;
      }
      return out ?? o;
    }
    return v;
  };
  return { content: walk(content, false) as T, diagnostics };
}

/** The index of the `}}` closing a reference (quotes respected), or where the next `{{` starts. */
function findClose(text: string, from: number): { end: number; nextOpen: number } {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\n') quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '}' && text[i + 1] === '}') return { end: i, nextOpen: -1 };
    else if (c === '{' && text[i + 1] === '{') return { end: -1, nextOpen: i };
  }
  return { end: -1, nextOpen: -1 };
}

// ---------------------------------------------------------------------------------------------
// Parsing the inside of {{ }}

interface Arg {
  text: string;
  quoted: boolean;
}

interface Ref {
  dataset: string;
  field?: string;
  selector?: Arg;
  helpers: { name: string; args: Arg[] }[];
}

const NAME = /^(?:`[^`]+`|[\p{L}_][\p{L}\p{N}_-]*)/u;

function parseRef(inner: string): Ref {
  let s = inner.trim();
  if (s === '') throw new RefError('empty reference', 'write a reference such as {{ trade.total_usd_bn[2024] }}');
  const name = (what: string): string => {
    const m = NAME.exec(s);
    if (!m) throw new RefError(`expected ${what} but found "${s.slice(0, 12)}"`, 'a reference looks like {{ dataset.column[row] }}; put a name with spaces or symbols in backticks');
    s = s.slice(m[0].length);
    return m[0].startsWith('`') ? m[0].slice(1, -1) : m[0];
  };
  const arg = (stop: RegExp): Arg | undefined => {
    s = s.trimStart();
    if (s === '' || stop.test(s[0]!)) return undefined;
    const q = s[0];
    if (q === '"' || q === "'") {
      const end = s.indexOf(q, 1);
      if (end === -1) throw new RefError(`the text starting with ${q} is not closed`);
      const text = s.slice(1, end);
      s = s.slice(end + 1);
      return { text, quoted: true };
    }
    const m = /^[^\s|\]"']+/.exec(s)!;
    s = s.slice(m[0].length);
    return { text: m[0], quoted: false };
  };

  const ref: Ref = { dataset: name('a dataset name'), helpers: [] };
  if (s.startsWith('.')) {
    s = s.slice(1);
    ref.field = name('a column name after "."');
  }
  s = s.trimStart();
  if (s.startsWith('[')) {
    s = s.slice(1);
    const sel = arg(/[\]|]/);
    s = s.trimStart();
    if (!sel) throw new RefError('empty row selector []', 'write a category such as [2024], or [first] / [latest]');
    if (!s.startsWith(']')) throw new RefError('the [ of the row selector is not closed with ]');
    s = s.slice(1);
    ref.selector = sel;
  }
  s = s.trimStart();
  while (s.startsWith('|')) {
    s = s.slice(1).trimStart();
    const helper = /^[\p{L}_][\p{L}\p{N}_-]*/u.exec(s);
    if (!helper) throw new RefError('expected a helper name after "|"', `helpers: ${Object.keys(HELPERS).join(', ')}`);
    s = s.slice(helper[0].length);
    const args: Arg[] = [];
    for (let a = arg(/\|/); a; a = arg(/\|/)) args.push(a);
    ref.helpers.push({ name: helper[0], args });
    s = s.trimStart();
  }
  if (s !== '') throw new RefError(`unexpected "${s.slice(0, 12)}"`, 'a reference looks like {{ dataset.column[row] | helper arguments }}');
  return ref;
}

// ---------------------------------------------------------------------------------------------
// Resolving

type State =
  | { kind: 'column'; column: Column }
  | { kind: 'number'; value: number; style: 'plain' | 'year' | 'percent'; signed: boolean; decimals: number }
  | { kind: 'text'; text: string };

function resolve(inner: string, datasets: DataSets, failed: ReadonlySet<string> | undefined, fields?: ReadonlyMap<string, string>): string {
  const named = fields?.get(inner.trim());
  if (named !== undefined) return named;
  const ref = parseRef(inner);
  const dataset = datasets.get(ref.dataset);
  if (!dataset && failed?.has(ref.dataset)) throw new SkippedRef();
  const fieldNames = fields ? [...fields.keys()] : [];
  if (!dataset && fieldNames.some((n) => n.startsWith(`${ref.dataset}.`))) {
    // `deck.titel`: a field of the namespace, misspelt
    const name = inner.trim();
    const guess = didYouMean(name, fieldNames);
    const list = `fields: ${fieldNames.map((n) => `{{ ${n} }}`).join(', ')}`;
    throw new RefError(`unknown field "${name}"`, guess ? `did you mean {{ ${guess} }}? ${list}` : list);
  }
  if (!dataset) {
    const names = [...datasets.keys()];
    const guess = didYouMean(ref.dataset, [...names, ...fieldNames]);
    const list = (names.length ? `datasets in deck.yaml: ${names.join(', ')}` : 'deck.yaml declares no datasets (add them under "data:")') + (fieldNames.length ? `; fields: ${fieldNames.join(', ')}` : '');
    throw new RefError(`unknown dataset "${ref.dataset}"`, guess ? `did you mean "${guess}"? ${list}` : list);
  }
  const path = `${ref.dataset}.${ref.field ?? ''}`;
  if (ref.field === undefined) {
    throw new RefError(`"${ref.dataset}" needs a column`, `write ${ref.dataset}.<column>[<row>], e.g. ${ref.dataset}.${dataset.columns[1]?.name ?? dataset.categoryColumn}[latest], or ${ref.dataset}.units / ${ref.dataset}.source`);
  }
  const field = ref.field;

  // {{ trade.units }} / {{ trade.source }}
  if (!ref.selector && ref.helpers.length === 0 && (PROPERTIES as readonly string[]).includes(field)) {
    const value = field === 'units' ? dataset.units : dataset.source;
    if (value === undefined || value === '') {
      throw new RefError(`dataset "${ref.dataset}" has no ${field}`, `add ${field}: to its entry in deck.yaml, e.g. ${ref.dataset}: { file: ${dataset.file}, ${field}: ${field === 'units' ? 'US$ bn' : 'MOTIE'} }`);
    }
    return value;
  }

  const column = findColumn(dataset, field);
  if (!column) {
    const candidates = [...dataset.columns.map((c) => c.name), ...(ref.selector ? [] : PROPERTIES)];
    const guess = didYouMean(field, candidates);
    const rest = unknownColumnHint(dataset, field).replace(/^did you mean "[^"]*"\? /, '');
    throw new RefError(`${ref.dataset} has no column "${field}"`, guess ? `did you mean "${guess}"? ${rest}` : rest);
  }

  let state: State;
  if (ref.selector) {
    const row = lookupRow(dataset, ref.selector, column);
    const v = column.values[row];
    const label = `${path}[${ref.selector.quoted ? JSON.stringify(ref.selector.text) : ref.selector.text}]`;
    if (v === null || v === undefined) {
      throw new RefError(`${label} is empty`, `the cell at line ${dataset.rowLines[row]} of ${dataset.file} has no value`);
    }
    state =
      typeof v === 'number'
        ? { kind: 'number', value: v, style: column.type === 'year' ? 'year' : 'plain', signed: false, decimals: columnDecimals(column.values) }
        : { kind: 'text', text: v };
  } else {
    state = { kind: 'column', column };
  }

  let formatted = false;
  for (const h of ref.helpers) {
    if (!Object.hasOwn(HELPERS, h.name)) {
      const guess = didYouMean(h.name, Object.keys(HELPERS));
      const list = `helpers: ${Object.keys(HELPERS).join(', ')}`;
      throw new RefError(`unknown helper "${h.name}"`, guess ? `did you mean "${guess}"? ${list}` : list);
    }
    if (formatted) throw new RefError(`"${h.name}" after "format"`, '"format" turns the number into text, so it comes last');
    switch (h.name) {
      case 'change':
      case 'cagr':
      case 'diff': {
        if (state.kind !== 'column') {
          throw new RefError(`"${h.name}" compares two rows of a column, not one value`, `drop the row selector: {{ ${path} | ${h.name} ${h.args.map((a) => a.text).join(' ') || '2015 2024'} }}`);
        }
        const col = state.column;
        if (col.type === 'text' || col.type === 'date') throw new RefError(`column "${col.name}" holds ${col.type === 'text' ? 'text' : 'dates'}, not numbers, so "${h.name}" cannot use it`);
        if (h.args.length !== 0 && h.args.length !== 2) {
          throw new RefError(`"${h.name}" takes two rows (from and to), not ${h.args.length}`, `for example: | ${h.name} 2015 2024, or | ${h.name} first latest`);
        }
        const [fromArg, toArg] = h.args.length === 2 ? h.args : [{ text: 'first', quoted: false }, { text: 'latest', quoted: false }];
        const from = lookupRow(dataset, fromArg!, col);
        const to = lookupRow(dataset, toArg!, col);
        const a = cellNumber(dataset, col, from, path);
        const b = cellNumber(dataset, col, to, path);
        if (h.name === 'diff') {
          state = { kind: 'number', value: b - a, style: 'plain', signed: true, decimals: columnDecimals(col.values) };
        } else if (h.name === 'change') {
          const v = percentChange(a, b);
          if (v === null) throw new RefError(`no percentage change from ${path}[${categoryLabel(dataset, from)}], which is 0`);
          state = { kind: 'number', value: v, style: 'percent', signed: true, decimals: 1 };
        } else {
          const periods = periodsBetween(dataset, from, to);
          if (!(periods > 0)) throw new RefError(`"cagr" needs a later second row: ${categoryLabel(dataset, to)} is not after ${categoryLabel(dataset, from)}`);
          const v = compoundGrowth(a, b, periods);
          if (v === null) throw new RefError(`no compound growth from ${a} to ${b}: both values must be above zero`);
          state = { kind: 'number', value: v, style: 'percent', signed: true, decimals: 1 };
        }
        break;
      }
      case 'abs':
        if (h.args.length) throw new RefError('"abs" takes no arguments');
        state = requireNumber(state, path, 'abs');
        state = { ...state, value: Math.abs(state.value), signed: false };
        break;
      default: {
        // format
        if (h.args.length !== 1) throw new RefError(`"format" takes one number format, not ${h.args.length}`, 'for example: | format "#,##0.0"  (quote codes with spaces or quotes: \'"$"#,##0\')');
        const code = h.args[0]!.text;
        const problem = checkNumberFormat(code);
        if (problem) throw new RefError(problem);
        const num = requireNumber(state, path, 'format');
        const v = num.style === 'percent' && isPercentFormat(code) ? num.value / 100 : num.value;
        state = { kind: 'text', text: trueMinus(formatNumber(v, code)) };
        formatted = true;
      }
    }
  }

  switch (state.kind) {
    case 'column':
      throw new RefError(`${path} is a whole column`, `pick a row, e.g. {{ ${path}[${categoryLabel(dataset, findRow(dataset, { kind: 'latest' }) ?? 0)}] }} or {{ ${path}[latest] }}, or compare rows: {{ ${path} | change first latest }}`);
    case 'text':
      return state.text;
    default:
      return trueMinus(formatNumber(state.style === 'percent' ? state.value / 100 : state.value, defaultFormat(state)));
  }
}

/**
 * Prose shows a negative number with the true minus (U+2212), as tables and chart annotations do:
 * a hyphen is a dash of the width of a hyphen, and PowerPoint may break a line after it.
 */
function trueMinus(formatted: string): string {
  return formatted.replace(/(^|[^\p{L}\p{N}])-(?=[^\p{L}\d\s]{0,3}\s?\d)/gu, '$1\u2212');
}

function defaultFormat(s: Extract<State, { kind: 'number' }>): string {
  if (s.style === 'year') return '0';
  const body = s.style === 'percent' ? `0.${'0'.repeat(s.decimals)}%` : `#,##0${s.decimals ? `.${'0'.repeat(s.decimals)}` : ''}`;
  return s.signed ? `+${body};-${body};${body}` : body;
}

function lookupRow(dataset: DataSet, arg: Arg, field?: Column): number {
  const selector: RowSelector = arg.quoted ? { kind: 'value', value: arg.text } : selectorFromWord(arg.text);
  const row = findRow(dataset, selector);
  if (row === undefined) {
    const what = selector.kind === 'value' ? `"${arg.text}"` : `[${arg.text}]`;
    throw new RefError(`${dataset.name} has no row ${what} in "${categoryColumnOf(dataset).name}"`, missingRowHint(dataset, arg.text));
  }
  // A long table (one row per year × flow × product …) has many rows per category: taking the
  // first would put an arbitrary row's figure in a sentence, so the reference must be shaped first.
  const matches = rowsLike(dataset, row);
  if (matches.length > 1) throw ambiguousRow(dataset, row, matches, field);
  return row;
}

/** The rows whose category equals row `row`'s. */
function rowsLike(dataset: DataSet, row: number): number[] {
  const values = categoryColumnOf(dataset).values;
  const want = values[row];
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] === want) out.push(i);
  return out;
}

function ambiguousRow(dataset: DataSet, row: number, matches: number[], field?: Column): RefError {
  const cat = categoryColumnOf(dataset);
  const key = categoryLabel(dataset, row);
  const lines = matches.slice(0, 3).map((i) => dataset.rowLines[i]);
  const where = dataset.sheet !== undefined ? `${dataset.file}!${dataset.sheet} rows ${lines.join(', ')}` : `${dataset.file} lines ${lines.join(', ')}`;
  // The example: keep the rows of the matching row's first distinguishing text column, and add up
  // the referenced column (or the first number column) by the category.
  const distinct = dataset.columns.find((c) => c !== cat && c.type === 'text' && matches.some((i) => c.values[i] !== c.values[row]) && c.values[row] !== null);
  const numeric = field && (field.type === 'number' || field.type === 'year') && field !== cat ? field : dataset.columns.find((c) => c !== cat && c.type === 'number');
  const shaped = `${dataset.name}_by_${cat.name}`.replace(/[^A-Za-z0-9_]/g, '_');
  const steps = [
    ...(distinct ? [`        - filter: ${distinct.name} == ${JSON.stringify(String(distinct.values[row]))}`] : []),
    ...(numeric ? [`        - group: { by: [${cat.name}], sum: [${numeric.name}] }`] : []),
  ];
  const shown = /^\d+$/.test(key) ? key : JSON.stringify(key);
  const example = steps.length
    ? `shape it into one row per ${cat.name} with filter, group or pivot, e.g. in deck.yaml\n  data:\n    ${shaped}:\n      from: ${dataset.name}\n      transform:\n${steps.join('\n')}\nthen write {{ ${shaped}.${numeric?.name ?? field?.name ?? 'value'}[${shown}] }}`
    : `shape it into one row per ${cat.name} with filter, group or pivot in deck.yaml (from: ${dataset.name}, transform: …), and refer to that dataset`;
  return new RefError(`${dataset.name} has ${matches.length} rows with ${cat.name} ${shown} (${where}${matches.length > 3 ? ', …' : ''}), and a reference needs exactly one`, example);
}

function cellNumber(dataset: DataSet, column: Column, row: number, path: string): number {
  const v = column.values[row];
  if (typeof v !== 'number') {
    throw new RefError(`${path}[${categoryLabel(dataset, row)}] is empty`, `the cell at line ${dataset.rowLines[row]} of ${dataset.file} has no value`);
  }
  return v;
}

function requireNumber(state: State, path: string, helper: string): Extract<State, { kind: 'number' }> {
  if (state.kind === 'number') return state;
  if (state.kind === 'column') throw new RefError(`"${helper}" needs one value, but ${path} is a whole column`, `pick a row first: {{ ${path}[latest] | ${helper} … }}`);
  throw new RefError(`"${helper}" needs a number, but the value is text ("${state.text}")`);
}

/** Source points of a text that starts at `at` (a reference in a line starts at its column). */
function pointIn(text: string, at: SourcePoint): (offset: number) => SourcePoint {
  // the line index is made on the first diagnostic: a text without one (most) is not scanned for it
  let pos: ReturnType<typeof positions> | undefined;
  return (offset) => {
    pos ??= positions(text);
    const { line, column } = pos(offset);
    return { file: at.file, line: (at.line ?? 1) + line - 1, column: line === 1 ? (at.column ?? 1) + column - 1 : column };
  };
}
