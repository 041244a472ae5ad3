#!/usr/bin/env node
// Thin launcher. `npm install` (the `prepare` script) compiles brief to dist/, bundles the CLI into
// dist/bundle/cli.cjs and records V8's code cache for it in dist/bundle/cli.cache: with both, brief
// starts in about half the time. dist/cli.js serves when there is no bundle, or on a Node that
// cannot run it (no require() of ES modules, which chokidar is, or no dynamic import from vm).
//
// CommonJS (bin/package.json), not an ES module like the rest of brief: Node starts a CommonJS
// entry without setting up its ES module loader, a few milliseconds of every command.
'use strict';
if (process.env.PHASES) { const { performance } = require('node:perf_hooks'); let last = 0; const rows = []; globalThis.__T = (n) => { const t = performance.now(); rows.push(`${n.padEnd(16)} ${t.toFixed(1).padStart(7)} +${(t - last).toFixed(1)}`); last = t; }; globalThis.__T('launcher'); process.on('exit', () => { globalThis.__T('exit'); process.stderr.write(rows.join('\n') + '\n'); }); }
const { accessSync, constants, existsSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { Module, createRequire } = require('node:module');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

// V8 first compiles a regular expression to bytecode and compiles it again to machine code once it
// runs a second time: for a short build that runs most of its (large, Unicode-aware) expressions a
// few times, the double compile costs more than it saves. Read when an expression is first run, so
// set before any is; the code cache below is recorded under the same flag.
v8.setFlagsFromString('--no-regexp-tier-up');

// @resvg/resvg-js tells glibc from musl by making a whole diagnostic report when it loads; listing
// the network interfaces is half of that report's cost, and brief has no other use for reports.
if (process.report) process.report.excludeNetwork = true;

// brief prints through fs.writeSync (src/commands/terminal.ts), not process.stdout/stderr: the first
// use of either builds a stream (loading node:net or node:tty), several milliseconds. Whether
// anything else did use them is what the exit below needs to know, without building them to ask.
const stdio = { used: false };
for (const name of ['stdout', 'stderr']) {
  const own = Object.getOwnPropertyDescriptor(process, name);
  if (!own || typeof own.get !== 'function' || !own.configurable) stdio.used = true;
  else
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: own.enumerable,
      get() {
        stdio.used = true;
        return own.get.call(this);
      },
    });
}

const bundle = path.join(__dirname, '../dist/bundle/cli.cjs');
const cacheFile = bundle.replace(/\.cjs$/, '.cache');

async function load() {
  const dynamicImport = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (!existsSync(bundle) || !process.features.require_module || !dynamicImport) return { main: (await import('../dist/cli.js')).main };
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  // The bundle is ASCII (scripts/bundle-cli.mjs makes it so, and refuses to write it otherwise):
  // read as Latin-1, which is ASCII's superset byte for byte, it skips UTF-8 decoding and a scan.
  const source = readFileSync(bundle, 'latin1');
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData, importModuleDynamically: dynamicImport });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
  // `prepare` asks for the cache; a cache V8 refuses (another Node version, a damaged file) is
  // replaced after this run, when the folder is writable. BRIEF_CODE_CACHE=report tells which.
  const mode = process.env.BRIEF_CODE_CACHE;
  if (mode === 'report') process.stderr.write(`brief: code cache ${cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
  const record = mode === 'write' || (cachedData !== undefined && script.cachedDataRejected);
  return { main: module.exports.main, saveCache: record ? () => saveCodeCache(script) : undefined };
}

function saveCodeCache(script) {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    accessSync(path.dirname(cacheFile), constants.W_OK);
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cacheFile);
  } catch {
    // a read-only install keeps running without a cache
    rmSync(temp, { force: true });
  }
}

function internalError(err) {
  // Only a bug in brief gets here: user mistakes are diagnostics, never exceptions.
  process.stderr.write(`brief: internal error: ${err && err.stack ? err.stack : err}\nPlease report this with the command you ran.\n`);
  process.exitCode = 70;
}

load().then(({ main, saveCache }) => (globalThis.__T?.('bundle loaded'),
  main(process.argv.slice(2)).then((code) => {
    globalThis.__T?.('main done');
    process.exitCode = code;
    saveCache?.();
    // The command is done: exiting now skips tearing the heap down page by page (tens of ms on a
    // short build). Only once everything printed is flushed, so no output is cut off.
    if (!stdio.used || (!process.stdout.writableLength && !process.stderr.writableLength)) process.exit(code);
  }, internalError)),
);
