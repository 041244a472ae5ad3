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
  banner: { js: 'const __briefModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [pptxgenNoNetwork],
  legalComments: 'none',
  logLevel: 'warning',
});

// esbuild writes ASCII except inside regular expression literals (a few hold Hangul, Hanzi, dashes).
// One such character makes V8 hold the whole 1.7 MB source as a two-byte string, decoded from
// UTF-8 on every start; as \uXXXX escapes (the same pattern, in either regex mode) it stays one
// byte per character. Astral characters become surrogate pairs, which both modes read as the
// character. Anywhere else esbuild has escaped already, so this only reaches regex literals.
const cli = path.join(outdir, 'cli.cjs');
const code = readFileSync(cli, 'utf8');
if (/[^\x00-\x7f]/.test(code)) writeFileSync(cli, code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));

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
