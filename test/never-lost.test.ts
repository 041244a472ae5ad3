import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeBriefing, runCli } from './helpers/briefing.js';
import { repoRoot } from './helpers/tools.js';

/** A briefing big enough that writing it takes a while, so a kill can land mid-build. */
function bigBriefing(slides: number, word: string): string {
  const md = Array.from({ length: slides }, (_, i) => `## ${word} slide ${i}\n\n- point one of ${i}\n- point two\n\n::: notes\nNotes ${i}\n:::\n`).join('\n');
  return makeBriefing({ 'deck.yaml': `title: ${word}\n`, '01.md': md });
}

function slideCount(file: string): number {
  const parts = unzipSync(new Uint8Array(readFileSync(file)));
  return Object.keys(parts).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).length;
}

/** A build in a child process, with a promise of its exit taken at once (it may end before anyone waits). */
function startBuild(dir: string, out: string) {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/brief.js'), 'build', '.', '-o', out], { cwd: dir, stdio: 'ignore' });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { child, exited };
}

describe('a deck is never lost or half-written', () => {
  it('a build killed at any moment leaves the previous deck byte-identical, or the new deck whole', async () => {
    const dir = bigBriefing(300, 'Big');
    const out = path.join(dir, 'deck.pptx');
    expect(runCli(['build', '.', '-o', out], dir).code).toBe(0);
    const good = readFileSync(out);
    for (const delay of [30, 120, 250, 400, 600, 900]) {
      const run = startBuild(dir, out);
      await new Promise((r) => setTimeout(r, delay));
      run.child.kill('SIGKILL');
      await run.exited;
      const now = readFileSync(out);
      if (!now.equals(good)) expect(slideCount(out)).toBe(300 + 1);
    }
    const r = runCli(['build', '.', '-o', out], dir);
    expect(r.code).toBe(0);
    // Temp files of killed builds are cleaned up by the next build.
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('two builds racing to one output leave one complete, valid deck', async () => {
    const a = bigBriefing(150, 'Alpha');
    const b = bigBriefing(120, 'Beta');
    const out = path.join(a, 'race.pptx');
    const runs = [startBuild(a, out), startBuild(b, out), startBuild(a, out)];
    const codes = await Promise.all(runs.map((r) => r.exited));
    expect(codes).toEqual([0, 0, 0]);
    expect(existsSync(out)).toBe(true);
    expect([151, 121]).toContain(slideCount(out));
    expect(readdirSync(a).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
