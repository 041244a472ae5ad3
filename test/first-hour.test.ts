/**
 * Issue 15: the mistakes of a new user's first hour, each made on the starter briefing of
 * `brief init`. Every mistake gets exactly the diagnostics listed (count, file, line, hint), never
 * a follow-on error or a silent change of meaning.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { TextShape } from '../src/deck/types.js';
import { starterBriefing } from '../src/commands/init/starter.js';
import { innerSize, layoutParagraph } from '../src/layout/measure.js';
import { metricFace } from '../src/layout/font-metrics.js';
import { findFontFile, fontClass, fontSource } from '../src/layout/font-source.js';
import { makeBriefing } from './helpers/briefing.js';
import { readPptxParts } from './helpers/unzip.js';

type Files = Record<string, string>;

function starter(change: (files: Files) => void = () => {}): string {
  const files: Files = { ...starterBriefing('2026-01-12') };
  change(files);
  return makeBriefing(files);
}

/** Diagnostics of `brief check` on the folder, as `file:line: severity: message` and hint. */
async function check(dir: string, sub = '.') {
  const r = await build({ dir: sub, cwd: dir, write: false });
  return r.diagnostics.map((d) => ({ where: `${d.at?.file}:${d.at?.line ?? ''}`, severity: d.severity, message: d.message, hint: d.hint }));
}

const edit = (file: string, from: string | RegExp, to: string) => (f: Files) => {
  const before = f[file]!;
  f[file] = before.replace(from, to);
  if (f[file] === before) throw new Error(`edit of ${file} changed nothing`);
};

describe('root causes only: one mistake, one error', () => {
  it('an unquoted 1,470.2 in a CSV: one error at the number, naming the fix', async () => {
    const dir = starter(edit('data/sales.csv', 'Q4,168,117', 'Q4,1,470.2,117'));
    expect(await check(dir)).toEqual([
      {
        where: 'data/sales.csv:5',
        severity: 'error',
        message: 'this row has 4 values but the header has 3 columns',
        hint: '1,470.2 reads as 2 values: a number with a thousands comma must be in double quotes, "1,470.2", or written without the comma, 1470.2',
      },
    ]);
  });

  it('a missing data file: one error, no "unknown dataset" for its {{ }} and chart', async () => {
    const dir = starter((f) => delete f['data/sales.csv']);
    expect(await check(dir)).toEqual([
      { where: 'deck.yaml:12', severity: 'error', message: 'data file "data/sales.csv" for dataset "sales" not found', hint: 'put the file at data/sales.csv or fix the path in deck.yaml' },
    ]);
  });

  it('no overflow warning for a long title that still holds an unexpanded {{ }}', async () => {
    const dir = starter((f) => {
      delete f['data/sales.csv'];
      f['01-overview.md'] += `\n## Revenue ${'{{ sales.revenue | change Q1 Q4 | format "0%" }} '.repeat(6)}\n\n- x\n`;
    });
    expect((await check(dir)).map((d) => d.severity)).toEqual(['error']);
  });

  it('a reference to a dataset that is not declared is still an error', async () => {
    const dir = starter(edit('01-overview.md', '{{ sales.revenue[Q4] }}', '{{ sale.revenue[Q4] }}'));
    const d = await check(dir);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ where: '01-overview.md:26', message: '{{ sale.revenue[Q4] }}: unknown dataset "sale"' });
  });
});

