#!/usr/bin/env node
// npm run bench — measures brief against its floor (pptxgenjs alone writing the same slides, in a
// fresh process: what any tool on pptxgenjs pays) and against pandoc, on this machine.
// Cold builds (a fresh process each run), median wall time of several runs, peak RSS from
// /usr/bin/time when present (else from the child's own resource usage, reported by a wrapper).
// Not a test: numbers depend on the machine; the README keeps the latest table.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync, readFileSync, cpSync, statSync, rmSync, realpathSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/brief.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? '100,500,1000').split(',').map(Number);
const work = mkdtempSync(path.join(tmpdir(), 'brief-bench-'));

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}
const gnuTime = existsSync('/usr/bin/time');
const pandoc = has('pandoc');

/** Runs a command once; returns wall seconds and peak RSS in MB. */
function measure(cmd, args, cwd, env = process.env) {
  const started = process.hrtime.bigint();
  const r = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '__RSS__%M', cmd, ...args], { cwd, env, encoding: 'utf8' })
    : spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  const rss = gnuTime ? Number(/__RSS__(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024 : NaN;
  return { seconds, rss };
}

const fmt = (s) => (s === undefined ? '—' : `${s.toFixed(3)} s`);
const mb = (x) => (Number.isFinite(x) ? `${Math.round(x)} MB` : '—');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function bench(label, cmd, args, cwd) {
  measure(cmd, args, cwd); // warm the OS file cache once; every measured run is still a new process
  const runs = Array.from({ length: RUNS }, () => measure(cmd, args, cwd));
  return { label, seconds: median(runs.map((r) => r.seconds)), rss: Math.max(...runs.map((r) => r.rss)) };
}

/**
 * Two commands in turn, A B A B …: on a machine shared with other work, the ratio of each pair
 * holds when the machine's speed drifts, where two separate medians would not. Each side is
 * `{ cmd, args, cwd, env?, before? }`; `before` runs ahead of each of its runs, untimed.
 */
function paired(a, b) {
  const once = (x) => {
    x.before?.();
    return measure(x.cmd, x.args, x.cwd, x.env);
  };
  once(a);
  once(b);
  const runs = Array.from({ length: RUNS }, () => [once(a), once(b)]);
  const side = (i) => ({ seconds: median(runs.map((r) => r[i].seconds)), rss: Math.max(...runs.map((r) => r[i].rss)) });
  return { a: side(0), b: side(1), ratio: median(runs.map(([x, y]) => x.seconds / y.seconds)) };
}

const CSV = 'year,exports,imports\n' + Array.from({ length: 10 }, (_, i) => `${2015 + i},${(130 + ((i * 7) % 30)).toFixed(1)},${(90 + i * 5).toFixed(1)}`).join('\n') + '\n';

/** A synthetic briefing of n slides: bullets, a chart every 10 slides, cards every 10 (offset 5). */
function synthetic(n) {
  const dir = path.join(work, `synthetic-${n}`);
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  writeFileSync(path.join(dir, 'deck.yaml'), `title: Synthetic ${n}\nclassification: Benchmark\ndata:\n  trade: { file: data/trade.csv, source: Synthetic }\n`);
  writeFileSync(path.join(dir, 'data/trade.csv'), CSV);
  const md = [];
  const pandocMd = [`---\ntitle: Synthetic ${n}\n---\n`];
  // Title and agenda slides are added by brief; sections are every 50 slides.
  let slides = 2;
  for (let i = 0; slides < n; i++) {
    if (i % 50 === 0) {
      md.push(`# Part ${i / 50 + 1}\n\nA section divider\n`);
      pandocMd.push(`# Part ${i / 50 + 1}\n\nA section divider\n`);
      slides++;
      continue;
    }
    if (i % 10 === 0) {
      md.push(`## Chart ${i}\n\n\`\`\`chart\ntype: column\ndata: trade\ny: [exports, imports]\n\`\`\`\n`);
      pandocMd.push(`## Chart ${i}\n\n| year | exports | imports |\n|---|---|---|\n${CSV.trim().split('\n').slice(1).map((r) => `| ${r.split(',').join(' | ')} |`).join('\n')}\n`);
    } else if (i % 10 === 5) {
      const cards = ['Silver economy', 'Green industries', 'Digital transformation'].map((t) => `### ${t}\n\n- first point about ${t.toLowerCase()}\n- second point\n`).join('\n');
      md.push(`## Cards ${i} {.cards}\n\n${cards}`);
      pandocMd.push(`## Cards ${i}\n\n${cards}`);
    } else {
      const bullets = `- Bullet one of slide ${i} with **bold** and *italic* text\n- Bullet two, a little longer, to wrap on narrow layouts maybe\n  - A second-level point\n- Bullet three with a [link](https://example.org)\n`;
      md.push(`## Slide ${i}\n\n${bullets}\n::: notes\nNotes for slide ${i}.\n:::\n`);
      pandocMd.push(`## Slide ${i}\n\n${bullets}\n::: notes\nNotes for slide ${i}.\n:::\n`);
    }
    slides++;
  }
  writeFileSync(path.join(dir, '01-body.md'), md.join('\n'));
  // Outside the briefing folder: brief would read it as one more section.
  writeFileSync(`${dir}.pandoc.md`, pandocMd.join('\n'));
  return dir;
}

/** The sample as pandoc Markdown: the same text, charts as their data tables. */
function samplePandoc(dir) {
  const files = ['01-the-visit.md', '02-economy-and-technology.md', '03-strategic-autonomy.md', '04-takeaways.md'].filter((f) => existsSync(path.join(dir, f)));
  const text = files
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n\n')
    .replace(/```chart[\s\S]*?```/g, '| year | value |\n|---|---|\n| 2015 | 227.4 |\n| 2024 | 272.9 |')
    .replace(/\{\{[^}]*\}\}/g, '1.0');
  // Outside the briefing folder: brief would read it as one more section.
  const out = `${dir}.pandoc.md`;
  writeFileSync(out, `---\ntitle: Sample\n---\n\n${text}`);
  return out;
}

