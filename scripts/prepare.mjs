#!/usr/bin/env node
// `prepare`: compiles dist/, bundles the CLI and records its code cache, unless dist/ was built
// from exactly these sources already. npm runs `prepare` at `npm install`, and again at the first
// `npx brief …` in the project: npm 11 installs the project itself into npx's cache to link its
// bin, which runs `prepare` once more; building again there made that first run cost a whole
// build (7 s and more) where every later one takes under a second. `npm run build` always builds.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist/.inputs');
const outputs = ['dist/cli.js', 'dist/index.js', 'dist/html-client/preview.js', 'dist/bundle/cli.cjs'];

function files(dir) {
  return readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? files(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .sort();
}

/** Everything dist/ is made from, and the Node that made it (the code cache is Node's own). */
function inputsHash() {
  const hash = createHash('sha256').update(process.version);
  const inputs = [...files('src'), 'scripts/prepare.mjs', 'scripts/build-client.mjs', 'scripts/bundle-cli.mjs', 'tsconfig.json', 'package.json', 'package-lock.json'];
  for (const file of inputs) if (existsSync(path.join(root, file))) hash.update(`${file}\0`).update(readFileSync(path.join(root, file)));
  return hash.digest('hex');
}

const current = inputsHash();
const built = existsSync(stamp) && readFileSync(stamp, 'utf8') === current && outputs.every((file) => existsSync(path.join(root, file)));
if (!built) {
  const node = (...args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  node(path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json'));
  node(path.join(root, 'scripts/build-client.mjs'));
  node(path.join(root, 'scripts/bundle-cli.mjs'));
  writeFileSync(stamp, current);
}
