/**
 * Decks built on an organisation's PowerPoint file (issue #11): the file's own masters and layouts,
 * layouts chosen by structure whatever their names, titles in title placeholders, and clear errors
 * for files that are not usable templates.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { Deck } from '../src/deck/types.js';
import { openPackage } from '../src/ooxml/package.js';
import { readPresentation } from '../src/ooxml/presentation.js';
import { colorDistance, distinctSeries } from '../src/template/accents.js';
import { chooseLayouts } from '../src/template/base.js';
import { convertedTemplates, rewritePackage, withCjkLayoutNames } from './helpers/base-files.js';
import { elementsNamed } from './helpers/pptx-zip.js';
import { missingTools, repoRoot, validatorPath } from './helpers/tools.js';
import { decode, texts } from './helpers/unzip.js';

const LIBREOFFICE = ['Focus', 'Grey_Elegant', 'Blue_Curve'];
const sample = path.join(repoRoot, 'content');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'brief-base-'));

function bytesOf(file: string): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(new Uint8Array(readFileSync(file)))));
}
const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : '');

function layoutTargetOf(rels: string): string | undefined {
  const m = /<Relationship\b[^>]*Type="[^"]*\/slideLayout"[^>]*Target="\.\.\/([^"]*)"/.exec(rels);
  return m ? `ppt/${m[1]}` : undefined;
}

/** What every deck on a file must show (the "Must show" of #11). */
function checkDeckOnFile(deckFile: string, baseFile: string, deck: Deck): void {
  const out = bytesOf(deckFile);
  const src = bytesOf(baseFile);
  // Masters and layouts (and their relationships) are the file's own, byte for byte; none of brief's.
  const masterParts = [...out.keys()].filter((n) => /^ppt\/(slideMasters|slideLayouts)\//.test(n));
  expect(masterParts.length).toBeGreaterThan(0);
  for (const name of masterParts) {
    expect(src.has(name), `${name} is one of the file's`).toBe(true);
    expect(Buffer.compare(Buffer.from(out.get(name)!), Buffer.from(src.get(name)!)), `${name} unchanged`).toBe(0);
  }
  expect(masterParts.some((n) => text(out.get(n)).includes('brief-'))).toBe(false);
  // Pictures the masters and layouts use come along unchanged.
  for (const name of [...src.keys()].filter((n) => n.startsWith('ppt/media/') && masterParts.some((m) => m.endsWith('.rels') && text(src.get(m)).includes(path.basename(n))))) {
    expect(Buffer.compare(Buffer.from(out.get(name)!), Buffer.from(src.get(name)!)), `${name} unchanged`).toBe(0);
  }
  // The file's example slides are dropped: the deck has exactly its own slides.
  const slides = [...out.keys()].filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]));
  expect(slides.length).toBe(deck.slides.length);
  const used = new Map<string, string>();
  slides.forEach((part, i) => {
    const slide = deck.slides[i]!;
    const layout = layoutTargetOf(text(out.get(part.replace('slides/', 'slides/_rels/') + '.rels')));
    expect(layout && src.has(layout), `${part} is on a layout of the file (${layout})`).toBe(true);
    used.set(slide.kind, layout!);
    // Every title is in a title placeholder.
    if (slide.title) {
      const xml = text(out.get(part));
      const sp = elementsNamed(xml, 'p:sp').find((s) => /<p:ph\b[^>]*type="(title|ctrTitle)"/.test(s));
      expect(sp, `${part} has a title placeholder`).toBeDefined();
      expect(texts(sp!).map(decode).join('')).toBe(slide.title);
      // No slide paints its own background over the layout's.
      expect(xml).not.toContain('<p:bg>');
    }
  });
  // Title, section and content slides on three different layouts.
  expect(new Set([used.get('title'), used.get('section'), used.get('bullets')]).size).toBe(3);
  // presentation.xml lists the file's masters and its slide size; the main part is a presentation.
  const pres = text(out.get('ppt/presentation.xml'));
  const model = readPresentation(openPackage(new Uint8Array(readFileSync(baseFile))));
  expect([...pres.matchAll(/<p:sldMasterId id="(\d+)"/g)].map((m) => m[1])).toEqual(model.masters.map((m) => m.id));
  expect(pres).toContain(`<p:sldSz cx="${model.slide.cx}" cy="${model.slide.cy}"/>`);
  expect(text(out.get('[Content_Types].xml'))).toContain('presentationml.presentation.main+xml');
  expect(text(out.get('[Content_Types].xml'))).not.toContain('template.main+xml');
}

