import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { PptxGenJS } from '../src/render/pptx/pptxgen.js';
import { BUILTIN_TEMPLATES } from '../src/template/load.js';
import { MINIMAL, makeBriefing, runCli } from './helpers/briefing.js';
import { readPptxParts, slideNames } from './helpers/unzip.js';
import { repoRoot } from './helpers/tools.js';

const NO_STACK = /\n\s+at .+:\d+:\d+\)?\n|internal error/;

describe('brief template list', () => {
  it('lists built-in and project templates with their descriptions', () => {
    const dir = makeBriefing({ ...MINIMAL, 'templates/acme/template.json': JSON.stringify({ extends: 'default', description: 'Acme red' }) });
    const r = runCli(['template', 'list', '.'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^acme +Acme red +\[templates\/acme\]$/m);
    expect(r.stdout).toMatch(/^default +Navy and teal on white.*\[built-in\]$/m);
    expect(r.stdout).toMatch(/^ministry +Gold on deep navy.*\[built-in\]$/m);
  });
});

describe('brief template new', () => {
  it('copies a template that builds, and whose edits show in the deck', () => {
    const dir = makeBriefing(MINIMAL);
    const created = runCli(['template', 'new', 'acme', '--from', 'ministry'], dir);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain('created templates/acme/ with template.json');
    const file = path.join(dir, 'templates/acme/template.json');
    const template = JSON.parse(readFileSync(file, 'utf8'));
    expect(template.extends).toBeUndefined();
    expect(template.name).toBe('acme');
    expect(template.layouts.bullets.regions.body).toEqual(JSON.parse(readFileSync(path.join(BUILTIN_TEMPLATES, 'ministry/template.json'), 'utf8')).layouts.bullets.regions.body);
    template.colors.primary = '8A1538';
    writeFileSync(file, JSON.stringify(template, null, 2));
    const built = runCli(['build', '.', '-t', 'acme', '-o', 'out.pptx'], dir);
    expect(built.code, built.stderr).toBe(0);
    const parts = readPptxParts(path.join(dir, 'out.pptx'));
    const bullets = parts.get(slideNames(parts)[3]!)!;
    expect(bullets).toContain('<a:srgbClr val="8A1538"/>');
    expect(bullets).toContain('<a:latin typeface="Arial"');
  });

  it('copies the logo with the template', () => {
    const dir = makeBriefing(MINIMAL);
    expect(runCli(['template', 'new', 'house'], dir).code).toBe(0);
    expect(readFileSync(path.join(dir, 'templates/house/logo.png')).equals(readFileSync(path.join(BUILTIN_TEMPLATES, 'default/logo.png')))).toBe(true);
    expect(runCli(['build', '.', '-t', 'house', '-o', 'out.pptx'], dir).code).toBe(0);
  });

  it('writes a small extending template with --extends', () => {
    const dir = makeBriefing(MINIMAL);
    expect(runCli(['template', 'new', 'thin', '--from', 'ministry', '--extends'], dir).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'templates/thin/template.json'), 'utf8'))).toMatchObject({ extends: 'ministry', name: 'thin' });
    expect(runCli(['build', '.', '-t', 'thin', '-o', 'out.pptx'], dir).code).toBe(0);
  });

  it('refuses an existing folder and an unknown source, exit 1', () => {
    const dir = makeBriefing(MINIMAL);
    expect(runCli(['template', 'new', 'acme'], dir).code).toBe(0);
    const again = runCli(['template', 'new', 'acme'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('templates/acme already exists');
    const unknown = runCli(['template', 'new', 'x', '--from', 'minstry'], dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('did you mean "ministry"?');
    expect(unknown.stderr).not.toMatch(NO_STACK);
    expect(existsSync(path.join(dir, 'templates/x'))).toBe(false);
  });
});

const SCHEME = { dk1: '101820', lt1: 'FAFAF5', dk2: '7A1F2B', lt2: 'EDE8DF', accent1: 'C8102E', accent2: '00677F', accent3: 'F2A900', accent4: '5C8A3A', accent5: '6E3B8F', accent6: '3A3A3A', hlink: '00677F', folHlink: '6E3B8F' };
const FONTS =
  '<a:fontScheme name="Acme"><a:majorFont><a:latin typeface="Georgia"/><a:ea typeface=""/><a:cs typeface=""/><a:font script="Hang" typeface="Batang"/></a:majorFont>' +
  '<a:minorFont><a:latin typeface="Verdana"/><a:ea typeface=""/><a:cs typeface=""/><a:font script="Hang" typeface="Dotum"/><a:font script="Hans" typeface="SimSun"/></a:minorFont></a:fontScheme>';

/** A 4:3 .pptx whose theme has known colours and fonts, with a picture on its (pptxgenjs) master. */
async function makeThemedPptx(file: string, opts: { placeholders?: boolean } = {}): Promise<void> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_4x3';
  const placeholders = opts.placeholders
    ? [
        { placeholder: { options: { name: 'title', type: 'title' as const, x: 0.5, y: 0.4, w: 8, h: 1 }, text: '' } },
        { placeholder: { options: { name: 'body', type: 'body' as const, x: 0.5, y: 1.6, w: 9, h: 5 }, text: '' } },
      ]
    : [];
  pptx.defineSlideMaster({ title: 'ACME', objects: [{ image: { path: path.join(repoRoot, 'templates/default/logo.png'), x: 8.8, y: 0.3, w: 0.8, h: 0.8 } }, ...placeholders] });
  pptx.addSlide({ masterName: 'ACME' }).addText('Hello', { x: 1, y: 1, w: 4, h: 1 });
  const parts = unzipSync((await pptx.write({ outputType: 'uint8array' })) as Uint8Array);
  const slots = Object.entries(SCHEME).map(([slot, val]) => `<a:${slot}><a:srgbClr val="${val}"/></a:${slot}>`).join('');
  const theme = new TextDecoder()
    .decode(parts['ppt/theme/theme1.xml'])
    .replace(/<a:clrScheme\b[\s\S]*?<\/a:clrScheme>/, `<a:clrScheme name="Acme">${slots}</a:clrScheme>`)
    .replace(/<a:fontScheme\b[\s\S]*?<\/a:fontScheme>/, FONTS);
  parts['ppt/theme/theme1.xml'] = strToU8(theme);
  // A .potx is a template package: its main part has the template content type.
  if (file.endsWith('.potx')) parts['[Content_Types].xml'] = strToU8(new TextDecoder().decode(parts['[Content_Types].xml']).replace('presentationml.presentation.main+xml', 'presentationml.template.main+xml'));
  writeFileSync(file, zipSync(parts));
}

