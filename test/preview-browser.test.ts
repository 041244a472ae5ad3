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

  // chart.js sized a responsive canvas from its container's on-screen box, which the stage's CSS
  // scale distorts: in any window but the slide's own size the first paint drew charts too small,
  // or spilling under the side text and over the source line, until a ResizeObserver callback
  // redrew them a frame later (so a plain headless screenshot caught the wrong one). The state is
  // read the moment the page says it is ready, before the browser renders a frame.
  for (const view of [
    { width: 800, height: 600, deviceScaleFactor: 1 },
    { width: 1920, height: 1080, deviceScaleFactor: 1 },
    { width: 1280, height: 720, deviceScaleFactor: 2 },
  ]) {
    it(`draws each chart at its slide box's size at first paint in a ${view.width}×${view.height} window (device scale ${view.deviceScaleFactor})`, async () => {
      const fresh = await browser.newPage({ viewport: { width: view.width, height: view.height }, deviceScaleFactor: view.deviceScaleFactor });
      await fresh.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (!document.body?.classList.contains('ready')) return;
          observer.disconnect();
          const chartOf = (c: HTMLCanvasElement) => (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): { width: number; height: number } | undefined } }).Chart.getChart(c);
          (window as unknown as { firstPaint: unknown }).firstPaint = [...document.querySelectorAll<HTMLCanvasElement>('section.slide canvas')].map((c) => ({
            id: c.id,
            chart: { width: chartOf(c)?.width, height: chartOf(c)?.height },
            box: { width: c.parentElement!.offsetWidth, height: c.parentElement!.offsetHeight },
          }));
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'] });
      });
      try {
        const ids = await page.$$eval('section.slide[data-kind="chart"]', (s) => s.map((x) => x.id));
        expect(ids.length).toBeGreaterThanOrEqual(3);
        for (const id of ids) {
          await fresh.goto(`${pathToFileURL(htmlFile).href}#${id.slice('slide-'.length)}`);
          await fresh.waitForSelector('body.ready');
          const where = `${id} at ${view.width}×${view.height}×${view.deviceScaleFactor}`;
          const first = await fresh.evaluate(() => (window as unknown as { firstPaint: { id: string; chart: { width?: number; height?: number }; box: { width: number; height: number } }[] }).firstPaint);
          expect(first.length, where).toBeGreaterThanOrEqual(3);
          for (const c of first) {
            expect(Math.abs(c.chart.width! - c.box.width), `${where}: ${c.id} width at first paint`).toBeLessThan(1);
            expect(Math.abs(c.chart.height! - c.box.height), `${where}: ${c.id} height at first paint`).toBeLessThan(1);
          }
          // and on screen: the canvas covers its box, clear of the side text and the source line
          const seen = await fresh.evaluate((sid) => {
            const section = document.getElementById(sid)!;
            const canvas = section.querySelector('canvas')!;
            const r = (el: Element | null) => {
              if (!el) return undefined;
              const b = el.getBoundingClientRect();
              return { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
            };
            return {
              canvas: r(canvas)!,
              box: r(canvas.parentElement)!,
              side: r(section.querySelector('[data-role="chart-notes"]')),
              source: r(section.querySelector('[data-role="source"]')),
            };
          }, id);
          for (const k of ['left', 'top', 'right', 'bottom'] as const) expect(Math.abs(seen.canvas[k] - seen.box[k]), `${where}: canvas ${k}`).toBeLessThan(2);
          if (seen.side) expect(seen.canvas.right, `${where}: the chart reaches under the side text`).toBeLessThanOrEqual(seen.side.left + 1);
          if (seen.source) expect(seen.canvas.bottom, `${where}: the chart reaches over the source line`).toBeLessThanOrEqual(seen.source.top + 1);
        }
      } finally {
        await fresh.close();
      }
    });
  }

  it('logs no console errors or warnings and fetches nothing', () => {
    expect(problems).toEqual([]);
  });
});
