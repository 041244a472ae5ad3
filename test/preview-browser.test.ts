/**
 * The HTML preview of the sample deck in a real browser (Debian's Chromium through
 * playwright-core): what a presenter sees, with no network.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPdfPages } from '../src/commands/pdf/convert.js';
import { copySample, runCli } from './helpers/briefing.js';
import { launchChromium, missingChromium } from './helpers/browser.js';
import { repoRoot } from './helpers/tools.js';
import { readPptxParts, slideNames } from './helpers/unzip.js';

const skip = missingChromium();
const ARTIFACTS = path.join(repoRoot, 'test-artifacts');

describe.skipIf(!!skip)(`HTML preview in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let browser: Browser;
  let page: Page;
  let htmlFile: string;
  let pptxFile: string;
  let pptxSlides: number;
  const problems: string[] = [];

  beforeAll(async () => {
    const dir = copySample();
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'brief-preview-')), 'sample.pptx');
    const r = runCli(['build', 'content', '--html', '-o', out], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('sample.html');
    htmlFile = out.replace(/\.pptx$/, '.html');
    pptxFile = out;
    pptxSlides = slideNames(readPptxParts(out)).length;

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 764 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // nothing may be fetched: a request to anything but the file itself is a failure
    page.on('request', (req) => {
      if (req.url() !== pathToFileURL(htmlFile).href && !req.url().startsWith('data:')) problems.push(`request: ${req.url()}`);
    });
    await page.goto(pathToFileURL(htmlFile).href);
    await page.waitForSelector('body.ready');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows one slide per PPTX slide, the first one first', async () => {
    expect(pptxSlides).toBeGreaterThan(5);
    expect(await page.locator('section.slide').count()).toBe(pptxSlides);
    expect(await page.locator('section.slide.current').getAttribute('id')).toBe('slide-1');
    expect(await page.locator('#brief-counter').textContent()).toBe(`1 / ${pptxSlides}`);
  });

  it('draws every chart: each canvas has non-blank pixels', async () => {
    const filled = await page.$$eval('canvas', (canvases) =>
      canvases.map((c) => {
        const { data, width, height } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
        return { id: c.id, share: painted / (width * height) };
      }),
    );
    expect(filled.length).toBeGreaterThanOrEqual(3);
    for (const c of filled) expect(c.share, `canvas ${c.id}`).toBeGreaterThan(0.02);
  });

  it('moves with the keyboard and by click, and shows notes with n', async () => {
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('section.slide.current').getAttribute('id')).toBe('slide-2');
    expect(await page.locator('#brief-counter').textContent()).toBe(`2 / ${pptxSlides}`);
    await page.keyboard.press('End');
    expect(await page.locator('section.slide.current').getAttribute('id')).toBe(`slide-${pptxSlides}`);
    await page.keyboard.press('PageUp');
    expect(await page.locator('section.slide.current').getAttribute('id')).toBe(`slide-${pptxSlides - 1}`);
    await page.keyboard.press('Home');
    expect(await page.locator('section.slide.current').getAttribute('id')).toBe('slide-1');
    await page.mouse.click(1000, 300);
    expect(await page.locator('section.slide.current').getAttribute('id')).toBe('slide-2');
    await page.mouse.click(100, 300);
    expect(await page.locator('section.slide.current').getAttribute('id')).toBe('slide-1');

    // slide 4 of the sample has the notes of "The visit in numbers"
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('#brief-notes').isVisible()).toBe(false);
    await page.keyboard.press('n');
    expect(await page.locator('#brief-notes').isVisible()).toBe(true);
    expect(await page.locator('#brief-notes .note.current').textContent()).toContain('Four-day state visit');
    await page.keyboard.press('n');
    expect(await page.locator('#brief-notes').isVisible()).toBe(false);
  });

  it('prints one slide a page at the slide size', async () => {
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(countPdfPages(pdf)).toBe(pptxSlides);
  });

  it('saves a screenshot of a chart slide as a test artefact', async () => {
    const chartSlide = await page.locator('section.slide[data-kind="chart"]').first().getAttribute('id');
    expect(chartSlide).toMatch(/^slide-\d+$/);
    await page.goto(`${pathToFileURL(htmlFile).href}#${chartSlide!.slice('slide-'.length)}`);
    await page.waitForSelector('body.ready');
    expect(await page.locator('section.slide.current').getAttribute('id')).toBe(chartSlide);
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = await page.screenshot({ path: path.join(ARTIFACTS, 'preview-chart-slide.png') });
    expect(shot.length).toBeGreaterThan(10_000);
  });

  it('draws the combo chart on the deck’s bounds, right at first paint, clear of the side text and the source line', async () => {
    // the PPTX's value axes, read from the deck that was built with the preview
    const parts = readPptxParts(pptxFile);
    const combo = [...parts].find(([n, x]) => /^ppt\/charts\/chart\d+\.xml$/.test(n) && (x.match(/<c:valAx>/g) ?? []).length === 2)![1];
    const deckAxes = [...combo.matchAll(/<c:valAx>([\s\S]*?)<\/c:valAx>/g)].map((m) => [Number(/<c:min val="([^"]+)"/.exec(m[1]!)![1]), Number(/<c:max val="([^"]+)"/.exec(m[1]!)![1])]);
    const slide = await page.locator('section.slide[data-kind="chart"]').nth(1).getAttribute('id');
    // a fresh page, looked at as soon as it says it is ready: no resize, no second paint
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 764 } });
    try {
      await fresh.goto(`${pathToFileURL(htmlFile).href}#${slide!.slice('slide-'.length)}`);
      await fresh.waitForSelector('body.ready');
      const seen = await fresh.evaluate((id) => {
        const section = document.getElementById(id)!;
        const canvas = section.querySelector('canvas')!;
        const chart = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): { scales: Record<string, { min: number; max: number }>; chartArea: { left: number; right: number; bottom: number } } } }).Chart.getChart(canvas)!;
        const rect = (el: Element | null) => (el ? el.getBoundingClientRect() : undefined);
        const box = canvas.getBoundingClientRect();
        return {
          axes: [
            [chart.scales['y']!.min, chart.scales['y']!.max],
            [chart.scales['y2']!.min, chart.scales['y2']!.max],
          ],
          canvas: { left: box.left, right: box.right, top: box.top, bottom: box.bottom },
          side: rect(section.querySelector('[data-role="chart-notes"]')),
          source: rect(section.querySelector('[data-role="source"]')),
        };
      }, slide!);
      expect(seen.axes).toEqual(deckAxes);
      expect(seen.side && seen.canvas.right <= seen.side.left + 1).toBe(true);
      expect(seen.source && seen.canvas.bottom <= seen.source.top + 1).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it('logs no console errors or warnings and fetches nothing', () => {
    expect(problems).toEqual([]);
  });
});