describe('no silent change of meaning', () => {
  const fiveCards = '## Five areas\n\n### One\n\n### Two\n\n### Three\n\n### Four\n\n### Five\n';

  it('five ### without {.cards}: an error at the fifth', async () => {
    const dir = starter((f) => (f['03-more.md'] = fiveCards));
    expect(await check(dir)).toEqual([
      {
        where: '03-more.md:11',
        severity: 'error',
        message: '5 `###` sub-headings on one slide: cards hold at most 4',
        hint: 'split them over two `##` slides of at most 4 cards each, or write {.bullets} on the `##` heading to show them as headed bullets',
      },
    ]);
  });

  it('five ### under {.bullets}: headed bullets, as asked', async () => {
    const dir = starter((f) => (f['03-more.md'] = fiveCards.replace('## Five areas', '## Five areas {.bullets}')));
    expect(await check(dir)).toEqual([]);
  });

  it('two layout classes conflict; an unknown class and an unused key are warned about', async () => {
    const dir = starter((f) => (f['03-more.md'] = '## A table {.table .cards}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## Wide {.table .wide}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## Cards\n\n### One {.big icon=leaf}\n\nA.\n\n### Two\n\nB.\n\n## Plain {icon=leaf}\n\n- x\n'));
    expect(await check(dir)).toEqual([
      { where: '03-more.md:1', severity: 'error', message: 'conflicting layout classes .table and .cards: a slide has one layout', hint: 'keep one of them, e.g. {.table}; to show two things side by side use ::: columns' },
      { where: '03-more.md:7', severity: 'warning', message: 'unknown slide class ".wide" is ignored', hint: 'known classes: .bullets .cards .figures .quote .chart .table .columns .picture .closing' },
      { where: '03-more.md:15', severity: 'warning', message: 'class ".big" on a `###` sub-heading is not used', hint: 'remove it' },
      { where: '03-more.md:23', severity: 'warning', message: '"icon=" on a slide heading is not used', hint: 'icons go on the `###` headings of cards: ### Title {icon=leaf}' },
    ]);
  });

  const years = (rows: number[]) => `year,value\n${rows.map((y) => `${y},${y - 2000}`).join('\n')}\n`;
  const chartOf = (extra = '') => `## Newest first\n\n\`\`\`chart\ntype: column\ndata: t\ny: value\n${extra}\`\`\`\n`;
  const withYears = (rows: number[], extra = '') => (f: Files) => {
    f['deck.yaml'] += '  t: data/t.csv\n';
    f['data/t.csv'] = years(rows);
    f['03-chart.md'] = chartOf(extra);
  };

  async function chartCategories(dir: string): Promise<string[]> {
    const out = path.join(dir, 'out.pptx');
    const r = await build({ dir: '.', cwd: dir, output: out });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    const parts = readPptxParts(out);
    // the chart of the new slide is the one whose categories are the t.csv years
    const charts = [...parts.entries()].filter(([n]) => /^ppt\/charts\/chart\d+\.xml$/.test(n)).map(([, xml]) => xml);
    const chart = charts.find((xml) => xml.includes('<c:v>2015</c:v>'))!;
    const cat = /<c:cat>([\s\S]*?)<\/c:cat>/.exec(chart)![1]!;
    return [...cat.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1]!);
  }

  it('years newest first are drawn oldest to newest, with a warning naming the file (chart XML)', async () => {
    const dir = starter(withYears([2024, 2020, 2015]));
    expect(await check(dir)).toEqual([
      { where: '03-chart.md:5', severity: 'warning', message: 'data/t.csv is not in time order (its first "year" is 2024): the chart draws "year" from oldest to newest', hint: 'sort the file oldest first, or add `sort: file` to the chart to keep the order of the file' },
    ]);
    expect(await chartCategories(dir)).toEqual(['2015', '2020', '2024']);
  });

  it('`sort: file` keeps the order of the file, without a warning', async () => {
    const dir = starter(withYears([2024, 2020, 2015], 'sort: file\n'));
    expect(await check(dir)).toEqual([]);
    expect(await chartCategories(dir)).toEqual(['2024', '2020', '2015']);
  });
});

