/**
 * A deck on an organisation's PowerPoint file takes the file's theme as theme colours (#11 item 5):
 * chart series, points, cards, tiles, rules and tables reference the theme's slots (`a:schemeClr`,
 * with `lumMod`/`lumOff` for derived shades), so switching the theme in PowerPoint recolours them.
 * Also: closing slides on a content layout, docProps/app.xml naming the deck's own parts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { ChartShape, Deck, ThemeColorRef } from '../src/deck/types.js';
import { openPackage } from '../src/ooxml/package.js';
import { readPresentation } from '../src/ooxml/presentation.js';
import { distinctSeries } from '../src/template/accents.js';
import { chooseLayouts } from '../src/template/base.js';
import { applyLuminance, resolveRef, schemeColorXml } from '../src/template/theme-refs.js';
import { convertedTemplates, rewritePackage } from './helpers/base-files.js';
import { makeBriefing, runCli } from './helpers/briefing.js';
import { childNames, elementsNamed } from './helpers/pptx-zip.js';
import { missingTools, repoRoot, validatorPath } from './helpers/tools.js';
import { readPptxParts, slideNames } from './helpers/unzip.js';

const sample = path.join(repoRoot, 'content');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'brief-theme-'));
const skipLibreOffice = missingTools('soffice', 'pdftoppm', 'pdftotext', 'shared');

function validate(file: string): void {
  expect(execFileSync(validatorPath, [file], { encoding: 'utf8' })).toContain('valid');
}

/** The scheme colour element a reference is written as, for matching in XML. */
const scheme = (ref: ThemeColorRef) => schemeColorXml(ref);

/** The `c:ser` element of the chart part whose cached name is `name`. */
function seriesXml(chart: string, name: string): string {
  const ser = elementsNamed(chart, 'c:ser').find((s) => s.includes(`<c:v>${name.replace(/&/g, '&amp;')}</c:v>`));
  expect(ser, `series ${name}`).toBeDefined();
  return ser!;
}

/** A direct child element of `xml`'s root, as text. */
function child(xml: string, name: string): string | undefined {
  return elementsNamed(xml, name)[0];
}

describe('theme colour references: arithmetic and choice', () => {
  it('applies lumMod/lumOff on HSL lightness as PowerPoint does (its palette of Office blue 4472C4)', () => {
    expect(applyLuminance('4472C4', { lumMod: 60000, lumOff: 40000 })).toBe('8FAADC'); // lighter 40%
    expect(applyLuminance('4472C4', { lumMod: 20000, lumOff: 80000 })).toBe('DAE3F3'); // lighter 80%
    expect(applyLuminance('4472C4', { lumMod: 75000 })).toBe('2F5597'); // darker 25%
    expect(applyLuminance('4472C4', { lumMod: 50000 })).toBe('203864'); // darker 50%
    expect(resolveRef({ accent1: '4472C4' }, { slot: 'accent1' })).toBe('4472C4');
    expect(schemeColorXml({ slot: 'accent2', lumMod: 75000 })).toBe('<a:schemeClr val="accent2"><a:lumMod val="75000"/></a:schemeClr>');
  });

  it('a shade derived because two accents are close is that accent with a luminance transform, and resolves to the hex used', () => {
    const got = distinctSeries(['5B2C83', '6A2E8E', '2A9D8F'], [{ slot: 'accent1' }, { slot: 'accent2' }, { slot: 'accent3' }]);
    expect(got.colors.slice(0, 2)).toEqual(['5B2C83', '2A9D8F']);
    expect(got.refs!.slice(0, 2)).toEqual([{ slot: 'accent1' }, { slot: 'accent3' }]);
    const shade = got.refs![2]!;
    expect(shade.slot).toBe('accent1');
    expect(shade.lumMod).toBeDefined();
    expect(applyLuminance('5B2C83', shade)).toBe(got.colors[2]);
    // Without references (a JSON template) nothing changes.
    expect(distinctSeries(['5B2C83', '6A2E8E'])).not.toHaveProperty('refs');
  });

  it('JSON templates keep hex colours: the default template writes no scheme colours on charts or cards', async () => {
    const output = path.join(tmp(), 'deck.pptx');
    const result = await build({ dir: sample, output, cwd: repoRoot, template: 'default' });
    expect(result.ok).toBe(true);
    const parts = readPptxParts(output);
    for (const [name, xml] of parts) if (/^ppt\/(charts\/chart|slides\/slide)\d+\.xml$/.test(name)) expect(xml, name).not.toContain('<a:schemeClr');
    for (const slide of result.deck!.slides) for (const shape of slide.shapes) expect(JSON.stringify(shape)).not.toMatch(/"(colorRef|fillRef|borderRef|pointColorRefs)"/);
  });
});

