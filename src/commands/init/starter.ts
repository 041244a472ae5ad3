/**
 * `brief init <dir>`: a new briefing folder that builds at once and shows each feature once (a
 * section, cards, bullets with a number from the data, a chart, speaker notes), so a user learns
 * the format by editing it rather than reading about it.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Diagnostic, error } from '../../diagnostics.js';

/** The starter briefing, file name → content. Pure: the date is passed in. */
export function starterBriefing(date: string): Record<string, string> {
  return {
    'deck.yaml': `# The manifest. Every key is described in the README ("Content format").
title: Quarterly briefing
subtitle: A starting point — edit the Markdown and the data, then run brief watch
date: ${date}
author: Your name
organization: Your team
classification: Draft — for discussion
template: default
lang: en
data:
  sales:
    file: data/sales.csv
    source: Example figures — replace them with your own
    units: US$ m
`,
    '01-overview.md': `# Overview

Where we stand and what comes next

## Three things to know

### Growth

Revenue rose in every quarter of the year.

### Costs

Costs grew more slowly than revenue.

### Next steps

Decide the budget for the coming year.

::: notes
Speaker notes go in a notes block like this one. They appear in PowerPoint's notes pane and in the
HTML preview when you press n.
:::

## The year at a glance

- Revenue reached US\${{ sales.revenue[Q4] }}m in the fourth quarter
- Up {{ sales.revenue | change Q1 Q4 | format "0%" }} from the first quarter
- Costs stayed below revenue all year
- Each ## heading starts a new slide; each # heading a section

::: notes
The figures in these bullets come from data/sales.csv, like the chart on the next slide.
Change a number there and both follow.
:::
`,
    '02-the-numbers.md': `# The numbers

## Revenue grew faster than costs

\`\`\`chart
type: column
data: sales
x: quarter
series:
  - { column: revenue, label: Revenue }
  - { column: costs, label: Costs }
format: '#,##0'
labels: true
yTitle: US$ m
\`\`\`

- Revenue: US\${{ sales.revenue[Q1] }}m → US\${{ sales.revenue[Q4] }}m
- Costs: US\${{ sales.costs[Q1] }}m → US\${{ sales.costs[Q4] }}m

::: notes
The chart block names a dataset from deck.yaml and its columns; see docs/charts.md for every option.
:::
`,
    'data/sales.csv': `quarter,revenue,costs
Q1,120,95
Q2,134,101
Q3,151,108
Q4,168,117
`,
  };
}

export interface InitResult {
  diagnostics: Diagnostic[];
  /** The files written, relative to the new folder. */
  files: string[];
}

/** Writes the starter briefing into `dir`, which must be missing or empty: nothing is ever overwritten. */
export function initBriefing(dir: string, shown: string, date = new Date().toISOString().slice(0, 10)): InitResult {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) {
      return { diagnostics: [error(`"${shown}" exists and is not a folder`, { file: shown }, 'choose a new folder name: `brief init my-briefing`')], files: [] };
    }
    const entries = readdirSync(dir);
    if (entries.length > 0) {
      return {
        diagnostics: [error(`"${shown}" is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}); brief init writes only into a new or empty folder`, { file: shown }, 'choose a new folder name, or empty this one first')],
        files: [],
      };
    }
  }
  const files = starterBriefing(date);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    // 'wx': fail rather than overwrite, should something appear in the folder meanwhile
    writeFileSync(file, content, { flag: 'wx' });
  }
  return { diagnostics: [], files: Object.keys(files) };
}
