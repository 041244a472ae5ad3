/**
 * On a PowerPoint-file template, text is measured with what each placeholder inherits (#11 item 4):
 * the layout's placeholder, then the master's, then the master's txStyles, with theme font
 * references (`+mj-lt`, `+mn-lt`) resolved through the theme's font scheme, the placeholder's
 * bodyPr insets and its autofit. The templates are made at test time from brief's own output
 * (a PowerPoint file too) with one placeholder property changed; synthetic, for tests only.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { Deck, TextShape } from '../src/deck/types.js';
import { NO_AUTOFIT_SHRINK } from '../src/template/base.js';
import { rewritePackage } from './helpers/base-files.js';
import { makeBriefing } from './helpers/briefing.js';
import { repoRoot } from './helpers/tools.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'brief-base-fonts-'));

const WORDS = 'the delegation agreed on supply chain dialogue export controls consultations and a joint statement on regional stability';
/** A section and one bullets slide: `n` bullets of plain words under `title`. */
const briefing = (n: number, title = "Measured in the body placeholder's font") =>
  makeBriefing({
    'deck.yaml': 'title: Placeholder fonts\nclassification: Test\n',
    '01.md': `# Part\n\n## ${title}\n\n${Array.from({ length: n }, (_, i) => `- Point ${i + 1}: ${WORDS}`).join('\n')}\n`,
  });
// One line of the title box in bold Calibri at its 30 pt; not in Arial, which is wider, nor in a narrower box.
const LONG_TITLE = 'Supply chains, export controls and regional stability in Asia';

let own: string;
async function ownFile(): Promise<string> {
  if (own) return own;
  own = path.join(tmp(), 'own.pptx');
  const result = await build({ dir: path.join(repoRoot, 'content'), output: own, cwd: repoRoot, template: 'default' });
  expect(result.ok).toBe(true);
  return own;
}

/** The file with every layout's body (or title) placeholder edited (the bullets kind takes the first layout with a title and one body). */
async function variant(name: string, which: 'body' | 'title', edit: (sp: string) => string, themeEdit?: (xml: string) => string): Promise<string> {
  return rewritePackage(await ownFile(), path.join(tmp(), `${name}.pptx`), (part, xml) => {
    if (themeEdit && /^ppt\/theme\/theme\d+\.xml$/.test(part)) return themeEdit(xml);
    if (!/^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(part)) return xml;
    return xml.replace(/<p:sp>[\s\S]*?<\/p:sp>/g, (sp) => (new RegExp(`<p:ph\\b[^>]*type="${which}"`).test(sp) ? edit(sp) : sp));
  });
}

async function deckOn(file: string, dir = briefing(8)): Promise<{ deck: Deck; messages: string[] }> {
  const result = await build({ dir, cwd: repoRoot, template: file, write: false });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { deck: result.deck!, messages: result.diagnostics.map((d) => d.message) };
}

const bodies = (deck: Deck) => deck.slides.filter((s) => s.kind === 'bullets').map((s) => s.shapes.find((x): x is TextShape => x.kind === 'text' && x.role === 'body')!);
const titles = (deck: Deck) => deck.slides.filter((s) => s.kind === 'bullets').map((s) => s.shapes.find((x): x is TextShape => x.kind === 'text' && x.role === 'title')!);

