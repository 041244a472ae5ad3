/**
 * A ```table block (YAML, like a chart block) → the same table a GFM table makes, so that it is
 * laid out, styled and continued across slides like one:
 *
 *   ```table
 *   data: trade
 *   transform: [ { filter: year >= 2022 } ]     # optional steps, as in deck.yaml
 *   columns:                                    # optional: every column by default
 *     - year                                    # a column, labelled with its name
 *     - { column: exports_usd_bn, label: Exports to China, format: '#,##0.0' }
 *   sort: { by: year, order: desc }             # optional shorthands for the last steps
 *   top: 5
 *   totals: Total                               # a last row summing the number columns
 *   ```
 *
 * Cells are the data's values as text runs: a value is never read as Markdown.
 */
import type { Block, Inline, SlideSource } from '../content/types.js';
import { columnDecimals } from '../data/lookup.js';
import { checkNumberFormat, formatNumber } from '../data/number-format.js';
import { applyTransforms } from '../data/transform.js';
import type { Column, DataSet } from '../data/types.js';
import { didYouMean, hasErrors } from '../diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import { YamlContext, isMapNode, mapEntries, parseYaml, readString, scalarValue, seqItems } from './chart-yaml.js';
import type { Entry, YamlNode } from './chart-yaml.js';
import { shapeBlockData } from './chart.js';

export const TABLE_OPTIONS = ['data', 'transform', 'columns', 'sort', 'top', 'totals'] as const;
const COLUMN_OPTIONS = ['column', 'label', 'format'] as const;

type TableBlock = Extract<Block, { type: 'table' }>;

/** Replaces every ```table code block of the slides by a table; a block with an error is dropped. */
export function expandDataTables(slides: readonly SlideSource[], datasets: ReadonlyMap<string, DataSet>): { slides: SlideSource[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const expand = (blocks: readonly Block[]): Block[] =>
    blocks.flatMap((b): Block[] => {
      if (b.type === 'code' && b.lang === 'table') {
        const r = dataTableBlock(b.text, { file: b.at.file, line: (b.at.line ?? 1) + 1, column: 1 }, datasets);
        diagnostics.push(...r.diagnostics);
        return r.table ? [{ ...r.table, at: b.at }] : [];
      }
      if (b.type === 'columns') return [{ ...b, columns: b.columns.map(expand) }];
      return [b];
    });
  const hasTableBlock = (blocks: readonly Block[]): boolean => blocks.some((b) => (b.type === 'code' && b.lang === 'table') || (b.type === 'columns' && b.columns.some(hasTableBlock)));
  return { slides: slides.map((s) => (hasTableBlock(s.blocks) ? { ...s, blocks: expand(s.blocks) } : s)), diagnostics };
}

interface ColumnRequest {
  column: Column;
  label: string;
  format?: string;
}

export function dataTableBlock(yamlText: string, bodyAt: { file: string; line: number; column: number }, datasets: ReadonlyMap<string, DataSet>): { table?: TableBlock; diagnostics: Diagnostic[] } {
  const ctx = new YamlContext(bodyAt);
  const done = (table?: TableBlock) => (hasErrors(ctx.diagnostics) || !table ? { diagnostics: ctx.diagnostics } : { table, diagnostics: ctx.diagnostics });
  const root = parseYaml(yamlText, ctx);
  if (root === null && ctx.diagnostics.length > 0) return done();
  if (!isMapNode(root)) {
    ctx.error('a table block holds YAML options (`key: value` lines)', root ?? null, 'for example:\n  data: trade\n  columns: [year, exports_usd_bn]');
    return done();
  }
  const o = mapEntries(root, TABLE_OPTIONS, 'table', ctx);

  const dataEntry = o.get('data');
  const name = dataEntry ? readString(dataEntry, ctx) : datasets.size === 1 ? [...datasets.keys()][0] : undefined;
  if (!dataEntry && name === undefined) {
    const names = [...datasets.keys()];
    ctx.error('the table needs `data:` naming a dataset', root, names.length ? `one of: ${names.join(', ')}` : 'declare datasets under `data:` in deck.yaml');
    return done();
  }
  if (name === undefined) return done();
  let ds = datasets.get(name);
  if (!ds) {
    const names = [...datasets.keys()];
    const guess = didYouMean(name, names);
    ctx.error(`unknown dataset \`${name}\``, dataEntry?.value ?? root, guess ? `did you mean \`${guess}\`?` : names.length ? `deck.yaml declares: ${names.join(', ')}` : 'declare datasets under `data:` in deck.yaml');
    return done();
  }
  const transform = o.get('transform');
  if (transform) {
    const shaped = shapeBlockData(ds, transform.value, ctx);
    if (!shaped) return done();
    ds = shaped;
  }
  // `sort:` and `top:` are the last steps, written as options for the common case.
  for (const key of ['sort', 'top'] as const) {
    const e = o.get(key);
    if (!e) continue;
    const shaped = applyTransforms(ds, [{ kind: key, value: e.value?.toJSON() ?? null, at: ctx.pos(e.keyNode) }]);
    ctx.diagnostics.push(...shaped.diagnostics);
    if (!shaped.dataset) return done();
    ds = shaped.dataset;
  }

  const requests = columnRequests(o.get('columns'), ds, ctx);
  if (!requests) return done();

  const rows = ds.rowLines.length;
  const cellText = (c: ColumnRequest, v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v !== 'number') return String(v);
    if (c.column.type === 'year' && c.format === undefined) return String(v);
    return formatNumber(v, c.format ?? defaultFormat(c.column));
  };
  const run = (text: string): Inline[] => (text === '' ? [] : [{ text }]);
  const body: Inline[][][] = [];
  for (let i = 0; i < rows; i++) body.push(requests.map((c) => run(cellText(c, c.column.values[i]))));

  const totals = o.get('totals');
  if (totals) {
    const v = scalarValue(totals.value);
    if (v !== false) {
      if (v !== true && typeof v !== 'string') {
        ctx.error('`totals` is true or the label of the totals row', totals.value ?? totals.keyNode, 'e.g. totals: Total');
        return done();
      }
      const label = v === true ? 'Total' : v;
      body.push(
        requests.map((c, k) => {
          if (c.column.type !== 'number') return k === 0 ? [{ text: label, bold: true }] : [];
          let sum = 0;
          for (const x of c.column.values) if (typeof x === 'number') sum += x;
          return [{ text: cellText(c, Number(sum.toPrecision(12))), bold: true }];
        }),
      );
      if (requests[0]!.column.type === 'number') ctx.warn('the first column is a number column: its total takes the place of the totals label', totals.keyNode, 'put a text or year column first');
    }
  }

  const table: TableBlock = {
    type: 'table',
    align: requests.map(() => null),
    header: requests.map((c) => run(c.label)),
    rows: body,
    at: bodyAt,
  };
  return done(table);
}