function validate(file: string): void {
  expect(execFileSync(validatorPath, [file], { encoding: 'utf8' })).toContain('valid');
}

/** Mean colour of a region (fractions of the page) of page `page` of a PDF, from a PPM render. */
function regionColor(pdf: string, page: number, region: { x0: number; y0: number; x1: number; y1: number }): [number, number, number] {
  const dir = tmp();
  execFileSync('pdftoppm', ['-r', '20', '-f', String(page), '-l', String(page), pdf, path.join(dir, 'p')]);
  const file = path.join(dir, execFileSync('ls', [dir], { encoding: 'utf8' }).trim().split('\n')[0]!);
  const data = readFileSync(file);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 40).toString('latin1'))!;
  const [w, h] = [Number(header[1]), Number(header[2])];
  const offset = header[0].length;
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = Math.floor(region.y0 * h); y < Math.ceil(region.y1 * h); y++) {
    for (let x = Math.floor(region.x0 * w); x < Math.ceil(region.x1 * w); x++) {
      for (let c = 0; c < 3; c++) sum[c]! += data[offset + (y * w + x) * 3 + c]!;
      n++;
    }
  }
  return sum.map((s) => Math.round(s / n)) as [number, number, number];
}

/** One page of a PDF as RGB pixels, at 20 dpi. */
function pagePixels(pdf: string, page: number): { w: number; h: number; px: Uint8Array } {
  const dir = tmp();
  execFileSync('pdftoppm', ['-r', '20', '-f', String(page), '-l', String(page), pdf, path.join(dir, 'p')]);
  const data = readFileSync(path.join(dir, execFileSync('ls', [dir], { encoding: 'utf8' }).trim().split('\n')[0]!));
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 40).toString('latin1'))!;
  return { w: Number(header[1]), h: Number(header[2]), px: data.subarray(header[0].length) };
}

/** Of the pixels the template's page draws (not white), how many the deck's page shows in the same colour. */
function drawnShareKept(template: { px: Uint8Array }, deck: { px: Uint8Array }): { drawn: number; kept: number } {
  let drawn = 0;
  let same = 0;
  for (let i = 0; i + 2 < template.px.length && i + 2 < deck.px.length; i += 3) {
    const [r, g, b] = [template.px[i]!, template.px[i + 1]!, template.px[i + 2]!];
    if (r > 235 && g > 235 && b > 235) continue;
    drawn++;
    if (Math.abs(r - deck.px[i]!) < 12 && Math.abs(g - deck.px[i + 1]!) < 12 && Math.abs(b - deck.px[i + 2]!) < 12) same++;
  }
  return { drawn, kept: drawn ? same / drawn : 0 };
}

const skipLibreOffice = missingTools('soffice', 'pdftoppm', 'shared');

