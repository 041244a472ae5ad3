import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import { type Diagnostic, error, didYouMean, type SourcePoint } from '../diagnostics.js';
import type { Manifest } from './types.js';
import type { DataSetSpec } from '../data/types.js';
import { colonInValue, commentedValue } from '../text/yaml-pitfalls.js';
import { readTransformSteps } from '../data/transform.js';

const KEYS = [
  'title',
  'subtitle',
  'date',
  'author',
  'organization',
  'classification',
  'template',
  'lang',
  'sections',
  'data',
] as const;
const STRING_KEYS = ['title', 'subtitle', 'author', 'organization', 'classification', 'template', 'lang'] as const;
const DATA_KEYS = ['file', 'from', 'sheet', 'range', 'header', 'encoding', 'text', 'transform', 'source', 'units', 'derive'];

/** Parses deck.yaml text. Pure: the caller reads the file. */
export function parseManifest(text: string, file: string): { manifest?: Manifest; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  const pointAt = (offset: number | undefined): SourcePoint => {
    if (offset === undefined) return { file };
    const p = lines.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  const nodeAt = (node: Node | null | undefined): SourcePoint => pointAt(node?.range?.[0]);
  const sourceLines = text.split(/\r?\n/);
  const lineText = (line: number | undefined): string => (line === undefined ? '' : (sourceLines[line - 1] ?? ''));
  /** A value that is not text: said as a `#` that made it a comment, or as the rule with how to write it. */
  const notText = (key: string, keyNode: Node | null | undefined, message: string, fallback: string): [string, string] => {
    const commented = commentedValue(lineText(nodeAt(keyNode).line), key);
    return commented ? [commented.message, commented.hint] : [message, fallback];
  };

  // Only the first YAML error: the rest are nearly always its echoes further down.
  const first = doc.errors[0];
  if (first) {
    const unclosed = first.message.startsWith('Missing closing') ? unclosedQuoteLine(text) : undefined;
    const at = unclosed ? { file, line: unclosed.line, column: unclosed.column } : pointAt(first.pos[0]);
    const colon = unclosed ? undefined : colonInValue(lineText(at.line));
    const hint = unclosed
      ? 'close the quote on the same line, e.g. `subtitle: "Text"`'
      : (colon?.hint ?? 'check the indentation and quoting at this line; every entry is `key: value`, and a value containing `: ` must be quoted');
    diagnostics.push(error(colon ? `malformed YAML: ${colon.message}` : `malformed YAML: ${firstLine(first.message)}`, at, hint));
  }
  if (diagnostics.length) return { diagnostics };

  const root = doc.contents;
  if (!isMap(root)) {
    return { diagnostics: [error('deck.yaml must be a map of keys such as `title:`', nodeAt(root as Node), 'start with a line like `title: My briefing`')] };
  }

  const manifest: Manifest = { title: '', lang: 'en', data: {}, at: { file, line: 1, column: 1 } };
  let sawTitle = false;
  for (const pair of root.items as Pair<Node, Node>[]) {
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const at = nodeAt(keyNode);
    const value = pair.value;
    if (!(KEYS as readonly string[]).includes(key)) {
      const guess = didYouMean(key, KEYS);
      diagnostics.push(
        error(`unknown key "${key}" in deck.yaml`, at, guess ? `did you mean "${guess}"?` : `known keys: ${KEYS.join(', ')}`),
      );
      continue;
    }
    if ((STRING_KEYS as readonly string[]).includes(key)) {
      if (!isScalar(value) || value.value === null || typeof value.value === 'object') {
        const [message, hint] = notText(key, keyNode, `"${key}" must be text`, `write it as \`${key}: some text\``);
        diagnostics.push(error(message, nodeAt(value ?? keyNode), hint));
        continue;
      }
      const s = String(value.value).trim();
      (manifest as unknown as Record<string, unknown>)[key] = s;
      if (key === 'title') sawTitle = s.length > 0;
      if (key === 'template') manifest.templateAt = nodeAt(value);
      continue;
    }
    if (key === 'date') {
      const raw = isScalar(value) ? value.value : undefined;
      const s = raw instanceof Date ? raw.toISOString().slice(0, 10) : raw === undefined || raw === null ? '' : String(raw);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(s))) {
        diagnostics.push(error(`"date" must be a date like 2026-01-12, got "${s}"`, nodeAt(value ?? keyNode), 'write the date as YYYY-MM-DD'));
      } else manifest.date = s;
      continue;
    }
    if (key === 'sections') {
      if (!isSeq(value) || !value.items.every((i) => isScalar(i) && typeof i.value === 'string')) {
        diagnostics.push(error('"sections" must be a list of Markdown file names', nodeAt(value ?? keyNode), 'for example:\n  sections:\n    - 01-visit.md\n    - 02-trade.md'));
        continue;
      }
      manifest.sections = value.items.map((i) => String((i as { value: unknown }).value));
      manifest.sectionsAt = value.items.map((i) => nodeAt(i as Node));
      continue;
    }
    if (key === 'data') {
      if (value === null || value === undefined) continue;
      if (!isMap(value)) {
        diagnostics.push(error('"data" must map dataset names to files', nodeAt(value), 'for example:\n  data:\n    trade: data/trade.csv'));
        continue;
      }
      for (const entry of value.items as Pair<Node, Node>[]) {
        const name = isScalar(entry.key) ? String(entry.key.value) : '';
        const entryAt = nodeAt(entry.key);
        const spec = parseDataEntry(name, entry.value, entryAt, nodeAt, diagnostics, notText);
        if (spec) manifest.data[name] = spec;
      }
    }
  }
  if (!sawTitle && !diagnostics.some((d) => d.message.includes('"title"'))) {
    diagnostics.push(error('deck.yaml has no "title"', { file, line: 1, column: 1 }, 'add a line like `title: Korea–China relations after the state visit`'));
  }
  return diagnostics.length ? { diagnostics } : { manifest, diagnostics };
}

