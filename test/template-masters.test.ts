import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { Deck, TextShape } from '../src/deck/types.js';
import { deckToHtml } from '../src/render/html.js';
import { deckToPptxBytes } from '../src/render/pptx/index.js';
import { makeBriefing } from './helpers/briefing.js';
import { BUILTIN_TEMPLATES, loadTemplate } from '../src/template/load.js';
import type { Template } from '../src/template/types.js';
import { elementsNamed } from './helpers/pptx-zip.js';
import { missingTools, repoRoot, sharedDir } from './helpers/tools.js';
import { readPptxParts, slideNames, texts } from './helpers/unzip.js';

const SHIPPED = ['default', 'ministry'];

/** Slide layouts by name (`brief-bullets` → its XML). */
function layoutsByName(parts: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, xml] of parts) {
    const m = /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(name) ? /<p:cSld name="([^"]*)"/.exec(xml) : null;
    if (m) out.set(m[1]!, xml);
  }
  return out;
}

function placeholderShape(xml: string, type: RegExp): string | undefined {
  return elementsNamed(xml, 'p:sp').find((sp) => new RegExp(`<p:ph[^>]*type="${type.source}"`).test(sp));
}

describe.each(SHIPPED)('the sample built with the %s template', (name) => {
  let deck: Deck;
  let parts: Map<string, string>;
  let output: string;
  let template: Template;

  beforeAll(async () => {
    template = loadTemplate(path.join(BUILTIN_TEMPLATES, name)).template!;
    const out = path.join(mkdtempSync(path.join(tmpdir(), `brief-${name}-`)), 'deck.pptx');
    const result = await build({ dir: path.join(repoRoot, 'content'), output: out, cwd: repoRoot, template: name });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    deck = result.deck!;
    output = result.output!;
    parts = readPptxParts(output);
  });

  it('is built with that template', () => {
    expect(deck.template).toBe(name);
    expect(deck.theme!.colors.dk2).toBe(template.colors.primary);
  });

  it('puts every slide title in a title placeholder', () => {
    slideNames(parts).forEach((part, i) => {
      const title = deck.slides[i]!.title;
      if (!title) return;
      const sp = placeholderShape(parts.get(part)!, /(title|ctrTitle)/);
      expect(sp, `${part} has a title placeholder`).toBeDefined();
      expect(texts(sp!).join('')).toBe(title);
    });
  });

  it('has a slide layout for every template layout, with a title placeholder styled like the template', () => {
    const layouts = layoutsByName(parts);
    for (const [layoutName, layout] of Object.entries(template.layouts)) {
      const xml = layouts.get(`brief-${layoutName}`);
      expect(xml, `layout brief-${layoutName}`).toBeDefined();
      if (!layout.regions['title']) continue;
      const title = placeholderShape(xml!, /title/)!;
      expect(title, `brief-${layoutName} title placeholder`).toBeDefined();
      const style = layout.styles['title']!;
      expect(title).toContain(`sz="${style.size * 100}"`);
      expect(title).toContain(`<a:srgbClr val="${style.color}"/>`);
    }
  });

  it('puts bullet text into the body placeholder of the bullets layout, keeping the fitted sizes', () => {
    const layout = layoutsByName(parts).get('brief-bullets')!;
    expect(placeholderShape(layout, /body/)).toContain('<a:buChar');
    const i = deck.slides.findIndex((s) => s.layout === 'bullets' && s.shapes.some((sh) => sh.kind === 'text' && sh.role === 'body'));
    const body = deck.slides[i]!.shapes.find((s) => s.kind === 'text' && s.role === 'body')!;
    const sp = placeholderShape(parts.get(slideNames(parts)[i]!)!, /body/);
    expect(sp).toBeDefined();
    expect(sp).toContain(`sz="${(body as { style: { fontSize: number } }).style.fontSize * 100}"`);
  });

  it('draws the logo and fixed footer text on the layouts, not again on each slide; slide numbers stay on the slides', () => {
    const layouts = layoutsByName(parts);
    const bullets = layouts.get('brief-bullets')!;
    expect(bullets.includes('<p:pic>')).toBe(!!template.logo);
    expect(bullets).toContain('name="footer-left"');
    for (const part of slideNames(parts)) {
      const xml = parts.get(part)!;
      expect(xml, part).not.toContain('name="logo"');
      expect(xml, part).not.toContain('name="footer-left"');
    }
    const numbered = deck.slides.findIndex((s) => s.shapes.some((sh) => sh.role === 'footer-right'));
    expect(parts.get(slideNames(parts)[numbered]!)).toContain('name="footer-right"');
  });

  it("writes the template's colours and fonts into the deck's theme", () => {
    const theme = parts.get('ppt/theme/theme1.xml')!;
    expect(theme).toContain(`<a:dk1><a:srgbClr val="${template.colors.text}"/></a:dk1>`);
    expect(theme).toContain(`<a:lt1><a:srgbClr val="${template.colors.background}"/></a:lt1>`);
    expect(theme).toContain(`<a:accent1><a:srgbClr val="${template.colors.chart[0]}"/></a:accent1>`);
    expect(theme).toMatch(new RegExp(`<a:majorFont><a:latin typeface="${template.fonts.heading}"`));
    expect(theme).toMatch(new RegExp(`<a:minorFont><a:latin typeface="${template.fonts.body}"`));
  });

  const validateSkip = missingTools('xmllint', 'python3', 'shared');
  it.skipIf(!!validateSkip)(`passes validate-pptx ${validateSkip ?? ''}`, () => {
    const out = execFileSync(path.join(sharedDir, 'tools/validate-pptx'), [output], { encoding: 'utf8' });
    expect(out).toMatch(/: valid \(\d+ parts\)/);
  });
});