describe.skipIf(!!skipLibreOffice)('the sample on LibreOffice templates converted to .pptx', () => {
  let files: Map<string, string>;
  beforeAll(() => {
    files = new Map(convertedTemplates(LIBREOFFICE));
    // A template whose layouts are named in Korean and Chinese (as made by a Korean or Chinese PowerPoint).
    files.set('cjk', withCjkLayoutNames(files.get('Focus')!, path.join(tmp(), 'cjk-names.pptx')));
  }, 300_000);

  const built = new Map<string, { output: string; deck: Deck }>();

  it.each([...LIBREOFFICE, 'cjk'])('%s: on the file’s masters and layouts, titles in title placeholders, valid', async (name) => {
    const file = files.get(name)!;
    const output = path.join(tmp(), 'deck.pptx');
    const result = await build({ dir: sample, output, cwd: repoRoot, template: file });
    built.set(name, { output, deck: result.deck! });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.deck!.base!.file).toBe(file);
    checkDeckOnFile(output, file, result.deck!);
    validate(output);
    // Grey Elegant's deck has 340 parts for the validator: slow on a busy machine.
  }, 400_000);

  it('the Korean/Chinese-named layouts get the same layouts as the English-named ones', () => {
    const english = chooseLayouts(readPresentation(openPackage(new Uint8Array(readFileSync(files.get('Focus')!))))).choices;
    const cjk = chooseLayouts(readPresentation(openPackage(new Uint8Array(readFileSync(files.get('cjk')!))))).choices;
    for (const kind of Object.keys(english) as (keyof typeof english)[]) expect(cjk[kind]!.shape.layout.part).toBe(english[kind]!.shape.layout.part);
  });

  it('the HTML preview draws the masters’ custom paths, ellipses and gradients (Focus, Grey Elegant, Blue Curve)', async () => {
    const sections = async (name: string) => {
      const result = await build({ dir: sample, output: path.join(tmp(), `${name}.pptx`), cwd: repoRoot, template: files.get(name)!, html: true });
      expect(result.ok).toBe(true);
      const html = readFileSync(result.html!, 'utf8');
      const gradients = [...html.matchAll(/<linearGradient id="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(gradients).size, 'gradient ids are unique in the page').toBe(gradients.length);
      const bySlide = [...html.matchAll(/<section class="[^"]*" id="slide-\d+" data-kind="(\w+)"([\s\S]*?)<\/section>/g)].map((m) => ({ kind: m[1]!, body: m[2]! }));
      return { deck: result.deck!, bySlide, svgs: (i: number) => [...bySlide[i]!.body.matchAll(/<svg class="shape backdrop [^"]*" viewBox="[^"]*" preserveAspectRatio="none" aria-hidden="true" data-role="backdrop">([\s\S]*?)<\/svg>/g)].map((m) => m[1]!) };
    };
    // Focus: its title master is six custom-geometry triangles; each is drawn, in its own colour.
    const focus = await sections('Focus');
    const titleMaster = readPresentation(openPackage(new Uint8Array(readFileSync(files.get('Focus')!)))).masters.find((m) => m.layouts.some((l) => l.part === focus.deck.base!.layouts['title']!.part))!;
    const xml = text(bytesOf(files.get('Focus')!).get(titleMaster.part));
    const triangles = [...xml.matchAll(/<a:custGeom>[\s\S]*?<\/a:custGeom><a:solidFill><a:srgbClr val="(\w+)"/g)].map((m) => m[1]!.toUpperCase());
    expect(triangles.length).toBeGreaterThanOrEqual(4);
    const titleSvgs = focus.svgs(0);
    for (const colour of triangles) expect(titleSvgs.some((svg) => new RegExp(`<path d="M[\\d. L]+Z" fill="#${colour}"/>`).test(svg)), `a path in ${colour}`).toBe(true);
    // Grey Elegant: the content master's circles are ellipses at 10% opacity.
    const grey = await sections('Grey_Elegant');
    const content = grey.bySlide.findIndex((s) => s.kind === 'bullets');
    expect(grey.svgs(content).some((svg) => /<path d="M0 [\d.]+ A[\d.]+ [\d.]+ 0 1 1 [\d.]+ [\d.]+ A[^"]*Z" fill="#8D99AE" fill-opacity="0\.1"\/>/.test(svg))).toBe(true);
    // Blue Curve: the title bar of content slides is a gradient, and the title slide's wave a curve.
    const blue = await sections('Blue_Curve');
    const bar = blue.svgs(blue.bySlide.findIndex((s) => s.kind === 'bullets'));
    expect(bar.some((svg) => /<linearGradient id="gradient-\d+" [^>]*><stop offset="0" stop-color="#[0-9A-F]{6}"\/><stop offset="1" stop-color="#[0-9A-F]{6}"\/><\/linearGradient>/.test(svg) && /fill="url\(#gradient-\d+\)"/.test(svg))).toBe(true);
    expect(blue.svgs(0).some((svg) => /<path d="M0 0 L[\d.]+ 0 L[\d.]+ [\d.]+ C/.test(svg))).toBe(true);
  }, 300_000);

  it('rendered through LibreOffice, slides show each template’s backgrounds and master graphics where the template draws them', async () => {
    // One LibreOffice run renders every deck and every template file.
    const pdfDir = tmp();
    const inputs: string[] = [];
    for (const name of [...LIBREOFFICE, 'cjk']) {
      if (!built.has(name)) {
        const output = path.join(tmp(), 'deck.pptx');
        const result = await build({ dir: sample, output, cwd: repoRoot, template: files.get(name)! });
        built.set(name, { output, deck: result.deck! });
      }
      const deckCopy = path.join(tmp(), `deck-${name}.pptx`);
      cpSync(built.get(name)!.output, deckCopy);
      // The file with its example slides emptied: what its masters and layouts draw, nothing of the examples' own.
      const fileCopy = rewritePackage(files.get(name)!, path.join(tmp(), `file-${name}.pptx`), (part, xml) =>
        /^ppt\/slides\/slide\d+\.xml$/.test(part) ? xml.replace(/(<p:spTree>[\s\S]*?<\/p:grpSpPr>)[\s\S]*(<\/p:spTree>)/, '$1$2') : xml,
      );
      inputs.push(deckCopy, fileCopy);
    }
    execFileSync('soffice', [`-env:UserInstallation=file://${tmp()}`, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, ...inputs], { stdio: 'ignore', timeout: 600_000 });
    for (const name of [...LIBREOFFICE, 'cjk']) {
      const { deck } = built.get(name)!;
      const deckPdf = path.join(pdfDir, `deck-${name}.pdf`);
      const filePdf = path.join(pdfDir, `file-${name}.pdf`);
      const model = readPresentation(openPackage(new Uint8Array(readFileSync(files.get(name)!))));
      const masterOf = (layout: string) => model.masters.find((m) => m.layouts.some((l) => l.part === layout));
      for (const kind of ['title', 'bullets'] as const) {
        const layout = deck.base!.layouts[kind]!.part;
        // The file's own example slide on the same layout, else on the same master.
        let example = model.slides.findIndex((s) => s.layout === layout);
        if (example < 0) example = model.slides.findIndex((s) => masterOf(s.layout) === masterOf(layout));
        expect(example, `${name}: an example slide on the ${kind} slides' master`).toBeGreaterThanOrEqual(0);
        const page = deck.slides.findIndex((s) => s.kind === kind) + 1;
        const share = drawnShareKept(pagePixels(filePdf, example + 1), pagePixels(deckPdf, page));
        // Where the template's masters and layouts draw (not white), the deck's slide shows the same
        // colours, except where the deck's own text sits over them.
        expect(share.drawn, `${name} ${kind}: the template draws something`).toBeGreaterThan(100);
        expect(share.kept, `${name} ${kind}: share of the template's drawn pixels the deck keeps`).toBeGreaterThan(0.8);
      }
      if (name !== 'Focus') continue;
      // Focus draws coloured triangles in its left edge and corner on the title master.
      const titleMaster = masterOf(deck.base!.layouts['title']!.part)!;
      const example = model.slides.findIndex((s) => titleMaster.layouts.some((l) => l.part === s.layout));
      for (const region of [{ x0: 0, y0: 0.35, x1: 0.04, y1: 0.65 }, { x0: 0, y0: 0, x1: 0.06, y1: 0.1 }]) {
        const got = regionColor(deckPdf, 1, region);
        const want = regionColor(filePdf, example + 1, region);
        expect(Math.min(...want)).toBeLessThan(200);
        got.forEach((c, i) => expect(Math.abs(c - want[i]!), `channel ${i} of ${JSON.stringify(region)}: ${got} vs ${want}`).toBeLessThan(12));
      }
    }
  }, 900_000);
});

/** brief's own output is a PowerPoint file too: made once with the default template, used as a base. */
let briefFile: string;
async function briefOwnFile(): Promise<string> {
  if (briefFile) return briefFile;
  const output = path.join(tmp(), 'own.pptx');
  const result = await build({ dir: sample, output, cwd: repoRoot, template: 'default' });
  expect(result.ok).toBe(true);
  briefFile = output;
  return output;
}

describe('a PowerPoint file as a template, without LibreOffice', () => {
  it('builds the sample on a file whose layouts have Korean/Chinese names, dropping its example slides', async () => {
    const file = withCjkLayoutNames(await briefOwnFile(), path.join(tmp(), 'named.pptx'));
    const output = path.join(tmp(), 'deck.pptx');
    const result = await build({ dir: sample, output, cwd: repoRoot, template: file });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const out = bytesOf(output);
    const src = bytesOf(file);
    for (const name of [...out.keys()].filter((n) => /^ppt\/(slideMasters|slideLayouts)\//.test(n))) expect(Buffer.compare(Buffer.from(out.get(name)!), Buffer.from(src.get(name)!))).toBe(0);
    expect([...out.keys()].filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).length).toBe(result.deck!.slides.length);
    if (!missingTools('shared')) validate(output);
  });

  it('takes `template: file.pptx` from deck.yaml, relative to the briefing folder', async () => {
    const dir = tmp();
    const briefing = path.join(dir, 'briefing');
    cpSync(sample, briefing, { recursive: true });
    writeFileSync(path.join(briefing, 'corporate.pptx'), readFileSync(await briefOwnFile()));
    const yaml = readFileSync(path.join(briefing, 'deck.yaml'), 'utf8').replace(/^template:.*\n/m, '');
    writeFileSync(path.join(briefing, 'deck.yaml'), `${yaml.trimEnd()}\ntemplate: corporate.pptx\n`);
    const result = await build({ dir: briefing, cwd: dir, write: false });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.deck!.base!.file).toBe(path.join(briefing, 'corporate.pptx'));
  });

  it('the HTML preview draws the pictures the layouts and masters show, behind the slide', async () => {
    const output = path.join(tmp(), 'deck.pptx');
    const result = await build({ dir: sample, output, cwd: repoRoot, template: await briefOwnFile(), html: true });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // brief's own layouts carry its logo: the file's bullets layout shows it, so the preview does.
    const backdrop = result.deck!.base!.layouts['bullets']!.backdrop!;
    expect(backdrop.some((b) => /^ppt\/media\/.+\.png$/.test(b.part) && b.box)).toBe(true);
    const html = readFileSync(result.html!, 'utf8');
    const bullets = /<section class="[^"]*" id="slide-(\d+)" data-kind="bullets"[\s\S]*?<\/section>/.exec(html)![0];
    expect(bullets).toMatch(/^<section[^>]*>\n<img class="shape backdrop [^"]*" src="data:image\/png;base64,[^"]+" alt="" aria-hidden="true" data-role="backdrop">/);
  });

  it('uses the layout template.json names per kind, and says did-you-mean for a name the file lacks', async () => {
    const own = await briefOwnFile();
    const dir = tmp();
    const folder = path.join(dir, 'templates', 'acme');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'acme.pptx'), readFileSync(own));
    writeFileSync(path.join(folder, 'template.json'), JSON.stringify({ name: 'acme', base: 'acme.pptx', layouts: { chart: 'brief-table' } }, null, 2));
    const ok = await build({ dir: sample, output: path.join(dir, 'ok.pptx'), cwd: dir, template: folder });
    expect(ok.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ok.deck!.base!.layouts['chart']!.name).toBe('brief-table');
    writeFileSync(path.join(folder, 'template.json'), JSON.stringify({ name: 'acme', base: 'acme.pptx', layouts: { chart: 'brief-tabel' } }, null, 2));
    const output = path.join(dir, 'bad.pptx');
    const bad = await build({ dir: sample, output, cwd: dir, template: folder });
    expect(bad.ok).toBe(false);
    const e = bad.diagnostics.find((d) => d.severity === 'error')!;
    expect(e.message).toBe('/layouts/chart: layout "brief-tabel" for chart slides is not in the file');
    expect(e.hint).toMatch(/^did you mean "brief-table"\?/);
    expect(e.at).toEqual({ file: path.relative(dir, path.join(folder, 'template.json')), line: 5, column: 14 });
    expect(existsSync(output)).toBe(false);
  });

  it('does not crash on Keynote-like layouts: no typed content placeholders, no idx 0 object', async () => {
    // Keynote writes content placeholders without a type and numbers them from 13; titles keep type="title".
    const file = rewritePackage(await briefOwnFile(), path.join(tmp(), 'keynote.pptx'), (name, xml) =>
      /^ppt\/slideLayouts\//.test(name) ? xml.replace(/(<p:ph\b[^>]*?)\s*type="body"/g, '$1').replace(/(<p:ph\b[^>]*?)\bidx="(\d+)"/g, (_m, a: string, n: string) => `${a}idx="${Number(n) + 13}"`) : xml,
    );
    const output = path.join(tmp(), 'deck.pptx');
    const result = await build({ dir: sample, output, cwd: repoRoot, template: file });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(existsSync(output)).toBe(true);
    if (!missingTools('shared')) validate(output);
  });

  it('gives two series clearly different colours when the theme’s first accents are close', async () => {
    // Two purples 9 ΔE apart, as on the university theme of the issue.
    const file = rewritePackage(await briefOwnFile(), path.join(tmp(), 'purples.pptx'), (name, xml) =>
      /^ppt\/theme\/theme\d+\.xml$/.test(name) ? xml.replace(/<a:accent1>[\s\S]*?<\/a:accent1>/, '<a:accent1><a:srgbClr val="5B2C83"/></a:accent1>').replace(/<a:accent2>[\s\S]*?<\/a:accent2>/, '<a:accent2><a:srgbClr val="6A2E8E"/></a:accent2>') : xml,
    );
    expect(colorDistance('5B2C83', '6A2E8E')).toBeLessThan(20);
    const result = await build({ dir: sample, cwd: repoRoot, template: file, write: false });
    const warning = result.diagnostics.find((d) => d.message.includes('hard to tell apart'));
    expect(warning?.message).toContain('5B2C83 and 6A2E8E');
    const charts = result.deck!.slides.flatMap((s) => s.shapes.flatMap((sh) => (sh.kind === 'chart' && sh.chart.series.length >= 2 ? [sh.chart] : [])));
    expect(charts.length).toBeGreaterThan(0);
    for (const chart of charts) expect(colorDistance(chart.series[0]!.color, chart.series[1]!.color)).toBeGreaterThanOrEqual(20);
  });

  it('distinctSeries reorders, and derives a shade when no accent is far enough', () => {
    expect(distinctSeries(['143D6B', '2A9D8F', 'E07A2F'])).toEqual({ colors: ['143D6B', '2A9D8F', 'E07A2F'] });
    const two = distinctSeries(['5B2C83', '6A2E8E']);
    expect(two.colors[0]).toBe('5B2C83');
    expect(colorDistance(two.colors[0]!, two.colors[1]!)).toBeGreaterThanOrEqual(20);
    expect(two.note).toMatch(/ΔE < 20/);
  });
});

describe('a PowerPoint file that cannot be a template: an error at the file, exit 1, nothing written', () => {
  const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

  async function fails(file: string): Promise<{ message: string; hint?: string; file?: string }> {
    const dir = path.dirname(file);
    const output = path.join(dir, 'out.pptx');
    const result = await build({ dir: sample, output, cwd: dir, template: file });
    expect(result.ok).toBe(false);
    expect(existsSync(output)).toBe(false);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    return { message: errors[0]!.message, hint: errors[0]!.hint, file: errors[0]!.at?.file };
  }

  it('not a zip package', async () => {
    const file = path.join(tmp(), 'corporate.pptx');
    writeFileSync(file, 'this is not a presentation');
    expect(await fails(file)).toEqual({ message: 'not a PowerPoint file: it is not a zip package', hint: 'use a .pptx or .potx saved by PowerPoint, Keynote, Google Slides or LibreOffice', file: 'corporate.pptx' });
  });

  it('an old binary .ppt (an OLE compound file)', async () => {
    const file = path.join(tmp(), 'old.pptx');
    writeFileSync(file, Buffer.concat([Buffer.from(OLE), Buffer.alloc(2048), Buffer.from('PowerPoint Document', 'utf16le')]));
    const e = await fails(file);
    expect(e.message).toBe('the file is an old binary PowerPoint file (.ppt/.pot), not a .pptx or .potx');
    expect(e.hint).toMatch(/save it as \.pptx/);
  });

  it('a password-protected file (an OLE file holding an EncryptedPackage)', async () => {
    const file = path.join(tmp(), 'locked.pptx');
    writeFileSync(file, Buffer.concat([Buffer.from(OLE), Buffer.alloc(2048), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(16), Buffer.from('EncryptedPackage', 'utf16le')]));
    const e = await fails(file);
    expect(e.message).toBe('the file is password-protected (an encrypted PowerPoint package)');
    expect(e.hint).toMatch(/remove the password/);
  });

  it('no slide master', async () => {
    const file = rewritePackage(await briefOwnFile(), path.join(tmp(), 'nomaster.pptx'), (name, xml) => (name === 'ppt/presentation.xml' ? xml.replace(/<p:sldMasterIdLst>[\s\S]*?<\/p:sldMasterIdLst>/, '') : xml));
    const e = await fails(file);
    expect(e.message).toBe('the file has no slide master');
  });

  it('no layout usable for the slides the briefing needs', async () => {
    const file = rewritePackage(await briefOwnFile(), path.join(tmp(), 'notitles.pptx'), (name, xml) => (/^ppt\/slide(Layouts|Masters)\//.test(name) ? xml.replace(/type="(title|ctrTitle)"/g, 'type="body"') : xml));
    const dir = path.dirname(file);
    const result = await build({ dir: sample, output: path.join(dir, 'out.pptx'), cwd: dir, template: file });
    expect(result.ok).toBe(false);
    expect(existsSync(path.join(dir, 'out.pptx'))).toBe(false);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual(['title', 'section', 'bullets'].map((k) => `no layout of the file can hold ${k} slides: none has a title placeholder`));
  });

  it('a file over the size limit, refused before it is read', async () => {
    const file = path.join(tmp(), 'huge.potx');
    writeFileSync(file, '');
    truncateSync(file, 101 * 1024 * 1024);
    const e = await fails(file);
    expect(e.message).toBe("the file is 101 MB, over brief's limit of 100 MB for a template");
  });

  it('the CLI exits 1 and names the file', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'x.potx'), 'nope');
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [path.join(repoRoot, 'bin/brief.js'), 'build', sample, '-t', 'x.potx', '-o', 'out.pptx'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = String((e as { stderr: string }).stderr);
    }
    expect(status).toBe(1);
    expect(stderr).toContain('x.potx: error: not a PowerPoint file: it is not a zip package');
    expect(existsSync(path.join(dir, 'out.pptx'))).toBe(false);
  });
});
