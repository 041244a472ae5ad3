/**
 * Reading a chart block's YAML with positions: every value keeps the node it came from, so that a
 * diagnostic points at the exact line and column of the Markdown file.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode, Pair, YAMLMap } from 'yaml';
import { didYouMean, error, warning } from '../diagnostics.js';
import type { Diagnostic, SourcePoint } from '../diagnostics.js';
import { colonInValue, commentedValue } from '../text/yaml-pitfalls.js';

export type { YamlNode };

export class YamlContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly lineCounter = new LineCounter();
  /** The YAML text, for hints that quote the line a problem is on. */
  text = '';

  constructor(readonly at: SourcePoint) {}

  /** The Markdown position of a YAML offset. */
  pointAt(offset: number): SourcePoint {
    const { line, col } = this.lineCounter.linePos(offset);
    return this.shift(line, col);
  }

  /** Where a node starts; the block's first line when the node is missing. */
  pos(node: YamlNode | null | undefined): SourcePoint {
    if (node && node.range) return this.pointAt(node.range[0]);
    return { ...this.at };
  }

  shift(line: number, col: number): SourcePoint {
    const p: SourcePoint = { file: this.at.file };
    p.line = this.at.line !== undefined ? this.at.line + line - 1 : line;
    p.column = this.at.column !== undefined ? this.at.column + col - 1 : col;
    return p;
  }

  error(message: string, node: YamlNode | null | undefined, hint?: string): void {
    this.diagnostics.push(error(message, this.pos(node), hint));
  }

  warn(message: string, node: YamlNode | null | undefined, hint?: string): void {
    this.diagnostics.push(warning(message, this.pos(node), hint));
  }

  /** The text of the YAML line an offset is on. */
  lineOf(offset: number): string {
    const { line } = this.lineCounter.linePos(offset);
    return this.text.split(/\r?\n/)[line - 1] ?? '';
  }

  /** A value of the wrong kind; one that is missing because a `#` made it a comment gets that said. */
  wrongValue(entry: Entry, message: string, hint?: string): void {
    const empty = entry.value === null || scalarValue(entry.value) === null;
    const commented = empty && entry.keyNode.range ? commentedValue(this.lineOf(entry.keyNode.range[0]), entry.key) : undefined;
    if (commented) this.error(commented.message, entry.keyNode, commented.hint);
    else this.error(message, entry.value ?? entry.keyNode, hint);
  }
}

/** Parses the YAML body; null (with diagnostics in ctx) when it is malformed. */
export function parseYaml(text: string, ctx: YamlContext): YamlNode | null | undefined {
  ctx.text = text;
  const doc = parseDocument(text, { lineCounter: ctx.lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems = [...doc.errors];
  if (problems.length > 0) {
    for (const e of problems) {
      const lp = e.linePos?.[0];
      const at = lp ? ctx.shift(lp.line, lp.col) : ctx.pointAt(e.pos[0]);
      const message = e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
      const colon = colonInValue(ctx.lineOf(e.pos[0]));
      const hint = colon?.hint ?? 'chart options are YAML: `key: value` on each line, lists in [ ] or as `- item` lines';
      ctx.diagnostics.push(error(`malformed chart YAML: ${colon?.message ?? message}`, at, hint));
    }
    return null;
  }
  return doc.contents as YamlNode | null;
}

export function isMapNode(node: unknown): node is YAMLMap<YamlNode, YamlNode> {
  return isMap(node);
}

export function isSeqNode(node: unknown): boolean {
  return isSeq(node);
}

export function seqItems(node: YamlNode | null | undefined): (YamlNode | null)[] {
  return isSeq(node) ? (node.items as (YamlNode | null)[]) : [];
}

export interface Entry {
  key: string;
  keyNode: YamlNode;
  value: YamlNode | null;
}

/** The map's entries; unknown keys become errors with a did-you-mean. */
export function mapEntries(map: YAMLMap<YamlNode, YamlNode>, known: readonly string[], what: string, ctx: YamlContext): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const pair of map.items as Pair<YamlNode, YamlNode | null>[]) {
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
    if (key === undefined) {
      ctx.error(`${what}: keys must be plain words`, keyNode);
      continue;
    }
    if (!known.includes(key)) {
      const guess = didYouMean(key, known);
      ctx.error(`unknown ${what} option \`${key}\``, keyNode, guess ? `did you mean \`${guess}\`?` : `known options: ${known.join(', ')}`);
      continue;
    }
    out.set(key, { key, keyNode, value: pair.value ?? null });
  }
  return out;
}

/** A scalar's value; undefined for a missing value or a collection. */
export function scalarValue(node: YamlNode | null | undefined): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** A string (numbers are accepted and turned into text, e.g. a column named 2024). */
export function readString(entry: Entry | undefined, ctx: YamlContext): string | undefined {
  if (!entry) return undefined;
  const v = scalarValue(entry.value);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  ctx.wrongValue(entry, `\`${entry.key}\` must be text`);
  return undefined;
}

export function readBoolean(entry: Entry | undefined, ctx: YamlContext): boolean | undefined {
  if (!entry) return undefined;
  const v = scalarValue(entry.value);
  if (typeof v === 'boolean') return v;
  ctx.wrongValue(entry, `\`${entry.key}\` must be true or false`);
  return undefined;
}

export function readNumber(entry: Entry | undefined, ctx: YamlContext): number | undefined {
  if (!entry) return undefined;
  const v = scalarValue(entry.value);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  ctx.wrongValue(entry, `\`${entry.key}\` must be a number`);
  return undefined;
}

/** One of a fixed set of words, with a did-you-mean. */
export function readChoice<T extends string>(entry: Entry | undefined, choices: readonly T[], ctx: YamlContext, what?: string): T | undefined {
  if (!entry) return undefined;
  const v = scalarValue(entry.value);
  const text = typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  if (text !== undefined && (choices as readonly string[]).includes(text)) return text as T;
  const guess = text !== undefined ? didYouMean(text, choices) : undefined;
  const label = what ?? `\`${entry.key}\``;
  ctx.error(
    text !== undefined ? `unsupported ${label} \`${text}\`` : `${label} must be one of ${choices.join(', ')}`,
    entry.value ?? entry.keyNode,
    guess ? `did you mean \`${guess}\`? (${choices.join(' | ')})` : `use one of ${choices.join(' | ')}`,
  );
  return undefined;
}