function parseDataEntry(
  name: string,
  value: Node | null,
  at: SourcePoint,
  nodeAt: (n: Node | null | undefined) => SourcePoint,
  diagnostics: Diagnostic[],
  notText: (key: string, keyNode: Node | null | undefined, message: string, fallback: string) => [string, string],
): DataSetSpec | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    diagnostics.push(error(`dataset name "${name}" must be a simple identifier`, at, 'use letters, digits and underscores, e.g. `trade`'));
    return undefined;
  }
  if (isScalar(value) && typeof value.value === 'string') return { file: value.value, at, fileAt: nodeAt(value) };
  if (!isMap(value)) {
    diagnostics.push(error(`dataset "${name}" must be a file name or a map with "file"`, nodeAt(value ?? undefined) ?? at, `for example:\n  ${name}: { file: data/${name}.csv, source: "Statistics Korea" }`));
    return undefined;
  }
  const spec: Partial<DataSetSpec> = { at };
  for (const pair of value.items as Pair<Node, Node>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!DATA_KEYS.includes(key)) {
      const guess = didYouMean(key, DATA_KEYS);
      diagnostics.push(error(`unknown key "${key}" in dataset "${name}"`, nodeAt(pair.key), guess ? `did you mean "${guess}"?` : `known keys: ${DATA_KEYS.join(', ')}`));
      continue;
    }
    if (key === 'derive') {
      if (!isMap(pair.value)) {
        diagnostics.push(error(`"derive" of dataset "${name}" must map new column names to expressions`, nodeAt(pair.value ?? pair.key), 'for example:\n    derive: { balance: exports - imports }'));
        continue;
      }
      spec.derive = {};
      spec.deriveAt = {};
      for (const d of pair.value.items as Pair<Node, Node>[]) {
        const k = isScalar(d.key) ? String(d.key.value) : '';
        const v = isScalar(d.value) ? String(d.value.value) : '';
        spec.derive[k] = v;
        const quoted = isScalar(d.value) && (d.value.type === 'QUOTE_DOUBLE' || d.value.type === 'QUOTE_SINGLE') ? 1 : 0;
        const p = nodeAt(d.value ?? d.key);
        spec.deriveAt[k] = p.column !== undefined ? { ...p, column: p.column + quoted } : p;
      }
      continue;
    }
    if (key === 'transform') {
      const steps = readTransformSteps(pair.value, (n) => nodeAt(n as Node), diagnostics);
      if (steps) spec.transform = steps;
      continue;
    }
    if (key === 'text') {
      const items = isSeq(pair.value) ? pair.value.items : [pair.value];
      if (!items.every((n) => isScalar(n) && n.value !== null && typeof n.value !== 'object') || items.length === 0) {
        diagnostics.push(error(`"text" of dataset "${name}" must list column names`, nodeAt(pair.value ?? pair.key), 'for example: text: [cmdCode, partnerCode]  (columns read as text as written, e.g. codes)'));
        continue;
      }
      spec.text = items.map((n) => String((n as Scalar).value));
      spec.textAt = nodeAt(pair.value);
      continue;
    }
    if (!isScalar(pair.value) || pair.value.value === null) {
      const [message, hint] = notText(key, pair.key, `"${key}" of dataset "${name}" must be text`, `write it as \`${key}: some text\``);
      diagnostics.push(error(message, nodeAt(pair.value ?? pair.key), hint));
      continue;
    }
    if (key === 'sheet' && typeof pair.value.value === 'number') {
      spec.sheet = pair.value.value;
      continue;
    }
    if (key === 'header') {
      const v = pair.value.value;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
        diagnostics.push(error(`"header" of dataset "${name}" must be a line number (a whole number from 1)`, nodeAt(pair.value), 'name the line (CSV) or sheet row (.xlsx) that holds the column names, e.g. header: 3 when a title and a blank line sit above it'));
        continue;
      }
      spec.header = v;
      spec.headerAt = nodeAt(pair.value);
      continue;
    }
    if (key === 'encoding') spec.encodingAt = nodeAt(pair.value);
    if (key === 'from') spec.fromAt = nodeAt(pair.value);
    (spec as Record<string, unknown>)[key] = String(pair.value.value);
    if (key === 'file') spec.fileAt = nodeAt(pair.value);
  }
  if (spec.file && spec.from) {
    diagnostics.push(error(`dataset "${name}" has both "file" and "from"`, spec.fromAt ?? at, 'a dataset is read from a file, or made from another dataset with from: and transform:, not both'));
    return undefined;
  }
  if (!spec.file && !spec.from) {
    diagnostics.push(error(`dataset "${name}" has no "file"`, at, `add \`file: data/${name}.csv\`, or make it from another dataset with \`from:\` and \`transform:\``));
    return undefined;
  }
  if (!spec.file) spec.file = '';
  return spec as DataSetSpec;
}

/** The line and column of the first quote that is opened on a line and not closed on it. */
function unclosedQuoteLine(text: string): { line: number; column: number } | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /:\s+(["'])/.exec(lines[i]!);
    if (!m) continue;
    const quote = m[1]!;
    const start = m.index + m[0].length - 1;
    const rest = lines[i]!.slice(start + 1).replace(quote === '"' ? /\\./g : /''/g, '');
    if (!rest.includes(quote)) return { line: i + 1, column: start + 1 };
  }
  return undefined;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
