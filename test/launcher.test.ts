import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINIMAL, makeBriefing } from './helpers/briefing.js';
import { repoRoot } from './helpers/tools.js';

function run(bin: string, args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, BRIEF_CODE_CACHE: 'report' } });
  return { code: r.status ?? -1, stderr: r.stderr };
}

/** A copy of the installed package's launcher and bundle, sharing the rest by links. */
function packageCopy(): string {
  const pkg = mkdtempSync(path.join(tmpdir(), 'brief-pkg-'));
  cpSync(path.join(repoRoot, 'bin'), path.join(pkg, 'bin'), { recursive: true });
  mkdirSync(path.join(pkg, 'dist'));
  cpSync(path.join(repoRoot, 'dist/bundle'), path.join(pkg, 'dist/bundle'), { recursive: true });
  for (const shared of ['templates', 'fonts', 'node_modules', 'package.json']) symlinkSync(path.join(repoRoot, shared), path.join(pkg, shared));
  return pkg;
}

describe('the launcher (bin/brief.js)', () => {
  it('runs the bundle with the code cache that `prepare` recorded', () => {
    const dir = makeBriefing(MINIMAL);
    const r = run(path.join(repoRoot, 'bin/brief.js'), ['build', '.'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('brief: code cache used');
  });

  it('is given an ASCII bundle, which V8 holds one byte per character', () => {
    // a single non-ASCII character (esbuild leaves them in regex literals) doubles the source's size
    // in memory, and the launcher, which reads the bundle as Latin-1, would misread it
    const source = readFileSync(path.join(repoRoot, 'dist/bundle/cli.cjs'), 'latin1');
    expect(source.length).toBeGreaterThan(100_000);
    expect(source.match(/[^\x00-\x7f]/g) ?? []).toEqual([]);
  });

  it('loads no Node built-in a build of the sample does not use, and loads them where they are used', () => {
    // child_process and crypto are required on first use in the bundle (scripts/bundle-cli.mjs),
    // worker_threads not at all: a short build spent several milliseconds loading them.
    const probe = `data:text/javascript,${encodeURIComponent("import fs from 'node:fs'; process.on('exit', () => fs.writeFileSync(process.env.MODULE_LOG, process.moduleLoadList.join('\\n')));")}`;
    const out = mkdtempSync(path.join(tmpdir(), 'brief-modules-'));
    const log = path.join(out, 'modules.log');
    const env = { ...process.env, NODE_OPTIONS: `--import=${probe}`, MODULE_LOG: log };
    const build = spawnSync(process.execPath, [path.join(repoRoot, 'bin/brief.js'), 'build', path.join(repoRoot, 'content'), '-o', path.join(out, 'sample.pptx')], { encoding: 'utf8', env });
    expect(build.status, build.stderr).toBe(0);
    const loaded = readFileSync(log, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule zlib'); // the probe sees the build's modules
    expect(loaded.filter((m) => /^NativeModule (child_process|crypto|worker_threads)$/.test(m))).toEqual([]);
    // nor the stdio streams' modules: brief prints with fs.writeSync (commands/terminal.ts)
    expect(loaded.filter((m) => /^NativeModule (net|tty)$/.test(m))).toEqual([]);
    expect(build.stderr).toMatch(/^built 18 slides → .*sample\.pptx\n$/);
    // the preview hashes its scripts with crypto: loaded when asked for, and it works
    const html = spawnSync(process.execPath, [path.join(repoRoot, 'bin/brief.js'), 'build', path.join(repoRoot, 'content'), '-o', path.join(out, 'sample.pptx'), '--html'], { encoding: 'utf8', env });
    expect(html.status, html.stderr).toBe(0);
    expect(readFileSync(log, 'utf8').split('\n')).toContain('NativeModule crypto');
    expect(readFileSync(path.join(out, 'sample.html'), 'utf8')).toMatch(/script-src &#39;sha256-[A-Za-z0-9+/]{43}=&#39;/);
  });

  it('ends quietly, exit 0, when the reader of its output has gone (`brief --help | head -1`)', async () => {
    // the pipe's reading end is closed before brief writes: its writes fail with EPIPE
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/brief.js'), '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('builds with a damaged code cache, then records a good one in its place', () => {
    const pkg = packageCopy();
    const cache = path.join(pkg, 'dist/bundle/cli.cache');
    writeFileSync(cache, 'not a code cache');
    const dir = makeBriefing(MINIMAL);
    const first = run(path.join(pkg, 'bin/brief.js'), ['build', '.'], dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('brief: code cache rejected');
    expect(readFileSync(cache).length).toBeGreaterThan(100_000);
    expect(readdirSync(path.join(pkg, 'dist/bundle')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const second = run(path.join(pkg, 'bin/brief.js'), ['build', '.'], dir);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('brief: code cache used');
  });

  it('runs without a code cache, and without a bundle from dist/cli.js', () => {
    const pkg = packageCopy();
    const dir = makeBriefing(MINIMAL);
    // no cache: the bundle still runs (and does not record one unasked)
    const cache = path.join(pkg, 'dist/bundle/cli.cache');
    rmSync(cache);
    const noCache = run(path.join(pkg, 'bin/brief.js'), ['build', '.', '-o', 'a.pptx'], dir);
    expect(noCache.code, noCache.stderr).toBe(0);
    expect(noCache.stderr).toContain('brief: code cache missing');
    expect(existsSync(path.join(dir, 'a.pptx'))).toBe(true);
    expect(existsSync(cache)).toBe(false);
    // no bundle: the compiled modules serve
    rmSync(path.join(pkg, 'dist/bundle'), { recursive: true });
    for (const entry of readdirSync(path.join(repoRoot, 'dist'))) if (entry !== 'bundle') symlinkSync(path.join(repoRoot, 'dist', entry), path.join(pkg, 'dist', entry));
    const unbundled = run(path.join(pkg, 'bin/brief.js'), ['build', '.', '-o', 'b.pptx'], dir);
    expect(unbundled.code, unbundled.stderr).toBe(0);
    expect(unbundled.stderr).not.toContain('code cache');
    expect(existsSync(path.join(dir, 'b.pptx'))).toBe(true);
  });
});
