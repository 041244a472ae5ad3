import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from './tools.js';

/** A throwaway briefing folder with the given files (path → content). */
export function makeBriefing(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'brief-test-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

/** A copy of the shipped sample in a temp folder. */
export function copySample(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'brief-sample-'));
  cpSync(path.join(repoRoot, 'content'), path.join(dir, 'content'), { recursive: true });
  return dir;
}

export const MINIMAL = {
  'deck.yaml': 'title: Minimal deck\nclassification: Test\n',
  '01-a.md': '# Part one\n\n## First slide\n\n- one\n- two\n\n# Part two\n\n## Second slide\n\n- three\n',
};

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (`node bin/brief.js`) in `cwd`. */
export function runCli(args: string[], cwd: string): CliRun {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/brief.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