/**
 * A long-format export (one row per year × partner × product × flow, 6 columns; synthetic, seeded
 * numbers, not real trade) shaped in deck.yaml by filter / group / sort / top / pivot into two
 * charts, at `n` rows. The same briefing at 1,000 and 100,000 rows: target ≤ 2× the time, < 250 MB.
 */
function longBriefing(n) {
  const dir = path.join(work, `long-${n}`);
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  const partners = ['China', 'Hong Kong', 'Taiwan', 'Japan', 'Vietnam'];
  const products = ['Semiconductors', 'Petroleum products', 'Displays', 'Cyclic hydrocarbons', 'Batteries', 'Polymers of ethylene', 'Vehicle parts', 'Optical devices', 'Flat-rolled steel', 'Inorganic acids', 'Computers', 'Garments'];
  let seed = 12;
  const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
  const lines = ['year,flow,hs,product,partner,value_usd_m'];
  for (let i = 0; i < n; i++) {
    const p = Math.floor(i / 50) % 12;
    lines.push(`${2015 + (i % 10)},${Math.floor(i / 600) % 2 ? 'import' : 'export'},${8500 + p},${products[p]},${partners[Math.floor(i / 10) % 5]},${Math.round(rnd() * 50000) / 10}`);
  }
  writeFileSync(path.join(dir, 'data/long.csv'), lines.join('\n') + '\n');
  writeFileSync(
    path.join(dir, 'deck.yaml'),
    `title: Long data ${n}\ndata:\n  products: { file: data/long.csv, source: Synthetic }\n  top_exports:\n    from: products\n    transform:\n      - filter: flow == "export" and year >= 2020\n      - group: { by: [product], sum: [value_usd_m] }\n      - sort: { by: value_usd_m, order: desc }\n      - top: { n: 5, others: Other products }\n  by_flow:\n    from: products\n    transform:\n      - group: { by: [year, flow], sum: [value_usd_m] }\n      - pivot: { index: year, columns: flow, values: value_usd_m }\n`,
  );
  writeFileSync(path.join(dir, '01.md'), '## Top exports\n\n```chart\ntype: bar\ndata: top_exports\ny: value_usd_m\n```\n\n## By flow\n\n```chart\ntype: line\ndata: by_flow\ny: [export, import]\n```\n');
  return dir;
}

