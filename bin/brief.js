#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the `prepare` script).
import { main } from '../dist/cli.js';

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
