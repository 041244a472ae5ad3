import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { hasInvalidXmlChars } from '../src/text/sanitize.js';
import { readPptxParts } from './helpers/unzip.js';
import { missingTools, sharedDir } from './helpers/tools.js';

// Fixed seed and bounded runs keep `npm test` deterministic and under a minute; for a longer local
// run: PROPERTY_RUNS=500 PROPERTY_SEED=$RANDOM npx vitest run test/property-build.test.ts
const SEED = Number(process.env['PROPERTY_SEED'] ?? 20260112);
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 30);

const nasty = fc.constantFrom(
  '\u0000', '\u0007', '\u000B', '\u001F', '\uFFFE', '\uD800', '\uDFFF', '😀', '👩‍👩‍👧', 'مرحبا بالعالم', 'שלום', '한중 관계', '新质生产力', ']]>', '&amp;', '&', '<', '>', '"', "'",
  '<script>alert(1)</script>', '{{', '}}', '\\', '`', '*', '_', '#', ':::', '> ', '- ', '|', '\t', 'x'.repeat(10_000),
);
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), nasty, fc.array(nasty, { maxLength: 4 }).map((a) => a.join(' ')));
const line = text.map((t) => t.replace(/[\r\n]/g, ' '));

const block = fc.oneof(
  fc.array(line, { minLength: 1, maxLength: 5 }).map((items) => items.map((t, i) => `${'  '.repeat(i % 3)}- ${t}`).join('\n')),
  line.map((t) => t),
  fc.tuple(line, line).map(([q, a]) => `> ${q}\n>\n> — ${a}`),
  line.map((t) => `### ${t}`),
  fc.array(line, { minLength: 1, maxLength: 3 }).map((xs) => `::: notes\n${xs.join('\n')}\n:::`),
  fc.tuple(line, line).map(([a, b]) => `| ${a} | ${b} |\n|---|---|\n| 1 | ${b} |`),
  fc.constant('```chart\ntype: column\ndata: d\n```'),
  line.map((t) => `- **${t}** ${t}`),
);
const slide = fc.tuple(fc.constantFrom('#', '##', '##', '##'), line, fc.constantFrom('', ' {.cards}', ' {.figures}', ' {.quote}', ' {.closing}', ' {.nonsense}'), fc.array(block, { maxLength: 4 }));
const markdown = fc.array(slide, { minLength: 1, maxLength: 5 }).map((slides) => slides.map(([h, t, cls, blocks]) => `${h} ${t}${cls}\n\n${blocks.join('\n\n')}\n`).join('\n'));

