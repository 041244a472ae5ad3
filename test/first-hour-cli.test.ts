/** Issue 15 at the command line: `-o` must name a .pptx, templates travel with the briefing, watch says a warning once. */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/tools.js';
import { onlyNewWarnings } from '../src/commands/watch/command.js';
import { error, warning } from '../src/diagnostics.js';
import { MINIMAL, makeBriefing, runCli } from './helpers/briefing.js';

describe('-o names the PowerPoint file', () => {
  it('refuses -o deck.pdf with exit 2 and the fix, and writes nothing', () => {
    const dir = makeBriefing(MINIMAL);
    const r = runCli(['build', '.', '-o', 'deck.pdf', '--html', '--pdf'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: option '-o, --output <file>' argument 'deck.pdf' is invalid. the deck is a PowerPoint file, so -o must end in .pptx: write -o deck.pptx; for a PDF add --pdf, which writes deck.pdf beside the deck");
    expect(readdirSync(dir).filter((f) => /^deck\.(pdf|pptx|html)/.test(f))).toEqual([]);
  });

  it('refuses a name without .pptx in watch too, and accepts .PPTX', () => {
    const dir = makeBriefing(MINIMAL);
    const r = runCli(['watch', '.', '-o', 'out/deck'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the deck is a PowerPoint file, so -o must end in .pptx: write -o out/deck.pptx');
    const ok = runCli(['build', '.', '-o', 'Deck.PPTX'], dir);
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'Deck.PPTX'))).toBe(true);
  });
});

describe('templates travel with the briefing', () => {
  it('inside a briefing, `brief template new` writes into its templates/', () => {
    const root = makeBriefing({ 'brief/deck.yaml': 'title: T\ntemplate: acme\n', 'brief/01.md': '## A\n\n- x\n' });
    const r = runCli(['template', 'new', 'acme'], path.join(root, 'brief'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('created templates/acme/ with template.json');
    expect(existsSync(path.join(root, 'brief/templates/acme/template.json'))).toBe(true);
    // the briefing now builds the same from its parent folder
    expect(runCli(['check', 'brief'], root).code).toBe(0);
  });

  it('--in <briefing> writes into that briefing; a folder without deck.yaml is refused', () => {
    const root = makeBriefing({ 'q3/deck.yaml': 'title: T\n', 'q3/01.md': '## A\n\n- x\n' });
    const r = runCli(['template', 'new', 'house', '--in', 'q3', '--extends'], root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`created ${path.join('q3', 'templates', 'house')}/ with template.json`);
    expect(existsSync(path.join(root, 'templates'))).toBe(false);
    mkdirSync(path.join(root, 'empty'));
    const bad = runCli(['template', 'new', 'house', '--in', 'empty'], root);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('empty: error: "empty" is not a briefing folder: it has no deck.yaml\n  hint: name the folder that holds deck.yaml, e.g. --in content');
  });
});

describe('brief watch prints each warning once', () => {
  it('a warning that stays is not printed again; errors always are; a warning that comes back is', () => {
    const shown = onlyNewWarnings();
    const w = warning('the title shrunk', { file: 'a.md', line: 1 });
    const w2 = warning('another', { file: 'a.md', line: 5 });
    const e = error('bad', { file: 'a.md', line: 2 });
    expect(shown([w])).toEqual([w]);
    expect(shown([{ ...w }, e])).toEqual([e]);
    expect(shown([{ ...w }, w2, e])).toEqual([w2, e]);
    expect(shown([])).toEqual([]);
    expect(shown([{ ...w }])).toEqual([w]);
  });
});

describe('brief watch end to end', () => {
  it('given deck.yaml, watches its folder; a warning is printed by the first build only', async () => {
    const root = makeBriefing({ 'b/deck.yaml': 'title: T\n', 'b/01.md': '## Wide {.table .wide}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n' });
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/brief.js'), 'watch', 'b/deck.yaml', '-o', 'out/b.pptx'], { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    const until = async (test: () => boolean) => {
      const end = Date.now() + 60_000;
      while (!test()) {
        if (Date.now() > end) throw new Error(`timed out; log:\n${log}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await until(() => /built \d+ slides/.test(log) && log.includes('Ctrl-C to stop'));
      await new Promise((r) => setTimeout(r, 500));
      appendFileSync(path.join(root, 'b/01.md'), '\n## More\n\n- x\n');
      await until(() => (log.match(/built \d+ slides/g) ?? []).length >= 2);
    } finally {
      child.kill('SIGKILL');
    }
    expect(log).toContain('b/deck.yaml: warning: "b/deck.yaml" is a file: watching the briefing folder "b" it is in');
    expect(log.match(/warning: unknown slide class ".wide" is ignored/g)).toHaveLength(1);
    expect(log.match(/built \d+ slides in \d+ ms → out\/b\.pptx, out\/b\.html \(1 warning\)/g)).toHaveLength(2);
  }, 120_000);
});