const longReport = () => {
  const [, large] = longRows;
  console.log('\n| Long-format CSV (6 columns; filter, group, sort, top, pivot; two charts) | brief (median) | peak RSS |');
  console.log('|---|---|---|');
  for (const r of longRows) console.log(`| ${r.n.toLocaleString('en')} rows | ${fmt(r.seconds)} | ${mb(r.rss)} |`);
  console.log(`\n100,000 rows ÷ 1,000 rows (median of paired runs): ${longRatio.toFixed(2)}× (target ≤ 2×); peak ${mb(large.rss)} (target < 250 MB)`);
};

const rows = [];

/**
 * The floor for a deck: a fresh process that loads pptxgenjs and brief's translation of the Deck
 * into pptxgenjs calls (render/pptx/render.ts, nothing else of brief), and writes the deck as
 * pptxgenjs' write() gives it (stored, not deflated). The Deck is laid out beforehand. What brief
 * adds to it: reading and checking the briefing, laying it out, and the fix-up pass.
 */
const floorEntry = path.join(work, 'pptxgenjs-floor.mjs');
writeFileSync(
  floorEntry,
  `import { readFileSync, writeFileSync } from 'node:fs';
import { deckToPptxGen } from ${JSON.stringify(path.join(root, 'src/render/pptx/render.ts'))};
const deck = JSON.parse(readFileSync(process.argv[2], 'utf8'));
deckToPptxGen(deck).write({ outputType: 'nodebuffer' }).then((bytes) => writeFileSync(process.argv[3], bytes));
`,
);
// Bundled like brief's own CLI, so both pay the same for loading code. It lives inside the
// project so that its external modules (resvg, fontkit) resolve from node_modules as the CLI's do.
const floorDir = path.join(root, 'node_modules/.cache/brief-bench');
mkdirSync(floorDir, { recursive: true });
const floorScript = path.join(floorDir, 'pptxgenjs-floor.cjs');
const { build: esbuild } = await import('esbuild');
await esbuild({ entryPoints: [floorEntry], outfile: floorScript, bundle: true, format: 'cjs', platform: 'node', target: 'node20', external: ['@resvg/resvg-js', 'fontkit'], define: { 'import.meta.url': '__url' }, banner: { js: 'const __url = require("node:url").pathToFileURL(__filename).href;' }, logLevel: 'error' });
const { prepareDeck } = await import(pathToFileURL(path.join(root, 'dist/build.js')).href);

async function row(name, dir, slides) {
  const check = spawnSync(process.execPath, [bin, 'check', dir], { encoding: 'utf8' });
  const built = /checked (\d+) slides/.exec(check.stderr)?.[1];
  if (!built) throw new Error(`brief check ${dir} failed:\n${check.stderr}`);
  if (typeof slides === 'number' && Math.abs(Number(built) - slides) > 2) throw new Error(`${name}: brief lays out ${built} slides, expected ${slides}`);
  const prepared = prepareDeck({ dir }, root, []);
  const deckFile = path.join(work, `${name}.deck.json`);
  writeFileSync(deckFile, JSON.stringify(prepared.deck));
  const pair = paired({ cmd: process.execPath, args: [bin, 'build', dir, '-o', path.join(work, `${name}.pptx`)], cwd: root }, { cmd: process.execPath, args: [floorScript, deckFile, path.join(work, `${name}-floor.pptx`)], cwd: work });
  const b = pair.a;
  const f = pair.b;
  let p;
  if (pandoc) p = bench(`pandoc ${name}`, 'pandoc', [`${dir}.pandoc.md`, '-o', path.join(work, `${name}-pandoc.pptx`)], work);
  rows.push({ name, slides, brief: b, floor: f, pandoc: p, ratio: pair.ratio });
  process.stderr.write(`  ${name}: brief ${b.seconds.toFixed(3)} s, floor ${f.seconds.toFixed(3)} s (paired ratio ${pair.ratio.toFixed(2)}×)${p ? `, pandoc ${p.seconds.toFixed(3)} s` : ''}\n`);
}

