#!/usr/bin/env node
// Thin launcher: `npm install` (the `prepare` script) compiles brief to dist/ and bundles the CLI
// into dist/bundle/, which starts about twice as fast; dist/cli.js serves when there is no bundle.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : new URL('../dist/cli.js', import.meta.url).href);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // Only a bug in brief gets here: user mistakes are diagnostics, never exceptions.
    process.stderr.write(`brief: internal error: ${err && err.stack ? err.stack : err}\nPlease report this with the command you ran.\n`);
    process.exitCode = 70;
  },
);