describe('brief template import', () => {
  it("carries the theme's colours, fonts (East Asian too), slide size and logo into a deck", async () => {
    const dir = makeBriefing(MINIMAL);
    await makeThemedPptx(path.join(dir, 'acme.pptx'));
    const r = runCli(['template', 'import', 'acme.pptx', '--name', 'acme', '--logo'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/error:/);
    const template = JSON.parse(readFileSync(path.join(dir, 'templates/acme/template.json'), 'utf8'));
    expect(template).toMatchObject({
      extends: 'default',
      slide: { width: 10, height: 7.5 },
      colors: { text: '101820', background: 'FAFAF5', primary: '7A1F2B', surface: 'EDE8DF', link: '00677F', chart: ['C8102E', '00677F', 'F2A900', '5C8A3A', '6E3B8F', '3A3A3A'] },
      fonts: { heading: 'Georgia', body: 'Verdana', eastAsian: 'Dotum' },
      logo: { file: 'logo.png', box: { x: 8.8, y: 0.3, w: 0.8, h: 0.8 } },
    });
    // default's regions, scaled from 13.333 in to 10 in wide
    expect(template.layouts.bullets.regions.body.w).toBeCloseTo((12.133 * 10) / 13.333, 2);
    expect(existsSync(path.join(dir, 'templates/acme/logo.png'))).toBe(true);

    const built = runCli(['build', '.', '-t', 'acme', '-o', 'out.pptx'], dir);
    expect(built.code, built.stderr).toBe(0);
    const parts = readPptxParts(path.join(dir, 'out.pptx'));
    expect(parts.get('ppt/presentation.xml')).toMatch(/<p:sldSz cx="9144000" cy="6858000"/);
    const slides = slideNames(parts).map((n) => parts.get(n)!).join('');
    expect(slides).toContain('<a:srgbClr val="7A1F2B"/>');
    expect(slides).toContain('<a:latin typeface="Georgia"');
    expect(slides).toContain('<a:latin typeface="Verdana"');
    expect(slides).toContain('<a:ea typeface="Dotum"');
    // and back into the deck's own theme, for what a presenter adds by hand
    expect(parts.get('ppt/theme/theme1.xml')).toContain('<a:dk2><a:srgbClr val="7A1F2B"/></a:dk2>');
    expect(parts.get('ppt/theme/theme1.xml')).toMatch(/<a:majorFont><a:latin typeface="Georgia"/);
  });

  it("drops default's logo without --logo (--theme-only)", async () => {
    const dir = makeBriefing(MINIMAL);
    await makeThemedPptx(path.join(dir, 'acme.potx'));
    expect(runCli(['template', 'import', 'acme.potx', '--name', 'acme', '--theme-only'], dir).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'templates/acme/template.json'), 'utf8')).logo).toBeNull();
  });

  it('reports a file that is not a presentation, exit 1', () => {
    const dir = makeBriefing({ ...MINIMAL, 'fake.pptx': 'not a zip' });
    for (const mode of [[], ['--theme-only']]) {
      const r = runCli(['template', 'import', 'fake.pptx', '--name', 'acme', ...mode], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('fake.pptx: error: not a PowerPoint file');
      expect(r.stderr).not.toMatch(NO_STACK);
    }
    const r = runCli(['template', 'import', 'fake.pptx', '--name', 'acme'], dir);
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it('by default makes a folder on the file itself: the file copied in, template.json naming it as base; inspect explains the layouts', async () => {
    const dir = makeBriefing(MINIMAL);
    await makeThemedPptx(path.join(dir, 'acme.potx'), { placeholders: true });
    const r = runCli(['template', 'import', 'acme.potx', '--name', 'acme'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'templates/acme/template.json'), 'utf8'))).toEqual({ name: 'acme', description: 'Built on acme.potx: its masters, layouts and theme', base: 'acme.potx' });
    expect(readFileSync(path.join(dir, 'templates/acme/acme.potx'))).toEqual(readFileSync(path.join(dir, 'acme.potx')));
    const built = runCli(['build', '.', '-t', 'acme', '-o', 'out.pptx'], dir);
    expect(built.code, built.stderr).toBe(0);
    const parts = readPptxParts(path.join(dir, 'out.pptx'));
    const source = readPptxParts(path.join(dir, 'acme.potx'));
    expect(parts.get('ppt/slideMasters/slideMaster1.xml')).toBe(source.get('ppt/slideMasters/slideMaster1.xml'));
    const inspect = runCli(['template', 'inspect', 'acme'], dir);
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(inspect.stdout).toMatch(/^slide size 10\.00 × 7\.50 in \(a template, \.potx\)/);
    expect(inspect.stdout).toMatch(/master 1 ".*" \(ppt\/slideMasters\/slideMaster1\.xml\)/);
    expect(inspect.stdout).toMatch(/\n {2}title {4}→ "[^"]+": /);
    expect(inspect.stdout).toMatch(/\n {4}title {12}idx \d+ +x \d+\.\d\d y \d+\.\d\d w \d+\.\d\d h \d+\.\d\d/);
  });

  it('reports a missing --name as a usage error, exit 2', () => {
    const dir = makeBriefing(MINIMAL);
    cpSync(path.join(BUILTIN_TEMPLATES, 'default/logo.png'), path.join(dir, 'x.pptx'));
    expect(runCli(['template', 'import', 'x.pptx'], dir).code).toBe(2);
  });
});