process.stderr.write(`brief bench: ${RUNS} cold runs each (median), in ${work}\n`);
// BENCH_SKIP_LONG=1 leaves out the long-format rows (minutes on a slow machine).
// BENCH_ONLY=sample,template,sizes,watch,long runs only those parts (comma-separated), for a quick
// look at one figure while working on it; the README's table comes from a full run.
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : undefined;
const runs = (part) => !only || only.has(part);
// The two sizes run in turn (1,000 rows, 100,000 rows, …) and the ratio is the median of the
// pairs', as brief against its floor: separate medians swung from 1.3× to 2.1× on the same build.
let longRatio;
const longRows = (() => {
  if (process.env.BENCH_SKIP_LONG === '1' || !runs('long')) return [];
  const run = (n) => ({ cmd: process.execPath, args: [bin, 'build', longBriefing(n), '-o', path.join(work, `long-${n}.pptx`)], cwd: root });
  const pair = paired(run(100000), run(1000));
  longRatio = pair.ratio;
  const out = [{ n: 1000, ...pair.b }, { n: 100000, ...pair.a }];
  for (const r of out) process.stderr.write(`  long data, ${r.n} rows: ${r.seconds.toFixed(3)} s, ${Math.round(r.rss)} MB\n`);
  return out;
})();
if (process.env.BENCH_ONLY === 'long') {
  longReport();
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}
const sampleDir = path.join(work, 'sample');
cpSync(path.join(root, 'content'), sampleDir, { recursive: true });
samplePandoc(sampleDir);
if (runs('sample')) await row('sample', sampleDir, 'sample');

/**
 * The sample on an organisation's PowerPoint file (LibreOffice's Focus, converted to .pptx) against
 * the same build on the default JSON template, in pairs: with the parse cache of the file (every
 * build after the first) and without it (a first build, or after the file changed).
 */
