#!/usr/bin/env node
// Regenerates docs/img/preview.png: the sample's HTML preview in Chromium, on a chart slide with
// the speaker notes open. Needs `npm install` (playwright-core) and Chromium (apt-get install
// chromium; CHROMIUM_PATH overrides /usr/bin/chromium).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(mkdtempSync(path.join(tmpdir(), 'brief-shot-')), 'sample.pptx');
execFileSync(process.execPath, [path.join(root, 'bin/brief.js'), 'build', 'content', '--html', '-o', out], { cwd: root, stdio: 'inherit' });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(pathToFileURL(out.replace(/\.pptx$/, '.html')).href);
  await page.waitForSelector('body.ready');
  const slide = await page.locator('section.slide[data-kind="chart"]').first().getAttribute('id');
  await page.goto(`${pathToFileURL(out.replace(/\.pptx$/, '.html')).href}#${slide.slice('slide-'.length)}`);
  await page.waitForSelector('body.ready');
  await page.keyboard.press('n');
  await page.screenshot({ path: path.join(root, 'docs/img/preview.png') });
} finally {
  await browser.close();
}