describe('every message at the right line, with the fix', () => {
  it('template not found: at the template: line', async () => {
    const dir = starter(edit('deck.yaml', 'template: default', 'template: defualt'));
    const d = await check(dir);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ where: 'deck.yaml:8', message: 'template "defualt" not found' });
    expect(d[0]!.hint).toMatch(/^did you mean "default"\?/);
  });

  it('a bad derive expression: at the expression, at the unknown name', async () => {
    const dir = starter(edit('deck.yaml', '    units: US$ m\n', '    units: US$ m\n    derive:\n      margin: revenue - cost\n'));
    const r = await build({ dir: '.', cwd: dir, write: false });
    expect(r.diagnostics).toEqual([
      {
        severity: 'error',
        message: 'derived column "margin": unknown column "cost" (character 11 of "revenue - cost")',
        at: { file: 'deck.yaml', line: 16, column: 25 },
        hint: 'did you mean "costs"? the columns of sales are "quarter", "revenue", "costs"',
      },
    ]);
  });

  it('`format: #,##0` in a chart: says that # starts a comment, and how to quote it', async () => {
    const dir = starter(edit('02-the-numbers.md', "format: '#,##0'", 'format: #,##0'));
    expect(await check(dir)).toEqual([
      { where: '02-the-numbers.md:12', severity: 'error', message: '"format" is empty: in YAML `#` starts a comment, so #,##0 was read as one', hint: "put the value in quotes: format: '#,##0'" },
    ]);
  });

  it('`: ` inside a chart label: says why, and how to quote it', async () => {
    const dir = starter(edit('02-the-numbers.md', '{ column: revenue, label: Revenue }', '{ column: revenue, label: Tariff: applied rate (%) }'));
    expect(await check(dir)).toEqual([
      { where: '02-the-numbers.md:10', severity: 'error', message: 'malformed chart YAML: the value of "label" contains ": ", which YAML reads as the start of another key', hint: "put the whole value in quotes: label: 'Tariff: applied rate (%)'" },
    ]);
  });

  it('`: ` and `#` in deck.yaml', async () => {
    const colon = starter(edit('deck.yaml', 'author: Your name', 'author: Desk: Trade and economy'));
    expect(await check(colon)).toEqual([
      { where: 'deck.yaml:5', severity: 'error', message: 'malformed YAML: the value of "author" contains ": ", which YAML reads as the start of another key', hint: "put the whole value in quotes: author: 'Desk: Trade and economy'" },
    ]);
    const hash = starter(edit('deck.yaml', 'author: Your name', 'author: #1 desk'));
    expect(await check(hash)).toEqual([
      { where: 'deck.yaml:5', severity: 'error', message: '"author" is empty: in YAML `#` starts a comment, so #1 desk was read as one', hint: "put the value in quotes: author: '#1 desk'" },
    ]);
  });

  it('a column of percentages written as text: one error at the CSV column, with the fix', async () => {
    const dir = starter((f) => (f['data/sales.csv'] = 'quarter,revenue,costs\nQ1,12%,95\nQ2,13.5%,101\nQ3,15%,108\nQ4,16%,117\n'));
    expect(await check(dir)).toEqual([
      {
        where: 'data/sales.csv:1',
        severity: 'error',
        message: 'column "revenue" holds percentages written as text ("12%", "13.5%", …), which cannot be charted or computed',
        hint: 'write the numbers without "%": as fractions (12% → 0.12) shown with a percent format such as format: \'0.0%\', or as plain numbers (12) in a column named e.g. revenue_pct',
      },
    ]);
  });

  it('deck.yaml given for the briefing folder: builds its folder and says so', async () => {
    const dir = makeBriefing({});
    const brief = path.join(dir, 'my-brief');
    mkdirSync(brief);
    for (const [name, text] of Object.entries(starterBriefing('2026-01-12'))) {
      mkdirSync(path.dirname(path.join(brief, name)), { recursive: true });
      writeFileSync(path.join(brief, name), text);
    }
    expect(await check(dir, 'my-brief/deck.yaml')).toEqual([
      { where: 'my-brief/deck.yaml:', severity: 'warning', message: '"my-brief/deck.yaml" is a file: building the briefing folder "my-brief" it is in', hint: 'name the folder itself: `brief check my-brief`' },
    ]);
    writeFileSync(path.join(dir, 'notes.txt'), 'x');
    expect(await check(dir, 'notes.txt')).toEqual([
      { where: 'notes.txt:', severity: 'error', message: '"notes.txt" is a file, not a briefing folder', hint: 'name the folder that holds deck.yaml and the Markdown sections: `brief build path/to/briefing`' },
    ]);
  });
});

describe('figures never break inside a number', () => {
  const figures = (items: string[]) => (f: Files) => (f['03-figs.md'] = `## Trade in four numbers {.figures}\n\n${items.map((i) => `- ${i}`).join('\n')}\n`);

  it('four tiles with +172.2% and 1,401.0 shrink until every figure is on one line (Deck model and XML)', async () => {
    const dir = starter(figures(['**+172.2%** growth of exports since 2015', '**1,401.0** companies in the delegation', '**−12.5%** change of imports in 2023', '**$1,470.2bn** total trade over the decade']));
    const out = path.join(dir, 'out.pptx');
    const r = await build({ dir: '.', cwd: dir, output: out });
    expect(r.diagnostics.map((d) => [d.at?.file, d.at?.line, d.message, d.hint])).toEqual([
      ['03-figs.md', 1, 'key-figure numbers on slide "Trade in four numbers" shrunk from 54 pt to 33.5 pt to fit', 'shorter figures keep the template size: round them or move their units into the label (e.g. "$1,470bn" for "$1,470.2bn")'],
    ]);
    const slide = r.deck!.slides.find((s) => s.title === 'Trade in four numbers')!;
    const tiles = slide.shapes.filter((s): s is TextShape => s.kind === 'text' && s.role === 'figure');
    expect(tiles.map((t) => t.paragraphs.map((p) => p.runs.map((x) => x.text).join('')))).toEqual([['+172.2%'], ['1,401.0'], ['−12.5%'], ['$1,470.2bn']]);
    for (const t of tiles) expect(layoutParagraph(t.paragraphs[0]!, t.style, t.style.fontSize, innerSize(t).w).lines).toHaveLength(1);
    // in the XML: each figure one run, unbroken, at the shrunk size
    const xml = [...readPptxParts(out).entries()].find(([n, x]) => /^ppt\/slides\/slide\d+\.xml$/.test(n) && x.includes('+172.2%'))![1];
    for (const figure of ['+172.2%', '1,401.0', '$1,470.2bn']) expect(xml).toMatch(new RegExp(`<a:rPr[^>]*sz="3350"[^>]*>(?:(?!</a:r>).)*<a:t>${figure.replace(/[$+.]/g, '\\$&')}</a:t>`));
  });

  it('a figure wider than its tile even at the minimum: one warning about the number, none about words', async () => {
    const dir = starter(figures(['**+1,234,567,890,123,456.78%** growth', '**1,401.0** companies', '**12** documents', '**7** days']));
    const r = await build({ dir: '.', cwd: dir, write: false });
    expect(r.diagnostics.filter((d) => d.at?.line === 3).map((d) => [d.message, d.hint])).toEqual([
      ['the figure "+1,234,567,890,123,456.78%" is wider than its tile even at 14 pt (the template\'s minimum) and breaks across lines', 'round it or move its unit into the label (e.g. "+1,234,567,890,123,456%" for "+1,234,567,890,123,456.78%"), or show fewer figures on the slide'],
    ]);
  });
});

