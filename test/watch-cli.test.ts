/**
 * `brief watch` end to end: the real CLI on a copy of the sample, observed through its event
 * stream (and, where Chromium is installed, through the page itself). Every wait is bounded and
 * the process is always killed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { LiveMessage } from '../src/render/html-protocol.js';
import { copySample } from './helpers/briefing.js';
import { launchChromium, missingChromium } from './helpers/browser.js';
import { repoRoot } from './helpers/tools.js';
import { readPptxParts, slideNames } from './helpers/unzip.js';

const WAIT_MS = 30_000;

interface Watch {
  child: ChildProcess;
  url: string;
  log: () => string;
  exit: Promise<number | null>;
}

const running: Watch[] = [];
const browsers: Browser[] = [];

afterEach(async () => {
  for (const b of browsers.splice(0)) await b.close().catch(() => undefined);
  for (const w of running.splice(0)) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
});

async function startWatch(cwd: string, args: string[]): Promise<Watch> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/brief.js'), 'watch', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const w: Watch = { child, url: '', log: () => log, exit };
  running.push(w);
  w.url = await until(() => /Preview: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(log)?.[1], () => `no preview URL; log:\n${log}`);
  return w;
}

async function until<T>(probe: () => T | undefined | false, why: () => string, ms = WAIT_MS): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out: ${why()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The server's event stream, read with fetch: every message in order. */
function events(url: string): { messages: LiveMessage[]; close: () => void } {
  const messages: LiveMessage[] = [];
  const controller = new AbortController();
  void (async () => {
    try {
      const res = await fetch(new URL('/events', url), { signal: controller.signal });
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) messages.push(JSON.parse(data.slice('data: '.length)) as LiveMessage);
        }
      }
    } catch {
      // aborted at the end of the test, or the server went away
    }
  })();
  return { messages, close: () => controller.abort() };
}

const settled = (messages: LiveMessage[], from: number) => messages.slice(from).find((m) => m.type !== 'building');

/** Runs `body` with the event stream open, then stops the watch with Ctrl-C: it must exit 0, in bounded time. */
async function observe(w: Watch, body: (messages: LiveMessage[]) => Promise<void>): Promise<void> {
  const stream = events(w.url);
  try {
    await body(stream.messages);
  } finally {
    stream.close();
  }
  w.child.kill('SIGINT');
  const code = await Promise.race([w.exit, new Promise((r) => setTimeout(() => r('still running'), WAIT_MS))]);
  expect(code, w.log()).toBe(0);
}

