/**
 * `brief init <dir>`: a new briefing folder that builds at once and shows each feature once (a
 * section, cards, bullets with a number from the data, a chart, a chart shaped from a long table,
 * speaker notes), so a user learns the format by editing it rather than reading about it.
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
  # A long table, as statistics portals export it: one row per year and flow. The chart on
  # "Trade with China" shapes it with transform: (see README, "Shaping data").
  trade:
    file: data/korea-china-trade-long.csv
    source: MOTIE; KITA; Statistics Korea (via Yonhap)
    units: US$ bn
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

## Trade with China: exports and imports since 2019

\`\`\`chart
type: column
data: trade
transform:
  - filter: year >= 2019
  - pivot: { index: year, columns: flow, values: value_usd_bn }
series:
  - { column: exports, label: Exports to China }
  - { column: imports, label: Imports from China }
format: '#,##0'
yTitle: US$ bn
\`\`\`

::: notes
data/korea-china-trade-long.csv has one row per year and flow. The chart keeps the years from 2019
(filter) and turns the flows into two series (pivot). The same steps can make a dataset in deck.yaml.
:::
`,
    // Korea–China merchandise trade, the sample briefing's series reshaped to one row per year and flow.
    'data/korea-china-trade-long.csv': `year,flow,value_usd_bn
2015,exports,137.1
2015,imports,90.3
2016,exports,124.4
2016,imports,87.0
2017,exports,142.1
2017,imports,97.9
2018,exports,162.1
2018,imports,106.5
2019,exports,136.2
2019,imports,107.2
2020,exports,132.6
2020,imports,108.9
2021,exports,162.9
2021,imports,138.6
2022,exports,155.8
2022,imports,154.6
2023,exports,124.8
2023,imports,142.8
2024,exports,133.0
2024,imports,139.9
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
