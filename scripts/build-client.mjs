#!/usr/bin/env node
// Bundles the HTML preview's browser code (src/render/html-client/) into one IIFE that
// src/render/html-assets.ts inlines into every preview page. Runs at `prepare` (npm install) and
// in the test setup, after tsc, because the browser code shares src/data/number-format.ts.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [path.join(root, 'src/render/html-client/preview.ts')],
  outfile: path.join(root, 'dist/html-client/preview.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  // ASCII output: the bundle is inlined into HTML and must not depend on the page's charset
  charset: 'ascii',
  legalComments: 'none',
  logLevel: 'warning',
});