/**
 * Master elements are decided once, from the template (#14 item 4): the Deck's masters hold the logo
 * and the footer text that is the same on every slide, the slides only their own shapes; no renderer
 * looks for slide shapes that equal a master's.
 */
describe('master elements decided once', () => {
  const briefing = makeBriefing({
    'deck.yaml': 'title: Masters\nclassification: Internal\n',
    '01.md': '# Part\n\n## One\n\n- a\n\n## Two\n\n- b\n',
  });
  const withFooter = (center: string) => {
    const dir = makeBriefing({ 'templates/acme/template.json': JSON.stringify({ extends: 'default', footer: { center } }, null, 2) });
    return path.join(dir, 'templates', 'acme');
  };

  it('puts the logo and the fixed footer texts on the masters of the layouts that show them, the slide number on the slides', async () => {
    const { deck } = await build({ dir: briefing, cwd: briefing, write: false });
    const template = loadTemplate(path.join(BUILTIN_TEMPLATES, 'default')).template!;
    for (const master of deck!.masters!) {
      const layout = template.layouts[master.layout]!;
      expect(master.shapes.some((s) => s.role === 'logo'), master.layout).toBe(layout.logo !== false && !!template.logo);
      expect(master.shapes.some((s) => s.role === 'footer-center'), master.layout).toBe(layout.footer !== false);
      expect(master.shapes.some((s) => s.role === 'footer-right'), 'the slide number is per slide').toBe(false);
    }
    for (const slide of deck!.slides) {
      expect(slide.shapes.some((s) => s.role === 'logo' || s.role === 'footer-left' || s.role === 'footer-center')).toBe(false);
      const number = slide.shapes.find((s): s is TextShape => s.kind === 'text' && s.role === 'footer-right');
      expect(!!number).toBe(template.layouts[slide.layout]!.footer !== false);
    }
  });

  it('a change of footer text changes only the masters: every slide stays the same', async () => {
    const a = await build({ dir: briefing, cwd: briefing, template: withFooter('Internal use'), write: false });
    const b = await build({ dir: briefing, cwd: briefing, template: withFooter('Restricted'), write: false });
    expect(b.deck!.slides).toEqual(a.deck!.slides);
    const centre = (deck: Deck) => deck.masters!.find((m) => m.layout === 'bullets')!.shapes.find((s): s is TextShape => s.role === 'footer-center')!.paragraphs[0]!.runs.map((r) => r.text).join('');
    expect(centre(a.deck!)).toBe('Internal use');
    expect(centre(b.deck!)).toBe('Restricted');
  });

  it('keeps on the slide a shape of its own that happens to equal a master element', async () => {
    const { deck } = await build({ dir: briefing, cwd: briefing, write: false });
    const master = deck!.masters!.find((m) => m.layout === 'bullets')!;
    const logo = master.shapes.find((s) => s.role === 'logo')!;
    expect(logo).toBeDefined();
    // The slide shows the same picture in the same place: it is the slide's own, and stays there.
    const i = deck!.slides.findIndex((s) => s.layout === 'bullets');
    const slides = deck!.slides.map((s, k) => (k === i ? { ...s, shapes: [...s.shapes, structuredClone(logo)] } : s));
    const parts = await pptxParts({ ...deck!, slides });
    const slideXml = parts.get(slideNames(parts)[i]!)!;
    expect(elementsNamed(slideXml, 'p:pic').filter((pic) => pic.includes('name="logo"'))).toHaveLength(1);
    // and the master still has its own
    expect(layoutsByName(parts).get('brief-bullets')!).toContain('name="logo"');
  });

  it('the preview draws the master’s shapes under each slide’s own', async () => {
    const { deck } = await build({ dir: briefing, cwd: briefing, write: false });
    const html = deckToHtml(deck!, { chartJs: '', client: '', images: new Map() });
    const i = deck!.slides.findIndex((s) => s.layout === 'bullets');
    const section = new RegExp(`<section[^>]*id="slide-${i + 1}"[\\s\\S]*?</section>`).exec(html)![0];
    const roles = [...section.matchAll(/data-role="([^"]+)"/g)].map((m) => m[1]);
    expect(roles.slice(0, 3)).toEqual(['logo', 'footer-left', 'footer-center'].filter((r) => deck!.masters!.find((m) => m.layout === 'bullets')!.shapes.some((s) => s.role === r)));
    expect(roles).toContain('footer-right');
    expect(roles.indexOf('title')).toBeGreaterThan(roles.indexOf('footer-center'));
  });
});

async function pptxParts(deck: Deck): Promise<Map<string, string>> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'brief-masters-')), 'deck.pptx');
  writeFileSync(file, await deckToPptxBytes(deck));
  return readPptxParts(file);
}