function templateFileRows() {
  if (!has('soffice')) return { skipped: 'LibreOffice (soffice) not installed: no PowerPoint template to build on' };
  const soffice = realpathSync(spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim());
  const otp = path.resolve(path.dirname(soffice), '../share/template/common/presnt/Focus.otp');
  if (!existsSync(otp)) return { skipped: `no ${otp}` };
  const profile = path.join(work, 'lo-profile');
  spawnSync('soffice', [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--convert-to', 'pptx', '--outdir', work, otp], { stdio: 'ignore', timeout: 240_000 });
  const focus = path.join(work, 'Focus.pptx');
  if (!existsSync(focus)) return { skipped: 'soffice did not convert Focus.otp' };
  const cache = path.join(work, 'cache');
  const env = { ...process.env, BRIEF_CACHE_DIR: cache };
  const json = { cmd: process.execPath, args: [bin, 'build', sampleDir, '-o', path.join(work, 'sample-json.pptx')], cwd: root, env };
  const onFile = { cmd: process.execPath, args: [bin, 'build', sampleDir, '-t', focus, '-o', path.join(work, 'sample-focus.pptx')], cwd: root, env };
  const cached = paired(onFile, json);
  const uncached = paired({ ...onFile, before: () => rmSync(cache, { recursive: true, force: true }) }, json);
  return { cached, uncached };
}
const templateFile = runs('template') ? templateFileRows() : { skipped: 'not asked for (BENCH_ONLY)' };
if (runs('template')) process.stderr.write(`  sample on Focus.pptx ÷ on the JSON template: ${templateFile.skipped ?? `${templateFile.cached.ratio.toFixed(2)}× (parse cached), ${templateFile.uncached.ratio.toFixed(2)}× (not cached)`}\n`);
if (runs('sizes')) for (const n of SIZES) await row(`${n} slides`, synthetic(n), n);

const nodeAlone = bench('node -e 0', process.execPath, ['-e', '0'], work).seconds;

/** Watch mode: time from a file change to the rewritten PPTX, several edits, median. */
async function watchLatency() {
  const dir = path.join(work, 'watch');
  cpSync(path.join(root, 'content'), dir, { recursive: true });
  const out = path.join(work, 'watch.pptx');
  const child = spawn(process.execPath, [bin, 'watch', dir, '-o', out, '--port', '0', '--no-open'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const waitFor = async (pred, ms) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (pred()) return true;
      await new Promise((r) => setTimeout(r, 5));
    }
    return false;
  };
  try {
    // after the first build, and once the file watcher is ready (it says "watching …")
    if (!(await waitFor(() => existsSync(out) && /watching /.test(log), 60000))) return { error: `watch did not build: ${log.slice(-300)}` };
    await new Promise((r) => setTimeout(r, 500));
    const file = path.join(dir, '04-takeaways.md');
    const original = readFileSync(file, 'utf8');
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const before = statSync(out).mtimeMs;
      const t0 = performance.now();
      writeFileSync(file, original + `\n<!-- edit ${i} -->\n`);
      if (!(await waitFor(() => existsSync(out) && statSync(out).mtimeMs !== before, 10000))) return { error: 'no rebuild seen' };
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 400));
    }
    return { ms: median(times) };
  } finally {
    child.kill('SIGINT');
  }
}
const watch = runs('watch') ? await watchLatency() : { error: 'not asked for (BENCH_ONLY)' };
rmSync(work, { recursive: true, force: true });

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`\nMachine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}${pandoc ? `, ${spawnSync('pandoc', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]}` : ', pandoc not installed'}\n`);
console.log('| Deck | brief (median) | brief peak RSS | floor: pptxgenjs alone (median) | floor peak RSS | brief ÷ floor | pandoc (median) | brief ÷ pandoc |');
console.log('|---|---|---|---|---|---|---|---|');
const ratio = (a, b) => (b ? `${(a / b).toFixed(2)}×` : '—');
for (const r of rows) console.log(`| ${r.name} | ${fmt(r.brief.seconds)} | ${mb(r.brief.rss)} | ${fmt(r.floor.seconds)} | ${mb(r.floor.rss)} | ${r.ratio.toFixed(2)}× | ${fmt(r.pandoc?.seconds)} | ${r.pandoc ? ratio(r.brief.seconds, r.pandoc.seconds) : '—'} |`);
console.log('\nbrief ÷ floor: the median of the ratios of runs made in turn (brief, floor, brief, floor, …).');
if (templateFile.skipped) console.log(`\nSample on a PowerPoint-file template: skipped (${templateFile.skipped}).`);
else {
  console.log('\n| Sample on LibreOffice\'s Focus (.otp → .pptx) vs the default JSON template | on Focus (median) | JSON template (median) | Focus ÷ JSON (paired) |');
  console.log('|---|---|---|---|');
  console.log(`| template file's parse cached (every build after the first) | ${fmt(templateFile.cached.a.seconds)} | ${fmt(templateFile.cached.b.seconds)} | ${templateFile.cached.ratio.toFixed(2)}× |`);
  console.log(`| not cached (first build on the file) | ${fmt(templateFile.uncached.a.seconds)} | ${fmt(templateFile.uncached.b.seconds)} | ${templateFile.uncached.ratio.toFixed(2)}× |`);
  console.log('Target: within 1.10× of the JSON-template build.');
}
const r500 = rows.find((r) => r.slides === 500);
const r1000 = rows.find((r) => r.slides === 1000);
if (r500 && r1000) console.log(`\n1000 slides ÷ 500 slides: ${(r1000.brief.seconds / r500.brief.seconds).toFixed(2)}× (target ≤ 2.2×)`);
if (longRows.length) longReport();
console.log(`Watch rebuild (file change → PPTX written, median): ${watch.ms !== undefined ? `${Math.round(watch.ms)} ms (target ≤ 100 ms)` : watch.error}`);
console.log(`Targets: brief ÷ floor ≤ 1.30× for the sample and 500 slides, peak RSS < 250 MB. \`node -e 0\` alone: ${fmt(nodeAlone)}.`);