describe('brief watch', () => {
  const chromiumSkip = missingChromium();

  it('rebuilds on change, keeps the last good deck on error, and exits cleanly on Ctrl-C', async () => {
    const dir = copySample();
    const pptx = path.join(dir, 'out/deck.pptx');
    const html = path.join(dir, 'out/deck.html');
    const w = await startWatch(dir, ['content', '-o', 'out/deck.pptx', '--port', '0']);
    await observe(w, async (messages) => {
      await until(() => messages.some((m) => m.type === 'ok'), () => `no first build; log:\n${w.log()}`);
      expect(existsSync(pptx) && existsSync(html)).toBe(true);
      const slidesBefore = slideNames(readPptxParts(pptx)).length;

      // the page the server serves listens for rebuilds; the file on disk does not
      const served = await (await fetch(w.url)).text();
      expect(served).toContain('"live":{"build":1,"events":"/events"}');
      expect(readFileSync(html, 'utf8')).not.toContain('"live"');

      // a change rebuilds both
      const section = path.join(dir, 'content/04-takeaways.md');
      const original = readFileSync(section, 'utf8');
      let seen = messages.length;
      writeFileSync(section, `${original}\n## Added while watching\n\n- a bullet written by the watch test\n`);
      const rebuilt = await until(() => settled(messages, seen), () => `no rebuild; log:\n${w.log()}`);
      expect(rebuilt).toEqual({ type: 'ok', build: 2 });
      expect(slideNames(readPptxParts(pptx))).toHaveLength(slidesBefore + 1);
      expect(readFileSync(html, 'utf8')).toContain('a bullet written by the watch test');
      expect(await (await fetch(w.url)).text()).toContain('"live":{"build":2,');

      // an error keeps the last good deck and preview byte for byte, and says where
      const goodPptx = readFileSync(pptx);
      const goodHtml = readFileSync(html);
      seen = messages.length;
      writeFileSync(section, `${original}\nNow {{ trade.no_such_column[2024] }}\n`);
      const failed = await until(() => settled(messages, seen), () => `no failed build; log:\n${w.log()}`);
      expect(failed.type).toBe('error');
      expect(failed.type === 'error' && failed.diagnostics.join('\n')).toMatch(/04-takeaways\.md:\d+:\d+: error: .*no_such_column/);
      expect(w.log()).toContain('keeping the last good deck and preview');
      expect(readFileSync(pptx).equals(goodPptx)).toBe(true);
      expect(readFileSync(html).equals(goodHtml)).toBe(true);

      // fixed: a new build, and the error is gone
      seen = messages.length;
      writeFileSync(section, original);
      expect(await until(() => settled(messages, seen), () => `no recovery; log:\n${w.log()}`)).toEqual({ type: 'ok', build: 3 });
      expect(slideNames(readPptxParts(pptx))).toHaveLength(slidesBefore);
    });
    expect(w.log()).toContain('stopped watching');
    expect(w.log()).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
  });

  it('builds the last of two saves made in quick succession (chokidar reports only the first)', async () => {
    const dir = copySample();
    const pptx = path.join(dir, 'out/deck.pptx');
    const w = await startWatch(dir, ['content', '-o', 'out/deck.pptx', '--port', '0']);
    await observe(w, async (messages) => {
      await until(() => messages.some((m) => m.type === 'ok'), () => `no first build; log:\n${w.log()}`);
      const section = path.join(dir, 'content/04-takeaways.md');
      const original = readFileSync(section, 'utf8');
      const deckText = () => [...readPptxParts(pptx).entries()].filter(([n]) => /slides\/slide\d+\.xml$/.test(n)).map(([, x]) => x).join('\n');
      writeFileSync(section, `${original}\n## First save\n\n- one\n`);
      // the rebuild for the first save is under way (or about to be) when the second lands
      await new Promise((r) => setTimeout(r, 25));
      writeFileSync(section, `${original}\n## Second save\n\n- two\n`);
      await until(() => deckText().includes('Second save'), () => `the deck never showed the second save; log:\n${w.log()}`, 10_000);
      expect(deckText()).not.toContain('First save');
    });
  });

  it('on a PowerPoint file as template (-t corporate.pptx): a content change, and a change of the file, rebuild the deck on the file', async () => {
    const dir = copySample();
    // brief's own output is a PowerPoint file: made here with the default template, then used as the organisation's file.
    const made = await build({ dir: path.join(dir, 'content'), output: path.join(dir, 'corporate.pptx'), cwd: dir, template: 'default' });
    expect(made.ok).toBe(true);
    const pptx = path.join(dir, 'out/deck.pptx');
    const fileLayouts = () => new Set([...readPptxParts(path.join(dir, 'corporate.pptx')).keys()].filter((n) => /^ppt\/slideLayouts\/[^/]+\.xml$/.test(n)));
    const onFileLayouts = (parts: Map<string, string>) =>
      slideNames(parts).every((s) => {
        const target = /Type="[^"]*\/slideLayout"[^>]*Target="\.\.\/([^"]+)"/.exec(parts.get(s.replace('slides/', 'slides/_rels/') + '.rels') ?? '')?.[1];
        return !!target && fileLayouts().has(`ppt/${target}`);
      });
    const w = await startWatch(dir, ['content', '-t', 'corporate.pptx', '-o', 'out/deck.pptx', '--port', '0']);
    await observe(w, async (messages) => {
      await until(() => messages.some((m) => m.type === 'ok'), () => `no first build; log:\n${w.log()}`);
      const first = readPptxParts(pptx);
      const slidesBefore = slideNames(first).length;
      expect(onFileLayouts(first)).toBe(true);

      const section = path.join(dir, 'content/04-takeaways.md');
      let seen = messages.length;
      writeFileSync(section, `${readFileSync(section, 'utf8')}\n## Added while watching\n\n- a bullet on the file's layout\n`);
      expect(await until(() => settled(messages, seen), () => `no rebuild; log:\n${w.log()}`)).toEqual({ type: 'ok', build: 2 });
      const second = readPptxParts(pptx);
      expect(slideNames(second)).toHaveLength(slidesBefore + 1);
      expect(onFileLayouts(second)).toBe(true);
      expect(second.get(slideNames(second).at(-1)!)).toContain('a bullet on the file&apos;s layout');

      // The organisation changes its file (another accent 1): the deck is rebuilt with the file's new theme.
      const zip = unzipSync(new Uint8Array(readFileSync(path.join(dir, 'corporate.pptx'))));
      const themes = Object.keys(zip).filter((n) => /^ppt\/theme\/theme\d+\.xml$/.test(n));
      for (const name of themes) zip[name] = strToU8(strFromU8(zip[name]!).replace(/<a:accent1>[\s\S]*?<\/a:accent1>/, '<a:accent1><a:srgbClr val="00B050"/></a:accent1>'));
      seen = messages.length;
      writeFileSync(path.join(dir, 'corporate.pptx'), zipSync(zip));
      expect(await until(() => settled(messages, seen), () => `no rebuild after the file changed; log:\n${w.log()}`)).toEqual({ type: 'ok', build: 3 });
      const third = readPptxParts(pptx);
      expect([...third.entries()].some(([n, x]) => /^ppt\/theme\/theme\d+\.xml$/.test(n) && x.includes('<a:accent1><a:srgbClr val="00B050"/></a:accent1>'))).toBe(true);
    });
    expect(w.log()).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
  });

  it.skipIf(!!chromiumSkip)(`reloads the open page and shows build errors over it${chromiumSkip ? ` (skipped: ${chromiumSkip})` : ''}`, async () => {
    const dir = copySample();
    const w = await startWatch(dir, ['content', '-o', 'out/deck.pptx']);
    const browser = await launchChromium();
    browsers.push(browser);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${w.url}#3`);
    await page.waitForSelector('body.ready');
    const overlay = page.locator('#brief-overlay');
    expect(await overlay.isVisible()).toBe(false);

    const section = path.join(dir, 'content/01-the-visit.md');
    const original = readFileSync(section, 'utf8');
    let load = page.waitForEvent('load', { timeout: WAIT_MS });
    writeFileSync(section, original.replace('## The visit in numbers', '## The visit, counted'));
    await load;
    await page.waitForSelector('body.ready');
    expect(await page.locator('#slide-4').getAttribute('aria-label')).toBe('4: The visit, counted');
    // the reload keeps the slide the presenter was on
    expect(await page.locator('section.slide.current').getAttribute('id')).toBe('slide-3');

    writeFileSync(section, `${original}\n## Broken\n\n\`\`\`chart\ntype: column\ndata: nope\n\`\`\`\n`);
    await overlay.waitFor({ state: 'visible', timeout: WAIT_MS });
    expect(await page.locator('#brief-overlay-text').textContent()).toMatch(/01-the-visit\.md:\d+(:\d+)?: error: .*nope/);

    load = page.waitForEvent('load', { timeout: WAIT_MS });
    writeFileSync(section, original);
    await load;
    await page.waitForSelector('body.ready');
    expect(await page.locator('#brief-overlay').isVisible()).toBe(false);
    expect(await page.locator('#slide-4').getAttribute('aria-label')).toBe('4: The visit in numbers');
    expect(problems).toEqual([]);

    w.child.kill('SIGINT');
    expect(await w.exit).toBe(0);
  });

  /** Watches the sample with template `house`, recolours `edited` (a template.json), and expects the rebuilt preview in the new colour. */
  async function expectRecolouredOnEdit(dir: string, edited: string): Promise<void> {
    const w = await startWatch(dir, ['content', '-o', 'out/deck.pptx', '-t', 'house']);
    await observe(w, async (messages) => {
      await until(() => messages.some((m) => m.type === 'ok'), () => `no first build; log:\n${w.log()}`);
      const html = path.join(dir, 'out/deck.html');
      expect(readFileSync(html, 'utf8')).toContain('background:#143D6B');
      const seen = messages.length;
      writeFileSync(edited, readFileSync(edited, 'utf8').replace(/"primary": "143D6B"/, '"primary": "5B2A86"'));
      expect(await until(() => settled(messages, seen), () => `no rebuild; log:\n${w.log()}`)).toEqual({ type: 'ok', build: 2 });
      const after = readFileSync(html, 'utf8');
      expect(after).toContain('background:#5B2A86');
      expect(after).not.toContain('background:#143D6B');
    });
  }

  it('rebuilds when a file of the template changes, with the changed template', async () => {
    const dir = copySample();
    // a template outside the briefing folder, found by name in ./templates
    cpSync(path.join(repoRoot, 'templates/default'), path.join(dir, 'templates/house'), { recursive: true });
    await expectRecolouredOnEdit(dir, path.join(dir, 'templates/house/template.json'));
  });

  it('rebuilds when a template that the deck\'s template extends changes', async () => {
    const dir = copySample();
    // ./templates/base is a full template; ./templates/house only extends it and names another folder
    cpSync(path.join(repoRoot, 'templates/default'), path.join(dir, 'templates/base'), { recursive: true });
    mkdirSync(path.join(dir, 'templates/house'), { recursive: true });
    writeFileSync(path.join(dir, 'templates/house/template.json'), JSON.stringify({ extends: '../base', name: 'house' }));
    await expectRecolouredOnEdit(dir, path.join(dir, 'templates/base/template.json'));
  });

  it('starts on a broken briefing, serves the errors, and builds once it is fixed', async () => {
    const dir = copySample();
    const manifest = path.join(dir, 'content/deck.yaml');
    const good = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, `${good}colour: blue\n`);
    const w = await startWatch(dir, ['content', '-o', 'out/deck.pptx']);
    await observe(w, async (messages) => {
      const first = await until(() => settled(messages, 0), () => `no first build; log:\n${w.log()}`);
      expect(first.type === 'error' && first.diagnostics.join('\n')).toContain('unknown key "colour"');
      expect(w.log()).toContain('nothing written yet');
      expect(existsSync(path.join(dir, 'out/deck.pptx'))).toBe(false);
      // a page with no slides that listens for the first good build
      const page = await (await fetch(w.url)).text();
      expect(page).toContain('"live":{"build":0,');
      expect(page).toContain('id="brief-overlay"');

      const seen = messages.length;
      writeFileSync(manifest, good);
      expect(await until(() => settled(messages, seen), () => `no build after the fix; log:\n${w.log()}`)).toEqual({ type: 'ok', build: 1 });
      expect(existsSync(path.join(dir, 'out/deck.pptx'))).toBe(true);
    });
  });

  it('refuses a port in use with a usage error', async () => {
    const dir = copySample();
    const first = await startWatch(dir, ['content', '-o', 'out/a.pptx']);
    const port = new URL(first.url).port;
    const second = spawn(process.execPath, [path.join(repoRoot, 'bin/brief.js'), 'watch', 'content', '-o', 'out/b.pptx', '--port', port], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    second.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain(`error: port ${port} is already in use`);
    expect(err).toContain('hint:');
    first.child.kill('SIGINT');
    expect(await first.exit).toBe(0);
  });
});
