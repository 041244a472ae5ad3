import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync, readFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINIMAL, makeBriefing, runCli } from './helpers/briefing.js';
import { readPptxParts } from './helpers/unzip.js';
import { repoRoot } from './helpers/tools.js';

/** A file outside any briefing folder, for paths and links to point at. */
function outsideFile(name: string, content: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'brief-outside-'));
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

const CSV = 'year,v\n2015,1\n2016,2\n';

describe('paths stay inside the briefing folder', () => {
  it('refuses a data file outside the folder', () => {
    const outside = outsideFile('d.csv', CSV);
    const dir = makeBriefing(MINIMAL);
    const rel = path.relative(dir, outside);
    writeFileSync(path.join(dir, 'deck.yaml'), `title: T\ndata:\n  d: ${JSON.stringify(rel)}\n`);
    const r = runCli(['build', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`deck.yaml:3:6: error: data file "${rel}" is outside the briefing folder`);
  });

  it('refuses a data file that is a symlink to a file outside', () => {
    const outside = outsideFile('d.csv', CSV);
    const dir = makeBriefing({ ...MINIMAL, 'deck.yaml': 'title: T\ndata:\n  d: data/d.csv\n' });
    mkdirSync(path.join(dir, 'data'));
    symlinkSync(outside, path.join(dir, 'data/d.csv'));
    const r = runCli(['build', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: data file "data/d.csv" is outside the briefing folder');
  });

  it('refuses a listed section outside the folder and a symlinked one found by name', () => {
    const outside = outsideFile('x.md', '## Secret\n\n- from elsewhere\n');
    const listed = makeBriefing(MINIMAL);
    writeFileSync(path.join(listed, 'deck.yaml'), `title: T\nsections:\n  - ${JSON.stringify(path.relative(listed, outside))}\n`);
    const r1 = runCli(['build', '.'], listed);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/deck\.yaml:3:5: error: section ".*x\.md" is outside the briefing folder/);

    const linked = makeBriefing(MINIMAL);
    symlinkSync(outside, path.join(linked, '02-linked.md'));
    const r2 = runCli(['build', '.'], linked);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('error: section "02-linked.md" links to a file outside the briefing folder');
  });

  it('refuses a template logo outside the template folder', () => {
    const dir = makeBriefing(MINIMAL);
    const tpl = path.join(dir, 'templates/evil');
    cpSync(path.join(repoRoot, 'templates/default'), tpl, { recursive: true });
    const json = JSON.parse(readFileSync(path.join(tpl, 'template.json'), 'utf8')) as { logo: { file: string } };
    json.logo.file = '../../../../etc/hostname';
    writeFileSync(path.join(tpl, 'template.json'), JSON.stringify(json));
    const r = runCli(['build', '.', '-t', 'evil'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/template\.json.*\/logo\/file.*outside the template folder/);
  });
});

describe('links and network', () => {
  it('keeps http, https and mailto links and drops javascript: and file: links from the deck', () => {
    const dir = makeBriefing({
      'deck.yaml': 'title: Links\n',
      '01.md': '## Links\n\n- [web](https://example.org) and [mail](mailto:a@example.org)\n- [js](javascript:alert(1)) and [file](file:///etc/passwd) and [data](data:text/html,x)\n',
    });
    const r = runCli(['build', '.', '-o', 'out.pptx'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('link "javascript:alert(1)" dropped');
    const rels = [...readPptxParts(path.join(dir, 'out.pptx')).entries()].filter(([n]) => /slides\/_rels\/slide\d+\.xml\.rels$/.test(n)).map(([, x]) => x).join('\n');
    expect(rels).toContain('Target="https://example.org"');
    expect(rels).toContain('Target="mailto:a@example.org"');
    expect(rels).not.toMatch(/javascript:|file:|data:text/);
  });

  it('makes no network connection during a build', () => {
    const dir = makeBriefing(MINIMAL);
    // Any socket a build opens fails loudly and is recorded: the build must not need one.
    const guard = `data:text/javascript,${encodeURIComponent(
      "import net from 'node:net'; import fs from 'node:fs'; const orig = net.Socket.prototype.connect; net.Socket.prototype.connect = function (...a) { fs.appendFileSync(process.env.NET_LOG, JSON.stringify(a[0]) + '\\n'); throw new Error('network used'); };",
    )}`;
    const log = path.join(dir, 'net.log');
    writeFileSync(log, '');
    const r = runCliWithEnv(['build', '.'], dir, { NODE_OPTIONS: `--import=${guard}`, NET_LOG: log });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('');
  });

  it('does not even load a network module during a build of a deck with charts and pictures', () => {
    // pptxgenjs imports node:https on every write to fetch image URLs; the bundled CLI replaces it
    // (scripts/bundle-cli.mjs). Node lists every built-in module it has loaded.
    const dir = makeBriefing({
      'deck.yaml': 'title: Net\ndata:\n  d: data.csv\n',
      'data.csv': CSV,
      '01.md': '## Chart\n\n```chart\ntype: column\ndata: d\ny: v\n```\n\n## Cards {.cards}\n\n### One {icon=leaf}\n\n- a\n\n### Two\n\n- b\n',
    });
    const probe = `data:text/javascript,${encodeURIComponent(
      "import fs from 'node:fs'; process.on('exit', () => fs.writeFileSync(process.env.MODULE_LOG, process.moduleLoadList.join('\\n')));",
    )}`;
    const log = path.join(dir, 'modules.log');
    const r = runCliWithEnv(['build', '.'], dir, { NODE_OPTIONS: `--import=${probe}`, MODULE_LOG: log });
    expect(r.code, r.stderr).toBe(0);
    const loaded = readFileSync(log, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule zlib'); // the probe sees the build's modules
    // (net itself is loaded for stdio when it is a pipe)
    expect(loaded.filter((m) => /^NativeModule (https|http|tls|dns)$/.test(m))).toEqual([]);
  });
});

function runCliWithEnv(args: string[], cwd: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/brief.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
