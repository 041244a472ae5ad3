#!/usr/bin/env node
// Bundles the CLI into dist/bundle/cli.cjs (runs at `prepare`, after tsc), then builds the sample
// once through it to record V8's code cache in dist/bundle/cli.cache. One file instead of a few
// hundred modules, and functions that come compiled from the cache instead of being parsed and
// compiled on every start, are most of what a short build spends before it does any work.
//
// CommonJS, not ESM: only a classic script can be given a code cache (vm.Script) on Node 20.
// Packages with native code or large data (resvg, fontkit, lucide's icon files, chokidar, the
// .xlsx reader that only a briefing with a workbook needs,
// playwright) stay in node_modules and are required when needed; dist/bundle/ is two folders
// below the package root, like every module that finds templates, fonts and assets from its own
// location. `import { build } from 'brief'` keeps using dist/index.js.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const outdir = path.join(root, 'dist/bundle');

rmSync(outdir, { recursive: true, force: true });

/**
 * pptxgenjs imports node:fs and node:https on every write, to read image files and fetch image
 * URLs. brief hands it every image as data and never fetches: fs comes from the bundle, and https
 * is replaced by one that refuses, which also keeps a build off the network.
 */
const pptxgenNoNetwork = {
  name: 'pptxgenjs-no-network',
  setup(b) {
    b.onLoad({ filter: /pptxgenjs[\\/]dist[\\/]pptxgen\.es\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const fs = "import('node:fs')";
      const https = "import('node:https')";
      if (!source.includes(fs) || !source.includes(https)) throw new Error('pptxgenjs no longer imports node:fs and node:https as expected: review scripts/bundle-cli.mjs');
      const contents = source
        .replace(fs, "Promise.resolve({ default: require('node:fs') })")
        .replace(https, "Promise.resolve({ default: { get() { throw new Error('brief does not fetch images over the network'); } } })");
      return { contents, loader: 'js' };
    });
  },
};

/**
 * Modules that import child_process (commander for executable subcommands, the PDF step, font
 * lookup through fc-match) or crypto (hashes for the preview and the template cache) load them at
 * start, which costs a short build several milliseconds, and a build of the sample uses neither.
 * esbuild reads a named import as a property of the required module at the call, so a stand-in
 * that requires the module on first use serves every use; its traps also answer what __toESM asks.
 */
const LAZY_BUILTINS = ['node:child_process', 'node:crypto'];
const LAZY_REQUIRE = `function __briefLazyRequire(id) {
  let loaded;
  const load = () => (loaded ??= require(id));
  return new Proxy({}, {
    get: (_, key) => load()[key],
    has: (_, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => { const d = Reflect.getOwnPropertyDescriptor(load(), key); if (d) d.configurable = true; return d; },
  });
}`;

/**
 * fflate loads worker_threads at start for its asynchronous API; brief uses the synchronous one.
 * Loaded on first use instead (the source must read as expected, or the bundle is not made).
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const rewrites = [
      {
        filter: /fflate[\\/]esm[\\/]index\.mjs$/,
        edits: [
          ["    (_a = require('worker_threads'), Worker = _a.Worker, isMarkedAsUntransferable = _a.isMarkedAsUntransferable);\n", ''],
          ['var wk = Worker ? function (c, _, msg, transfer, cb) {\n', "var wk = true ? function (c, _, msg, transfer, cb) {\n    if (!Worker) (_a = require('worker_threads'), Worker = _a.Worker, isMarkedAsUntransferable = _a.isMarkedAsUntransferable);\n"],
        ],
      },
    ];
    for (const { filter, edits } of rewrites) {
      b.onLoad({ filter }, (args) => {
        let source = readFileSync(args.path, 'utf8');
        for (const [from, to] of edits) {
          if (!source.includes(from)) throw new Error(`${args.path} no longer reads as scripts/bundle-cli.mjs expects (${JSON.stringify(from)}): review the lazy-builtins plugin`);
          source = source.replace(from, to);
        }
        return { contents: source, loader: 'js' };
      });
    }
  },
};

await build({
  entryPoints: [path.join(root, 'src/cli.ts')],
  outfile: path.join(outdir, 'cli.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  external: ['@resvg/resvg-js', '@e965/xlsx', 'fontkit', 'lucide-static', 'chokidar', 'playwright-core'],
  define: { __BRIEF_VERSION__: JSON.stringify(version), 'import.meta.url': '__briefModuleUrl' },
  banner: { js: `const __briefModuleUrl = require("node:url").pathToFileURL(__filename).href;\n${LAZY_REQUIRE}` },
  plugins: [pptxgenNoNetwork, lazyBuiltins],
  legalComments: 'none',
  logLevel: 'warning',
});

// esbuild writes ASCII except inside regular expression literals (a few hold Hangul, Hanzi, dashes).
// One such character makes V8 hold the whole 1.7 MB source as a two-byte string, decoded from
// UTF-8 on every start; as \uXXXX escapes (the same pattern, in either regex mode) it stays one
// byte per character. Astral characters become surrogate pairs, which both modes read as the
// character. Anywhere else esbuild has escaped already, so this only reaches regex literals.
const cli = path.join(outdir, 'cli.cjs');
let code = readFileSync(cli, 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
// Built-ins a build does not use, loaded where they are first used (see LAZY_REQUIRE).
for (const id of LAZY_BUILTINS) code = code.replaceAll(`require("${id}")`, `__briefLazyRequire("${id}")`);
// bin/brief.js reads the bundle as Latin-1 without looking: any other byte would be misread there
const nonAscii = /[^\x00-\x7f]/.exec(code);
if (nonAscii) throw new Error(`dist/bundle/cli.cjs would hold a non-ASCII character (U+${nonAscii[0].codePointAt(0).toString(16).toUpperCase()}) at ${nonAscii.index}: escape it in scripts/bundle-cli.mjs`);
writeFileSync(cli, code);

// The code cache: a build of the sample (or of what `brief init` writes, when the package comes
// without it) compiles what a build runs; bin/brief.js then saves V8's code for it. Without a
// cache brief still runs, only slower, so a failure here is reported and not fatal.
const work = mkdtempSync(path.join(tmpdir(), 'brief-code-cache-'));
try {
  const bin = path.join(root, 'bin/brief.js');
  let briefing = path.join(root, 'content');
  if (!existsSync(path.join(briefing, 'deck.yaml'))) {
    briefing = path.join(work, 'briefing');
    spawnSync(process.execPath, [bin, 'init', briefing], { stdio: 'ignore' });
  }
  const env = { ...process.env, BRIEF_CODE_CACHE: 'write' };
  const run = spawnSync(process.execPath, [bin, 'build', briefing, '-o', path.join(work, 'warm-up.pptx')], { env, encoding: 'utf8' });
  if (run.status !== 0 || !existsSync(path.join(outdir, 'cli.cache'))) process.stderr.write(`brief: no code cache recorded (brief starts slower):\n${run.stderr}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