describe('text on a PowerPoint-file template is measured with each placeholder’s own font and size', () => {
  let plain: { deck: Deck; messages: string[] };
  beforeAll(async () => {
    plain = await deckOn(await ownFile());
  });

  it('takes the body placeholder’s face, size and (default) insets', () => {
    const [body] = bodies(plain.deck);
    expect(body!.style.fontFace).toBe('Calibri');
    expect(body!.style.eastAsianFontFace).toBe('Malgun Gothic');
    // pptxgenjs's layouts write no insets: DrawingML's defaults, 0.1 in left and right, 0.05 in top and bottom
    expect(body!.style.insets).toEqual([0.05, 0.1, 0.05, 0.1]);
    // the layout the bullets got (brief-agenda, the first with a title and one body) sets 24 pt
    expect(plain.messages).toContain(`text of slide "Measured in the body placeholder's font" shrunk from 24 pt to ${body!.style.fontSize} pt to fit`);
    expect(bodies(plain.deck)).toHaveLength(1);
  });

  it('a much larger body size changes where the text shrinks to', async () => {
    const short = briefing(2);
    const plainShort = await deckOn(await ownFile(), short);
    expect(bodies(plainShort.deck)[0]!.style.fontSize).toBe(24);
    const big = await deckOn(await variant('big-body', 'body', (sp) => sp.replace(/(<a:lvl1pPr\b[\s\S]*?<a:defRPr\b[^>]*?)sz="\d+"/, '$1sz="4400"')), short);
    const size = bodies(big.deck)[0]!.style.fontSize;
    expect(size).toBeGreaterThan(24);
    expect(size).toBeLessThan(44);
    expect(big.messages).toContain(`text of slide "Measured in the body placeholder's font" shrunk from 44 pt to ${size} pt to fit`);
  });

  it('a wider face written on the placeholder makes a title shrink that fits in the theme’s narrower one', async () => {
    const dir = briefing(1, LONG_TITLE);
    const plainTitle = await deckOn(await ownFile(), dir);
    expect(titles(plainTitle.deck)[0]!.style.fontFace).toBe('Calibri');
    expect(titles(plainTitle.deck)[0]!.style.fontSize).toBe(30);
    // The theme's fonts stay Calibri; only the layouts' title placeholders name Arial.
    const file = await variant('wide-title', 'title', (sp) => sp.replace(/(<a:lvl1pPr\b[\s\S]*?<a:defRPr\b[\s\S]*?)<a:latin typeface="Calibri"/, '$1<a:latin typeface="Arial"'));
    const wide = await deckOn(file, dir);
    const [title] = titles(wide.deck);
    expect(title!.style.fontFace).toBe('Arial');
    expect(title!.style.fontSize).toBeLessThan(30);
    expect(wide.messages).toContain(`the title shrunk from 30 pt to ${title!.style.fontSize} pt to fit`);
  });

  it('a theme font reference on a placeholder is resolved through the theme’s font scheme', async () => {
    // The title takes the minor (body) font, +mn-lt, and the theme's minor Latin font becomes Arial.
    const file = await variant(
      'minor-title',
      'title',
      (sp) => sp.replace(/(<a:lvl1pPr\b[\s\S]*?<a:defRPr\b[\s\S]*?)<a:latin typeface="Calibri"/, '$1<a:latin typeface="+mn-lt"'),
      (xml) => xml.replace(/(<a:minorFont>\s*<a:latin typeface=")[^"]*"/, '$1Arial"'),
    );
    const { deck } = await deckOn(file, briefing(1, LONG_TITLE));
    expect(titles(deck)[0]!.style.fontFace).toBe('Arial');
    expect(titles(deck)[0]!.style.fontSize).toBeLessThan(30);
    // the body placeholders still name Calibri
    expect(bodies(deck)[0]!.style.fontFace).toBe('Calibri');
  });

  it('a layout placeholder that writes no look inherits the master’s txStyles (bodyStyle: 32 pt, +mn-lt)', async () => {
    // The layouts' body placeholders lose their list style; the master has no body placeholder, so its txStyles speak.
    const file = await variant(
      'txstyles-body',
      'body',
      // (and the prompt text its size, which LibreOffice-made layouts carry their look on)
      (sp) => sp.replace(/<a:lstStyle>[\s\S]*?<\/a:lstStyle>/, '<a:lstStyle/>').replace(/(<a:endParaRPr\b[^>]*?)\ssz="\d+"/, '$1'),
      (xml) => xml.replace(/(<a:minorFont>\s*<a:latin typeface=")[^"]*"/, '$1Arial"'),
    );
    const { deck, messages } = await deckOn(file, briefing(1));
    const [body] = bodies(deck);
    expect(body!.style.fontFace).toBe('Arial');
    expect(messages.filter((m) => m.startsWith('text of slide'))).toEqual([]);
    expect(body!.style.fontSize).toBe(32);
  });

  it('wide insets narrow the box the text is measured in', async () => {
    const dir = briefing(1, LONG_TITLE);
    const file = await variant('inset-title', 'title', (sp) => sp.replace('<a:bodyPr wrap="square" rtlCol="0">', '<a:bodyPr wrap="square" rtlCol="0" lIns="914400" rIns="914400">'));
    const inset = await deckOn(file, dir);
    const [title] = titles(inset.deck);
    // top and bottom as DrawingML's default, left and right as written (1 in)
    expect(title!.style.insets).toEqual([0.05, 1, 0.05, 1]);
    expect(title!.style.fontSize).toBeLessThan(30);
  });

  it('a placeholder that does not autofit (noAutofit) stays near its size: the text shrinks a little at most, then continues', async () => {
    const fixed = await deckOn(await variant('noautofit-body', 'body', (sp) => sp.replace('<a:bodyPr wrap="square" rtlCol="0"></a:bodyPr>', '<a:bodyPr wrap="square" rtlCol="0"><a:noAutofit/></a:bodyPr>')));
    const floor = Math.ceil(24 * NO_AUTOFIT_SHRINK * 2) / 2;
    for (const body of bodies(fixed.deck)) expect(body.style.fontSize).toBeGreaterThanOrEqual(floor);
    // the plain body shrinks below that floor to fit; the noAutofit one continues instead
    expect(Math.min(...bodies(plain.deck).map((b) => b.style.fontSize))).toBeLessThan(floor);
    expect(bodies(fixed.deck).length).toBeGreaterThan(bodies(plain.deck).length);
  });

  it('a noAutofit body that fits after a slight shrink shrinks, and leaves no short continuation slide', async () => {
    const file = await variant('noautofit-body-2', 'body', (sp) => sp.replace('<a:bodyPr wrap="square" rtlCol="0"></a:bodyPr>', '<a:bodyPr wrap="square" rtlCol="0"><a:noAutofit/></a:bodyPr>'));
    const floor = Math.ceil(24 * NO_AUTOFIT_SHRINK * 2) / 2;
    // the number of bullets that the plain body fits on one slide by shrinking a little
    let found: { n: number; size: number } | undefined;
    for (let n = 7; n >= 2 && !found; n--) {
      const [body, ...rest] = bodies((await deckOn(await ownFile(), briefing(n))).deck);
      if (rest.length === 0 && body!.style.fontSize < 24 && body!.style.fontSize >= floor) found = { n, size: body!.style.fontSize };
    }
    expect(found, 'a bullet count that needs a slight shrink').toBeDefined();
    const fixed = bodies((await deckOn(file, briefing(found!.n))).deck);
    expect(fixed).toHaveLength(1);
    expect(fixed[0]!.style.fontSize).toBe(found!.size);
  });

  it('the title placeholder’s own size is the title’s size', async () => {
    expect(titles(plain.deck)[0]!.style.fontSize).toBeLessThanOrEqual(30);
    const small = await deckOn(await variant('small-title', 'title', (sp) => sp.replace(/(<a:lvl1pPr\b[\s\S]*?<a:defRPr\b[^>]*?)sz="\d+"/, '$1sz="1600"')));
    expect(titles(small.deck)[0]!.style.fontSize).toBe(16);
    const big = await deckOn(await variant('big-title', 'title', (sp) => sp.replace(/(<a:lvl1pPr\b[\s\S]*?<a:defRPr\b[^>]*?)sz="\d+"/, '$1sz="8000"')));
    // 80 pt does not fit the title's box: it shrinks from 80, to more than 30.
    expect(big.messages).toContain(`the title shrunk from 80 pt to ${titles(big.deck)[0]!.style.fontSize} pt to fit`);
    expect(titles(big.deck)[0]!.style.fontSize).toBeGreaterThan(30);
  });
});