function defaultFormat(column: Column): string {
  const d = columnDecimals(column.values);
  return `#,##0${d ? `.${'0'.repeat(d)}` : ''}`;
}

function columnRequests(entry: Entry | undefined, ds: DataSet, ctx: YamlContext): ColumnRequest[] | undefined {
  if (!entry) return ds.columns.map((column) => ({ column, label: column.name }));
  const items = seqItems(entry.value);
  if (items.length === 0) {
    ctx.error('`columns` lists the columns to show', entry.value ?? entry.keyNode, 'e.g. columns: [year, exports_usd_bn]  or  - { column: exports_usd_bn, label: Exports, format: "#,##0.0" }');
    return undefined;
  }
  const out: ColumnRequest[] = [];
  for (const item of items) {
    let name: unknown;
    let label: string | undefined;
    let format: string | undefined;
    let at: YamlNode | null = item;
    if (isMapNode(item)) {
      const m = mapEntries(item, COLUMN_OPTIONS, 'table column', ctx);
      const c = m.get('column');
      name = scalarValue(c?.value);
      at = c?.value ?? item;
      label = readString(m.get('label'), ctx);
      format = readString(m.get('format'), ctx);
      const f = m.get('format');
      if (format !== undefined) {
        const problem = checkNumberFormat(format);
        if (problem) {
          ctx.error(problem, f?.value ?? null);
          format = undefined;
        }
      }
    } else name = scalarValue(item);
    if (typeof name !== 'string' && typeof name !== 'number') {
      ctx.error('each column is a column name or { column: name, label: …, format: … }', at);
      continue;
    }
    const column = ds.columns.find((c) => c.name === String(name));
    if (!column) {
      const names = ds.columns.map((c) => c.name);
      const guess = didYouMean(String(name), names);
      ctx.error(`unknown column \`${String(name)}\` in ${ds.name}`, at, `${guess ? `did you mean \`${guess}\`? ` : ''}the columns are ${names.join(', ')}`);
      continue;
    }
    out.push({ column, label: label ?? column.name, ...(format !== undefined ? { format } : {}) });
  }
  return hasErrors(ctx.diagnostics) ? undefined : out;
}