describe('contrast warnings on a PowerPoint-file template name the file and what in it to change', () => {
  let own: string;
  beforeAll(async () => {
    own = path.join(tmp(), 'own.pptx');
    const result = await build({ dir: sample, output: own, cwd: repoRoot, template: 'default' });
    expect(result.ok).toBe(true);
  }, 120_000);

  it('a pale title placeholder: the .pptx, the layout and master by name, and where to fix it; no line of generated JSON', async () => {
    const dir = tmp();
    // brief's own bullets layout ("brief-agenda" takes bullets here) with its title in a pale grey.
    const file = rewritePackage(own, path.join(dir, 'corporate.pptx'), (name, xml) => (/^ppt\/slideLayouts\/[^/]+\.xml$/.test(name) && xml.includes('name="brief-agenda"') ? xml.replace(/srgbClr val="143D6B"/g, 'srgbClr val="C8C8C8"') : xml));
    const result = await build({ dir: sample, cwd: dir, template: file, write: false });
    const found = result.diagnostics.filter((d) => d.message.startsWith('text C8C8C8'));
    expect(found).toEqual([
      {
        severity: 'warning',
        message: 'text C8C8C8 on FFFFFF has contrast 1.67:1, below WCAG AA 3:1 for large text (the title placeholder of layout "brief-agenda" (master "Office Theme"))',
        hint: 'darken the text or lighten the background (or the reverse) until they reach 3:1; change the title placeholder of layout "brief-agenda" (master "Office Theme") in the file (View › Slide Master), or set the colour in a template.json whose "base" is the file',
        at: { file: 'corporate.pptx' },
      },
    ]);
  });

  it('a colour template.json sets over the file: the template.json entry, with its line and column', async () => {
    const dir = tmp();
    const folder = path.join(dir, 'templates', 'acme');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'acme.pptx'), readFileSync(own));
    writeFileSync(path.join(folder, 'template.json'), '{\n  "name": "acme",\n  "base": "acme.pptx",\n  "colors": {\n    "muted": "DDDDDD"\n  }\n}\n');
    const result = await build({ dir: sample, cwd: dir, template: folder, write: false });
    const found = result.diagnostics.filter((d) => d.message.includes('text DDDDDD'));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toBe(
      '/colors/muted: text DDDDDD on FFFFFF has contrast 1.35:1, below WCAG AA 4.5:1 for body text (brief\'s "source" text on layout "brief-agenda" (master "Office Theme"), brief\'s "attribution" text on layout "brief-agenda" (master "Office Theme"))',
    );
    expect(found[0]!.at).toEqual({ file: path.join('templates', 'acme', 'template.json'), line: 5, column: 14 });
    // The muted colour is template.json's own now: no theme reference for it.
    expect(result.deck!.slides.flatMap((s) => s.shapes).some((s) => s.kind === 'text' && s.style.color === 'DDDDDD' && s.style.colorRef)).toBe(false);
  });
});