describe('fonts measured as they are', () => {
  const withFonts = (heading: string, body: string) => (f: Files) => {
    f['deck.yaml'] = f['deck.yaml']!.replace('template: default', 'template: house');
    f['templates/house/template.json'] = `{\n  "name": "house",\n  "extends": "default",\n  "fonts": {\n    "heading": "${heading}",\n    "body": "${body}"\n  }\n}\n`;
  };
  const has = (family: string) => findFontFile(family, false, false) !== undefined;

  it.skipIf(has('Georgia'))('a font this machine lacks: one warning at the template\'s font entry, naming the font and its stand-in', async () => {
    const dir = starter(withFonts('Georgia', 'Calibri'));
    const twin = has('Liberation Serif') ? 'Liberation Serif (the widths of Times New Roman)' : 'Liberation Sans (the widths of Arial)';
    expect(await check(dir)).toEqual([
      {
        where: 'templates/house/template.json:5',
        severity: 'warning',
        message: `template font "Georgia" is not on this machine and brief has no metric twin for it: its text is measured with ${twin}, the stand-in for serif fonts`,
        hint: 'where "Georgia" is wider, text may not fit; install the font (brief finds it through fontconfig), or name one brief measures exactly: Calibri, Arial, or a font this machine has',
      },
    ]);
    expect(fontClass('Georgia')).toBe('serif');
    expect(fontClass('Segoe UI')).toBe('sans');
    expect(fontClass('Consolas')).toBe('mono');
    expect(fontClass('Arial Narrow')).toBe('condensed');
  });

  it.skipIf(!has('DejaVu Serif'))('a font this machine has is measured from its own file, without a warning', async () => {
    const dir = starter(withFonts('DejaVu Serif', 'Calibri'));
    // no word about the font (a title set in the wider face may shrink, which is said as usual)
    expect((await check(dir)).filter((d) => d.message.includes('font'))).toEqual([]);
    const source = fontSource('DejaVu Serif', true, false);
    expect(source.kind).toBe('file');
    // the measured width is the file's own advance widths, not Liberation Sans's
    const file = (source as { file: { file: string } }).file.file;
    const font = fontkit.create(readFileSync(file)) as fontkit.Font;
    const text = 'Trade in four numbers';
    const em = [...text].reduce((sum, ch) => sum + font.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth / font.unitsPerEm, 0);
    const face = metricFace('DejaVu Serif', true, false);
    expect([...text].reduce((sum, ch) => sum + face.advanceEm(ch.codePointAt(0)!)!, 0)).toBeCloseTo(em, 6);
    expect(em).not.toBeCloseTo([...text].reduce((sum, ch) => sum + metricFace('Arial', true, false).advanceEm(ch.codePointAt(0)!)!, 0), 2);
  });
});

describe('numbers in prose use the true minus, as tables and charts do', () => {
  it('a negative value, change, difference and formatted value in a sentence', async () => {
    const dir = starter((f) => {
      f['data/sales.csv'] = 'quarter,revenue,costs\nQ1,120,95\nQ2,134,101\nQ3,-15,108\nQ4,100,117\n';
      f['03-minus.md'] = '## Margins\n\n- Q3: {{ sales.revenue[Q3] }}; Q1 to Q4 {{ sales.revenue | change Q1 Q4 }}, {{ sales.revenue | diff Q1 Q4 }}\n- {{ sales.revenue[Q3] | format \'"$"#,##0.0\' }} and {{ sales.revenue[Q3] | abs }}\n';
    });
    const r = await build({ dir: '.', cwd: dir, write: false });
    expect(r.diagnostics).toEqual([]);
    const slide = r.deck!.slides.find((s) => s.title === 'Margins')!;
    const text = slide.shapes.flatMap((s) => (s.kind === 'text' && s.role !== 'title' ? s.paragraphs.map((p) => p.runs.map((x) => x.text).join('')) : []));
    expect(text.slice(0, 2)).toEqual(['Q3: \u221215; Q1 to Q4 \u221216.7%, \u221220', '\u2212$15.0 and 15']);
  });
});
