#!/usr/bin/env node
// README.md is the user's manual; the chapters on data, charts, layout, templates and the preview
// are written in docs/*.md (next to their pictures) and copied into it between
// `<!-- begin docs/x.md -->` and `<!-- end docs/x.md -->` markers, one heading level down.
// `node scripts/readme.mjs` rewrites README.md; `--check` exits 1 when it is stale (a test runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A docs page as a README chapter: headings one level down (outside code), links relative to the root. */
export function asChapter(markdown) {
  let fence = null;
  return markdown
    .trim()
    .split('\n')
    .map((line) => {
      // A fence closes only with the same character, at least as long, and nothing after it.
      const f = /^\s{0,3}(`{3,}|~{3,})(.*)$/.exec(line);
      if (f && fence === null) fence = f[1];
      else if (f && f[1][0] === fence[0] && f[1].length >= fence.length && f[2].trim() === '') fence = null;
      if (fence === null && /^#{1,5} /.test(line)) line = `#${line}`;
      return line.replace(/\]\((img\/[^)]+)\)/g, '](docs/$1)').replace(/\]\(([a-z-]+\.md)(#[^)]*)?\)/g, '](docs/$1$2)');
    })
    .join('\n');
}

export function assemble(readme) {
  return readme.replace(/<!-- begin (docs\/[a-z-]+\.md) -->\n[\s\S]*?<!-- end \1 -->/g, (_, file) => {
    const chapter = asChapter(readFileSync(path.join(root, file), 'utf8'));
    return `<!-- begin ${file} -->\n${chapter}\n<!-- end ${file} -->`;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = path.join(root, 'README.md');
  const current = readFileSync(file, 'utf8');
  const next = assemble(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('README.md is stale: run node scripts/readme.mjs');
      process.exit(1);
    }
  } else writeFileSync(file, next);
}