describe.skipIf(!!skipLibreOffice)('the sample on LibreOffice’s Focus, converted to .pptx', () => {
  let focus: string;
  let deck: Deck;
  let parts: Map<string, string>;
  let output: string;
  let theme: Record<string, string>;
  beforeAll(async () => {
    focus = convertedTemplates(['Focus']).get('Focus')!;
    output = path.join(tmp(), 'focus.pptx');
    const result = await build({ dir: sample, output, cwd: repoRoot, template: focus });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    deck = result.deck!;
    parts = readPptxParts(output);
    const model = readPresentation(openPackage(new Uint8Array(readFileSync(focus))));
    theme = model.masters[0]!.theme.colors as Record<string, string>;
  }, 300_000);

  it('chart series and points reference the theme’s accents; each reference resolves to the colour the Deck holds', () => {
    const charts = deck.slides.flatMap((s) => s.shapes.filter((sh): sh is ChartShape => sh.kind === 'chart'));
    const chartParts = [...parts.keys()].filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n)).sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]));
    expect(charts.length).toBe(chartParts.length);
    let themed = 0;
    charts.forEach((shape, i) => {
      const xml = parts.get(chartParts[i]!)!;
      for (const s of shape.chart.series.filter((x) => !x.hidden)) {
        const ser = seriesXml(xml, s.name);
        const spPr = child(ser, 'c:spPr')!;
        if (!s.colorRef) continue;
        themed++;
        expect(s.colorRef.slot).toMatch(/^accent[1-6]$|^dk1$/);
        expect(resolveRef(theme, s.colorRef), s.name).toBe(s.color);
        expect(spPr, s.name).toContain(scheme(s.colorRef));
        expect(spPr, s.name).not.toContain('<a:srgbClr');
        // Highlighted points: the theme's highlight accent, in c:dPt.
        (s.pointColorRefs ?? []).forEach((ref, p) => {
          if (!ref || !s.pointColors || s.pointColors[p] === s.color) return;
          const dPt = elementsNamed(ser, 'c:dPt').find((d) => d.includes(`<c:idx val="${p}"/>`));
          expect(dPt, `${s.name} point ${p}`).toContain(scheme(ref));
          expect(resolveRef(theme, ref)).toBe(s.pointColors[p]);
        });
      }
      // Axis labels and gridlines: the theme's text colour and a shade of it.
      if (shape.chart.gridColorRef) {
        expect(shape.chart.gridColorRef).toEqual({ slot: 'dk1', lumMod: 15000, lumOff: 85000 });
        expect(child(child(xml, 'c:valAx')!, 'c:majorGridlines')).toContain(scheme(shape.chart.gridColorRef));
      }
    });
    expect(themed).toBeGreaterThanOrEqual(4);
    // The combo chart's two bar series: two different accents (Focus's accent1 and accent2 are apart).
    const combo = charts.find((c) => c.chart.type === 'combo')!.chart;
    expect(combo.series[0]!.colorRef!.slot).not.toBe(combo.series[1]!.colorRef!.slot);
  });

  it('cards, figure tiles, rules and tables reference the theme: surface lt2, accents, primary dk2', () => {
    const slides = slideNames(parts);
    const indexOf = (kind: string) => deck.slides.findIndex((s) => s.kind === kind);
    const cards = parts.get(slides[indexOf('cards')]!)!;
    const shapes = elementsNamed(cards, 'p:sp');
    const named = (name: string) => shapes.filter((s) => s.includes(`name="${name}"`));
    expect(named('card').length).toBeGreaterThanOrEqual(2);
    for (const card of named('card')) expect(child(card, 'p:spPr')).toContain('<a:solidFill><a:schemeClr val="lt2"/></a:solidFill>');
    named('card-accent').forEach((accent, i) => expect(child(accent, 'p:spPr')).toContain(`<a:schemeClr val="accent${i + 1}"/>`));
    // Card titles are set in the primary colour: the runs reference dk2.
    for (const title of named('card-title')) expect(title).toContain('<a:solidFill><a:schemeClr val="dk2"/></a:solidFill>');
    const figures = parts.get(slides[indexOf('figures')]!)!;
    for (const tile of elementsNamed(figures, 'p:sp').filter((s) => s.includes('name="tile"'))) expect(child(tile, 'p:spPr')).toContain('<a:schemeClr val="lt2"/>');
    const table = parts.get(slides[indexOf('table')]!)!;
    const rows = elementsNamed(table, 'a:tr');
    const header = elementsNamed(rows[0]!, 'a:tc')[0]!;
    expect(child(header, 'a:tcPr')).toMatch(/<a:solidFill><a:schemeClr val="dk2"\/><\/a:solidFill>/);
    // the header text on the primary colour: light 1
    expect(header).toContain('<a:schemeClr val="lt1"/>');
    // banded rows: surface; the rule under each row: a shade of the text colour
    expect(child(elementsNamed(rows[2]!, 'a:tc')[0]!, 'a:tcPr')).toContain('<a:solidFill><a:schemeClr val="lt2"/></a:solidFill>');
    expect(child(child(elementsNamed(rows[1]!, 'a:tc')[0]!, 'a:tcPr')!, 'a:lnB')).toContain('<a:schemeClr val="dk1"><a:lumMod val="15000"/><a:lumOff val="85000"/></a:schemeClr>');
    // No colour of the theme is left as hex in these shapes: the only srgbClr are the file's placeholder text colours.
    for (const xml of [cards, figures, table]) {
      const hex = [...xml.matchAll(/<a:srgbClr val="([0-9A-F]{6})"/g)].map((m) => m[1]);
      for (const h of hex) expect(Object.values(theme), `${h} is a theme colour written as hex`).not.toContain(h);
    }
  });

  it('the deck validates, schemeClr in c:spPr included', () => {
    validate(output);
  }, 300_000);

  it('closing slides go on a title-and-body layout of the content master, not the title layout; inspect says why', () => {
    const model = readPresentation(openPackage(new Uint8Array(readFileSync(focus))));
    const { choices } = chooseLayouts(model);
    expect(choices.closing!.shape.layout.part).not.toBe(choices.title!.shape.layout.part);
    expect(choices.closing!.shape.master).toBe(choices.bullets!.shape.master);
    expect(choices.closing!.shape.bodies).toHaveLength(1);
    expect(choices.closing!.reason).toBe(
      "a title and one body placeholder: a closing slide carries body text, which on the title layout would sit over the title slide's graphics (master 4, the content master)",
    );
    const closing = deck.slides.findIndex((s) => s.kind === 'closing');
    const rels = parts.get(`ppt/slides/_rels/slide${closing + 1}.xml.rels`)!;
    expect(rels).toContain(`Target="../${choices.closing!.shape.layout.part.replace(/^ppt\//, '')}"`);
    const inspect = runCli(['template', 'inspect', focus], tmp());
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(inspect.stdout).toContain(`  closing  → "${choices.closing!.shape.layout.name}": a title and one body placeholder: a closing slide carries body text`);
  });

  it('docProps/app.xml lists the deck’s fonts, the theme of each of the file’s masters and the slide titles, with matching counts', () => {
    const app = parts.get('docProps/app.xml')!;
    const model = readPresentation(openPackage(new Uint8Array(readFileSync(focus))));
    const pairs = [...app.matchAll(/<vt:variant><vt:lpstr>([^<]*)<\/vt:lpstr><\/vt:variant><vt:variant><vt:i4>(\d+)<\/vt:i4><\/vt:variant>/g)].map((m) => [m[1], Number(m[2])] as const);
    expect(pairs.map((p) => p[0])).toEqual(['Fonts Used', 'Theme', 'Slide Titles']);
    const titles = [...app.matchAll(/<vt:lpstr>([^<]*)<\/vt:lpstr>/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).filter((t) => !['Fonts Used', 'Theme', 'Slide Titles'].includes(t));
    const vector = /<TitlesOfParts><vt:vector size="(\d+)"/.exec(app)!;
    expect(Number(vector[1])).toBe(titles.length);
    expect(pairs.reduce((n, p) => n + p[1], 0)).toBe(titles.length);
    const [fonts, themes] = [pairs[0]![1], pairs[1]![1]];
    expect(titles.slice(0, fonts)).toContain(model.masters[0]!.theme.fonts.major);
    expect(titles.slice(fonts, fonts + themes)).toEqual(model.masters.map((m) => m.theme.name));
    expect(titles.slice(fonts + themes)).toEqual(deck.slides.map((s) => s.title));
    expect(app).not.toMatch(/<vt:lpstr>Slide 1<\/vt:lpstr>/);
    expect(childNames(app, 'Properties')).toContain('TitlesOfParts');
  });

  it('changing the theme’s accent colours recolours the chart; a columns slide fills LibreOffice’s two-content layout (one render)', async () => {
    // One chart, one series, on Focus: its bars are accent 1. Then two columns.
    const dir = makeBriefing({
      'deck.yaml': 'title: Theme test\ndata:\n  t: data/t.csv\n',
      'data/t.csv': 'year,v\n2021,10\n2022,10\n2023,10\n2024,10\n',
      '01.md': '## One series\n\n```chart\ntype: column\ndata: t\nx: year\ny: [v]\n```\n',
      '02.md': '## Two views\n\n::: columns\n::: column\n- Leftward point\n:::\n::: column\n- Rightward point\n:::\n:::\n',
    });
    const built = path.join(dir, 'deck.pptx');
    const result = await build({ dir, output: built, cwd: dir, template: focus });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const slides = result.deck!.slides;
    const series = slides.flatMap((s) => s.shapes).find((s): s is ChartShape => s.kind === 'chart')!.chart.series[0]!;
    expect(series.colorRef).toEqual({ slot: 'accent1' });

    // Columns: LibreOffice's "Title, 2 Content" layout has two body placeholders, both idx 0 (no
    // type, no idx): each column is one of them, and keeps its own box explicitly, left and right.
    const columns = slides.findIndex((s) => s.kind === 'columns');
    const layout = result.deck!.base!.layouts['columns']!;
    expect(layout.bodies).toHaveLength(2);
    expect(layout.bodies.map((b) => b.idx)).toEqual([0, 0]);
    const deckParts = readPptxParts(built);
    const slideXml = deckParts.get(`ppt/slides/slide${columns + 1}.xml`)!;
    expect(deckParts.get(`ppt/slides/_rels/slide${columns + 1}.xml.rels`)).toContain(`Target="../${layout.part.replace(/^ppt\//, '')}"`);
    const model = readPresentation(openPackage(new Uint8Array(readFileSync(focus))));
    const fileBodies = model.masters.flatMap((m) => m.layouts).find((l) => l.part === layout.part)!.placeholders.filter((p) => p.type === 'obj' || p.type === 'body');
    const offX = (name: string) => {
      const sp = elementsNamed(slideXml, 'p:sp').find((x) => x.includes(`name="${name}"`))!;
      expect(sp, name).toContain('<p:ph idx="0"/>');
      return Number(/<a:off x="(\d+)"/.exec(sp)![1]) / 914400;
    };
    const [left, right] = [offX('column-1'), offX('column-2')];
    expect(left).toBeCloseTo(Math.min(...fileBodies.map((b) => b.box!.x)), 2);
    expect(right).toBeCloseTo(Math.max(...fileBodies.map((b) => b.box!.x)), 2);

    // What PowerPoint does when another colour scheme is picked: the theme parts' accents change, nothing else.
    const zip = unzipSync(new Uint8Array(readFileSync(built)));
    for (const name of Object.keys(zip).filter((n) => /^ppt\/theme\/theme\d+\.xml$/.test(n))) {
      zip[name] = strToU8(strFromU8(zip[name]!).replace(/<a:accent1>[\s\S]*?<\/a:accent1>/, '<a:accent1><a:srgbClr val="00B050"/></a:accent1>'));
    }
    const recoloured = path.join(dir, 'recoloured.pptx');
    writeFileSync(recoloured, zipSync(zip));
    const pdfDir = tmp();
    execFileSync('soffice', [`-env:UserInstallation=file://${tmp()}`, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, recoloured], { stdio: 'ignore', timeout: 240_000 });
    const pdf = path.join(pdfDir, 'recoloured.pdf');
    const chartPage = slides.findIndex((s) => s.kind === 'chart') + 1;
    execFileSync('pdftoppm', ['-r', '30', '-f', String(chartPage), '-l', String(chartPage), pdf, path.join(pdfDir, 'p')]);
    const ppm = readFileSync(path.join(pdfDir, execFileSync('ls', [pdfDir], { encoding: 'utf8' }).split('\n').find((f) => f.endsWith('.ppm'))!));
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
    const count = (rgb: [number, number, number]) => {
      let n = 0;
      for (let i = header[0].length; i + 2 < ppm.length; i += 3) if (Math.abs(ppm[i]! - rgb[0]) < 24 && Math.abs(ppm[i + 1]! - rgb[1]) < 24 && Math.abs(ppm[i + 2]! - rgb[2]) < 24) n++;
      return n;
    };
    const old = series.color;
    const oldRgb: [number, number, number] = [parseInt(old.slice(0, 2), 16), parseInt(old.slice(2, 4), 16), parseInt(old.slice(4, 6), 16)];
    // The bars are in the new accent 1; none is left in the old one.
    expect(count([0x00, 0xb0, 0x50])).toBeGreaterThan(200);
    expect(count(oldRgb)).toBeLessThan(20);

    // In the render, each column's text sits in its half of the slide.
    const words = execFileSync('pdftotext', ['-bbox', '-f', String(columns + 1), '-l', String(columns + 1), pdf, '-'], { encoding: 'utf8' });
    const pageWidth = Number(/<page width="([\d.]+)"/.exec(words)![1]);
    const xOf = (word: string) => Number(new RegExp(`<word xMin="([\\d.]+)"[^>]*>${word}</word>`).exec(words)?.[1] ?? NaN);
    expect(xOf('Leftward')).toBeLessThan(pageWidth / 2);
    expect(xOf('Rightward')).toBeGreaterThan(pageWidth / 2);
  }, 400_000);
});