const cell = fc.oneof(fc.integer().map(String), fc.double({ noNaN: false }).map(String), fc.constantFrom('', 'NaN', '1e308', '-1e308', '-0', '−5', '1,234.5', 'abc', '"quoted, cell"'), line.map((t) => t.replace(/[",]/g, '')));
const csv = fc.tuple(fc.boolean(), fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 8 }), fc.constantFrom('\n', '\r\n')).map(
  ([bom, rows, eol]) => (bom ? '\uFEFF' : '') + ['year,a,b'].concat(rows.map((r, i) => [String(2000 + i), ...r].join(','))).join(eol),
);

const quote = (s: string) => JSON.stringify(s);

const VALID_CSV = 'year,a,b\n2015,1.5,-2\n2016,0,3\n';
const safeLine = line.map((t) => t.replace(/\{\{/g, '{ {'));
const safeBlock = fc.oneof(
  fc.array(safeLine, { minLength: 1, maxLength: 5 }).map((items) => items.map((t, i) => `${'  '.repeat(i % 3)}- ${t}`).join('\n')),
  safeLine,
  fc.tuple(safeLine, safeLine).map(([q, a]) => `> ${q}\n>\n> — ${a}`),
  fc.array(safeLine, { minLength: 1, maxLength: 3 }).map((xs) => `::: notes\n${xs.join('\n')}\n:::`),
  fc.tuple(safeLine, safeLine).map(([a, b]) => `| ${a} | ${b} |\n|---|---|\n| 1 | ${b} |`),
  fc.constant('```chart\ntype: column\ndata: d\ny: [a, b]\n```'),
);
const safeSlide = fc.tuple(fc.constantFrom('#', '##', '##', '##'), safeLine, fc.array(safeBlock, { maxLength: 3 }));
const safeMarkdown = fc.array(safeSlide, { minLength: 1, maxLength: 5 }).map((slides) => slides.map(([h, t, blocks]) => `${h} ${t}\n\n${blocks.join('\n\n')}\n`).join('\n'));

/**
 * What marked reads by recursion or copying, at sizes a user can type: nesting (blockquotes, lists
 * by indentation or chained on one line, both mixed), long runs of one delimiter, long lines.
 */
const depth = fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 30, max: 3000 }));
const deep = fc.oneof(
  depth.map((d) => `${'>'.repeat(d)} x`),
  depth.map((d) => `${'> '.repeat(d)}x`),
  depth.map((d) => Array.from({ length: Math.min(d, 400) }, (_, i) => `${'  '.repeat(i)}- x`).join('\n')),
  depth.map((d) => `${'- '.repeat(d)}x`),
  depth.map((d) => `${'1. '.repeat(d)}x`),
  depth.map((d) => `${'- > '.repeat(d)}x`),
  depth.map((d) => Array.from({ length: Math.min(d, 400) }, (_, i) => `${'>'.repeat(i)} - x`).join('\n')),
);
const delimiter = fc.constantFrom('*', '_', '**', '__', '~~', '`', '[', ']', '![', '<', '***', '*_');
const delimiterRun = fc.tuple(delimiter, fc.integer({ min: 1, max: 4000 }), fc.boolean()).map(([d, n, closed]) => `${d.repeat(n)}x${closed ? [...d].reverse().join('').replace(/\[/g, ']').repeat(n) : ''}`);
const longLine = fc.tuple(fc.constantFrom('*a ', '_a ', 'word ', '**a** ', '[a](https://e.x) ', '한국 ', '`a` ', '\\* '), fc.integer({ min: 1, max: 20_000 })).map(([unit, n]) => unit.repeat(n));
const extreme = fc.oneof(deep, delimiterRun, longLine);

interface Outcome {
  built: boolean;
  output: string;
}

/** Builds one generated briefing in-process and checks the invariant; returns what happened. */
async function buildChecked(dir: string, deckYaml: string, md: string, data: string): Promise<Outcome> {
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  writeFileSync(path.join(dir, 'deck.yaml'), deckYaml);
  writeFileSync(path.join(dir, 'data/d.csv'), data);
  writeFileSync(path.join(dir, '01.md'), md);
  const output = path.join(dir, 'out.pptx');
  const result = await build({ dir, output, cwd: dir });
  if (!result.ok) {
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    for (const d of result.diagnostics) expect(d.at?.file ?? '', d.message).not.toBe('');
    expect(existsSync(output)).toBe(false);
    return { built: false, output };
  }
  for (const [name, xml] of readPptxParts(output)) {
    if (!name.endsWith('.xml') && !name.endsWith('.rels')) continue;
    expect(hasInvalidXmlChars(xml), name).toBe(false);
    expect(XMLValidator.validate(xml), name).toBe(true);
  }
  return { built: true, output };
}

const deckYaml = (title: string, subtitle: string, classification: string) =>
  `title: ${quote(title.trim() ? title : 't')}\nsubtitle: ${quote(subtitle)}\nclassification: ${quote(classification)}\ndata:\n  d: data/d.csv\n`;

describe('any input gives a valid deck or diagnostics, never a crash', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'brief-prop-'));
  const validated: string[] = [];
  let n = 0;

  it('random text in every field and random Markdown structure build valid decks', async () => {
    let built = 0;
    await fc.assert(
      fc.asyncProperty(line, line, line, safeMarkdown, async (title, subtitle, classification, md) => {
        const outcome = await buildChecked(path.join(root, `t${n++}`), deckYaml(title, subtitle, classification), md, VALID_CSV);
        if (outcome.built) {
          built++;
          if (validated.length < 3) validated.push(outcome.output);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The generators must reach the renderer nearly always, or the property proves little.
    expect(built).toBeGreaterThanOrEqual(RUNS * 0.8);
  });

  it('random CSV (ragged, empty, huge, NaN, negative, BOM) gives a deck or diagnostics', async () => {
    await fc.assert(
      fc.asyncProperty(csv, async (data) => {
        await buildChecked(path.join(root, `c${n++}`), deckYaml('CSV', '', ''), '## Chart\n\n```chart\ntype: column\ndata: d\n```\n', data);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it('anything at all — text, structure, classes, references and data — never crashes', async () => {
    await fc.assert(
      fc.asyncProperty(line, markdown, csv, async (title, md, data) => {
        await buildChecked(path.join(root, `a${n++}`), deckYaml(title, '', ''), md, data);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it('deep nesting, long delimiter runs and long lines give a deck or an error at file:line, never a crash', async () => {
    const examples: [string][] = [['>'.repeat(3000) + ' x'], [Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n')], ['*a '.repeat(20_000)], ['**'.repeat(3000) + 'x' + '**'.repeat(3000)]];
    await fc.assert(
      fc.asyncProperty(extreme, async (body) => {
        const dir = path.join(root, `x${n++}`);
        const outcome = await buildChecked(dir, deckYaml('Deep', '', ''), `## Slide\n\n${body}\n`, VALID_CSV);
        if (outcome.built) return;
        const result = await build({ dir, cwd: dir, write: false });
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.length).toBeGreaterThan(0);
        for (const e of errors) {
          expect(e.at?.file).toBe('01.md');
          expect(e.at?.line, e.message).toBeGreaterThanOrEqual(3);
        }
      }),
      { seed: SEED, numRuns: Math.max(12, Math.round(RUNS / 2)), endOnFailure: true, examples },
    );
  });

  const skip = missingTools('xmllint', 'python3', 'shared');
  it.skipIf(!!skip)(`the decks it built pass validate-pptx ${skip ?? ''}`, () => {
    expect(validated.length).toBeGreaterThan(0);
    const out = execFileSync(path.join(sharedDir, 'tools/validate-pptx'), validated, { encoding: 'utf8' });
    expect(out.trim().split('\n').every((l) => /: valid \(\d+ parts\)$/.test(l))).toBe(true);
  });
});
