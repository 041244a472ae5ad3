#!/usr/bin/env node
// docs/troubleshooting.md: the ten commonest mistakes of a new briefing and what brief says about
// each. Every message is produced by a real run (the briefing `brief init` writes, with the one
// mistake made, checked with the CLI), never typed by hand; test/troubleshooting.test.ts fails
// when the page is stale. Needs dist/ (npm run build). `node scripts/troubleshooting.mjs` rewrites
// the page, `--check` exits 1 when it is stale; then `node scripts/readme.mjs` updates README.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PAGE = path.join(root, 'docs/troubleshooting.md');

const replace = (file, from, to) => (files) => {
  if (!files[file].includes(from)) throw new Error(`troubleshooting: "${from}" is not in ${file} of the starter briefing`);
  files[file] = files[file].replace(from, to);
};

/** Each mistake: what the user did, shown as the line they wrote, and the change made to the starter briefing. */
export const MISTAKES = [
  {
    title: 'A number with a thousands comma in a CSV file',
    wrote: ['data/sales.csv', 'Q4,1,470.2,117'],
    change: replace('data/sales.csv', 'Q4,168,117', 'Q4,1,470.2,117'),
  },
  {
    title: 'Percentages written with `%` in a CSV column',
    wrote: ['data/sales.csv', 'Q1,12%,95'],
    change: (f) => (f['data/sales.csv'] = 'quarter,revenue,costs\nQ1,12%,95\nQ2,13.5%,101\nQ3,15%,108\nQ4,16%,117\n'),
  },
  {
    title: 'A data file that is not where deck.yaml says',
    wrote: ['deck.yaml', 'file: data/sale.csv'],
    change: replace('deck.yaml', 'file: data/sales.csv', 'file: data/sale.csv'),
  },
  {
    title: 'A misspelt template name',
    wrote: ['deck.yaml', 'template: defualt'],
    change: replace('deck.yaml', 'template: default', 'template: defualt'),
  },
  {
    title: 'A value containing `: ` without quotes',
    wrote: ['02-the-numbers.md', '- { column: revenue, label: Revenue: all products }'],
    change: replace('02-the-numbers.md', 'label: Revenue }', 'label: Revenue: all products }'),
  },
  {
    title: 'A number format starting with `#` without quotes',
    wrote: ['02-the-numbers.md', 'format: #,##0'],
    change: replace('02-the-numbers.md', "format: '#,##0'", 'format: #,##0'),
  },
  {
    title: 'A misspelt column in a `{{ }}` reference',
    wrote: ['01-overview.md', '{{ sales.revenu[Q4] }}'],
    change: replace('01-overview.md', '{{ sales.revenue[Q4] }}', '{{ sales.revenu[Q4] }}'),
  },
  {
    title: 'Five `###` cards on one slide',
    wrote: ['03-areas.md', '## Five areas\n\n### Growth\n### Costs\n### Hiring\n### Risks\n### Outlook'],
    change: (f) => (f['03-areas.md'] = '## Five areas\n\n### Growth\n\n### Costs\n\n### Hiring\n\n### Risks\n\n### Outlook\n'),
  },
  {
    title: 'A PDF name given to `-o`',
    command: ['build', 'my-brief', '-o', 'deck.pdf'],
  },
  {
    title: 'deck.yaml given where the briefing folder is expected',
    command: ['check', 'my-brief/deck.yaml'],
  },
];

/** What `brief` prints for one mistake, run on a fresh copy of the starter briefing in `my-brief/`. */
export function runMistake(mistake, date = '2026-01-12') {
  return import(pathToFileURL(path.join(root, 'dist/commands/init/starter.js')).href).then(({ starterBriefing }) => {
    const files = starterBriefing(date);
    mistake.change?.(files);
    const parent = mkdtempSync(path.join(tmpdir(), 'brief-mistake-'));
    try {
      for (const [name, text] of Object.entries(files)) {
        const file = path.join(parent, 'my-brief', name);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, text);
      }
      const args = mistake.command ?? ['check', 'my-brief'];
      const r = spawnSync(process.execPath, [path.join(root, 'bin/brief.js'), ...args], { cwd: parent, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      const lines = r.stderr.trimEnd().split('\n');
      // the last line sums up ("check failed (1 error) …"); the page shows the diagnostics alone
      const shown = lines.filter((l) => !/^(check|build) failed|^checked \d+ slides|^built \d+ slides|^\(run `brief --help`/.test(l));
      return { command: `brief ${args.join(' ')}`, output: shown.join('\n'), code: r.status };
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
}

export async function renderPage() {
  const parts = [
    '# Troubleshooting: the ten commonest mistakes',
    '',
    'Each message below is what brief prints for the mistake, made on the briefing `brief init` writes',
    '(in a folder `my-brief/`). Every mistake gets one message, at the file and line where it was made,',
    'with the fix in its `hint:` line; what depends on the mistake (the chart and the `{{ }}` that read a',
    'broken CSV, say) is skipped without further messages until it is fixed. `brief check` lists them all',
    'without writing anything.',
  ];
  for (const [i, m] of MISTAKES.entries()) {
    const run = await runMistake(m);
    parts.push('', `## ${i + 1}. ${m.title}`, '');
    if (m.wrote) parts.push(`In \`${m.wrote[0]}\`:`, '', '```', m.wrote[1], '```', '');
    parts.push(`\`${run.command}\` (exit ${run.code}):`, '', '```', run.output, '```');
  }
  return parts.join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const next = await renderPage();
  if (process.argv.includes('--check')) {
    if (readFileSync(PAGE, 'utf8') !== next) {
      console.error('docs/troubleshooting.md is stale: run node scripts/troubleshooting.mjs, then node scripts/readme.mjs');
      process.exit(1);
    }
  } else writeFileSync(PAGE, next);
}
