#!/usr/bin/env node
// Bundles the CLI into dist/bundle/ (runs at `prepare`, after tsc): one module instead of a few
// hundred halves the time node spends starting brief. The HTML preview, watch, PDF and init parts
// stay separate chunks, loaded only when asked for. Packages with native code or large data
// (resvg, fontkit, lucide's icon files, chokidar, playwright) stay in node_modules and are loaded
// lazily by the code that needs them. `import { build } from 'brief'` keeps using dist/index.js.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

// Chunk names carry content hashes: clear the old ones first.
rmSync(path.join(root, 'dist/bundle'), { recursive: true, force: true });

await build({
  entryPoints: [path.join(root, 'src/cli.ts')],
  outdir: path.join(root, 'dist/bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  // dist/bundle/ is two folders below the package root, like every module that finds templates,
  // fonts and the preview's assets from its own location.
  external: ['@resvg/resvg-js', 'fontkit', 'lucide-static', 'chokidar', 'playwright-core'],
  define: { __BRIEF_VERSION__: JSON.stringify(version) },
  // CommonJS packages inside an ESM bundle still call require().
  banner: { js: "import { createRequire as __briefRequire } from 'node:module'; const require = __briefRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
