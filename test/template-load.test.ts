import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.js';
import { BUILTIN_TEMPLATES, loadTemplate } from '../src/template/load.js';
import { MINIMAL, makeBriefing, runCli } from './helpers/briefing.js';

const NO_STACK = /\n\s+at .+:\d+:\d+\)?\n|internal error/;
const DEFAULT = JSON.parse(readFileSync(path.join(BUILTIN_TEMPLATES, 'default/template.json'), 'utf8')) as Record<string, any>;

/** A briefing with templates/acme/template.json (and any other files), using acme. */
function briefingWith(template: unknown, files: Record<string, string> = {}): string {
  const text = typeof template === 'string' ? template : JSON.stringify(template, null, 2);
  return makeBriefing({ ...MINIMAL, 'deck.yaml': 'title: Minimal deck\ntemplate: acme\n', 'templates/acme/template.json': text, ...files });
}

function load(dir: string, name = 'acme') {
  const result = loadTemplate(path.join(dir, 'templates', name), { briefingDir: dir, cwd: dir });
  return { ...result, text: result.diagnostics.map(formatDiagnostic).join('\n') };
}

/** A full copy of the default template with one change, as a user editing a copy would make. */
function defaultWith(change: (t: Record<string, any>) => void): Record<string, any> {
  const t = structuredClone(DEFAULT);
  delete t['logo'];
  change(t);
  return t;
}

describe('template validation: each mistake is an error naming the file and the JSON path, exit 1', () => {
  const cases: [string, unknown, RegExp][] = [
    ['a bad colour', defaultWith((t) => (t['colors']['primary'] = '#12G')), /templates\/acme\/template\.json:\d+:\d+: error: \/colors\/primary: "#12G" is not a colour\n {2}hint: write colours as 6-digit hex/],
    ['a missing required field', defaultWith((t) => delete t['fonts']['heading']), /templates\/acme\/template\.json:\d+:\d+: error: \/fonts\/heading: is required\n {2}hint: name a font/],
    ['an unknown key', defaultWith((t) => (t['layouts']['bullets']['bakground'] = 'primary')), /templates\/acme\/template\.json:\d+:\d+: error: \/layouts\/bullets\/bakground: unknown key "bakground"\n {2}hint: did you mean "background"\?/],
    ['a logo file that does not exist', defaultWith((t) => (t['logo'] = { file: 'acme-logo.png', box: { x: 12, y: 0.5, w: 0.6, h: 0.6 } })), /templates\/acme\/template\.json:\d+:\d+: error: \/logo\/file: "acme-logo\.png" does not exist/],
    ['a region outside the slide', defaultWith((t) => (t['layouts']['bullets']['regions']['body']['w'] = 14)), /templates\/acme\/template\.json:\d+:\d+: error: \/layouts\/bullets\/regions\/body: box \{"x":0\.6,"y":1\.7,"w":14,"h":4\.6\} lies outside the 13\.333×7\.5 in slide/],
  ];
  for (const [what, template, expected] of cases) {
    it(`reports ${what}`, () => {
      const dir = briefingWith(template);
      const r = runCli(['build', '.', '-o', 'out.pptx'], dir);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).not.toMatch(NO_STACK);
      expect(r.stderr).toContain('no deck was written');
    });
  }

  it('points at the line and column of the bad value', () => {
    const text = '{\n  "extends": "default",\n  "colors": {\n    "primary": "#12G"\n  }\n}\n';
    const { diagnostics } = load(briefingWith(text));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.at).toEqual({ file: expect.stringMatching(/templates\/acme\/template\.json$/), line: 4, column: 16 });
  });

  it('reports malformed JSON at its line and column', () => {
    const { text } = load(briefingWith('{\n  "extends": "default",\n  "colors": { "primary": "143D6B", }\n}\n'));
    expect(text).toMatch(/template\.json:3:\d+: error: not valid JSON/);
  });

  it('reports every problem at once, not only the first', () => {
    const t = defaultWith((t) => {
      t['colors']['text'] = 'black';
      t['slide']['width'] = '13.333in';
      t['layouts']['title']['styles']['title']['align'] = 'centre';
    });
    const { text } = load(briefingWith(t));
    expect(text).toContain('/colors/text: "black" is not a colour');
    expect(text).toContain('/slide/width: must be a number, not "13.333in"');
    expect(text).toContain('/layouts/title/styles/title/align: "centre" is not one of "left", "center", "right"');
    expect(text).toContain('did you mean "center"?');
  });

  it('names an unknown theme colour in a style with a did-you-mean', () => {
    const { text } = load(briefingWith({ extends: 'default', layouts: { bullets: { styles: { title: { color: 'primray' } } } } }));
    expect(text).toMatch(/acme\/template\.json:\d+:\d+: error: \/layouts\/bullets\/styles\/title\/color: "primray" is neither a hex colour nor a theme colour\n {2}hint: did you mean "primary"\?/);
  });

  it('rejects an unknown footer field', () => {
    const { text } = load(briefingWith({ extends: 'default', footer: { left: '{{deck.titel}}' } }));
    expect(text).toContain('/footer/left: unknown field {{deck.titel}}');
    expect(text).toContain('did you mean {{deck.title}}?');
  });

  it('warns about a region name one typo away from one the layout draws', () => {
    const { template, text } = load(briefingWith({ extends: 'default', layouts: { bullets: { regions: { bdoy: { x: 1, y: 2, w: 3, h: 1 } } } } }));
    expect(template).toBeDefined();
    expect(text).toMatch(/warning: \/layouts\/bullets\/regions\/bdoy: the bullets layout draws no "bdoy"\n {2}hint: did you mean "body"\?/);
  });
});

describe('extends', () => {
  it('merges a partial template over its base: objects key by key, values replace', () => {
    const { template, diagnostics } = load(briefingWith({ extends: 'default', name: 'acme', colors: { primary: '#8A1538' }, layouts: { bullets: { regions: { body: { x: 1 } } } } }));
    expect(diagnostics).toEqual([]);
    expect(template!.name).toBe('acme');
    expect(template!.colors.primary).toBe('8A1538');
    expect(template!.colors.text).toBe(DEFAULT['colors']['text']);
    // The bullets title is "primary" in the base: the override reaches it.
    expect(template!.layouts['bullets']!.styles['title']!.color).toBe('8A1538');
    expect(template!.layouts['bullets']!.regions['body']).toEqual({ ...DEFAULT['layouts']['bullets']['regions']['body'], x: 1 });
    expect(template!.layouts['chart']!.regions).toEqual(DEFAULT['layouts']['chart']['regions']);
    // what `brief watch` must watch: both files, and the logo the base brings
    expect(template!.files).toEqual([path.join(BUILTIN_TEMPLATES, 'default/template.json'), expect.stringMatching(/templates\/acme\/template\.json$/), path.join(BUILTIN_TEMPLATES, 'default/logo.png')]);
  });

  it("resolves the base's logo in the base's folder, and null removes it", () => {
    const inherited = load(briefingWith({ extends: 'default' }));
    expect(inherited.template!.logo!.file).toBe(path.join(BUILTIN_TEMPLATES, 'default/logo.png'));
    const removed = load(briefingWith({ extends: 'default', logo: null }));
    expect(removed.diagnostics).toEqual([]);
    expect(removed.template!.logo).toBeUndefined();
  });

  it('says when null removes nothing', () => {
    const { text } = load(briefingWith({ extends: 'default', lgoo: null }));
    expect(text).toContain('/lgoo: "lgoo": null removes nothing');
    expect(text).toContain('did you mean "logo"?');
  });

  it('extends by relative path, and blames the file that holds the mistake', () => {
    const dir = briefingWith({ extends: '../base' }, { 'templates/base/template.json': JSON.stringify({ extends: 'default', colors: { muted: 'grey' } }, null, 2) });
    const { text } = load(dir);
    expect(text).toMatch(/templates\/base\/template\.json:\d+:\d+: error: \/colors\/muted: "grey" is not a colour/);
    expect(text).not.toContain('acme');
  });

  it('lets a project template extend the built-in one it hides', () => {
    const dir = makeBriefing({ ...MINIMAL, 'templates/default/template.json': JSON.stringify({ extends: 'default', colors: { primary: '222222' } }) });
    const { template, diagnostics } = load(dir, 'default');
    expect(diagnostics).toEqual([]);
    expect(template!.colors.primary).toBe('222222');
  });

  it('reports a cycle and an unknown base', () => {
    const cycle = briefingWith({ extends: '../b' }, { 'templates/b/template.json': JSON.stringify({ extends: '../acme' }) });
    expect(load(cycle).text).toMatch(/error: \/extends: "extends": "\.\.\/acme" makes a cycle/);
    const unknown = load(briefingWith({ extends: 'defualt' }));
    expect(unknown.text).toMatch(/acme\/template\.json:2:\d+: error: \/extends: "extends": "defualt": no such template/);
  });

  it('builds a deck with an extending template', () => {
    const dir = briefingWith({ extends: 'default', colors: { primary: '8A1538' } });
    const r = runCli(['build', '.', '-o', 'out.pptx'], dir);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('contrast check', () => {
  it('warns in check and build, naming the template file and the style', () => {
    const dir = briefingWith({ extends: 'default', colors: { muted: 'BBBBBB' } });
    for (const command of ['check', 'build']) {
      const r = runCli([command, '.', '-o', 'out.pptx'].slice(0, command === 'check' ? 2 : 4), dir);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/templates\/acme\/template\.json:\d+:\d+: warning: \/colors\/muted: text BBBBBB on FFFFFF has contrast 1\.9\d:1, below WCAG AA 4\.5:1 for body text \(\/footer\/style, \/layouts\/bullets\/styles\/source, /);
    }
  });

  it('holds body text to 4.5:1 and large text (18 pt, or 14 pt bold) to 3:1', () => {
    // 8C8C8C on white is 3.36:1.
    const { text } = load(briefingWith({ extends: 'default', colors: { muted: '8C8C8C', highlight: '8C8C8C' } }));
    expect(text).toMatch(/\/colors\/muted: text 8C8C8C on FFFFFF has contrast 3\.36:1, below WCAG AA 4\.5:1 for body text \(.*\/layouts\/bullets\/styles\/source/);
    expect(text).not.toMatch(/chart\/styles\/annotation/); // 18 pt bold
    expect(text).not.toMatch(/agenda\/styles\/number/); // 24 pt bold
  });

  it('holds text to the template\'s own threshold: accessibility.contrast', () => {
    // 666666 is 5.74:1 on white and 5.20:1 on the quote slide's F1F4F8: WCAG AA passes it, 7:1 does not
    const strict = load(briefingWith({ extends: 'default', colors: { muted: '666666' }, accessibility: { contrast: 7 } }));
    expect(strict.text).toMatch(/\/colors\/muted: text 666666 on FFFFFF has contrast 5\.74:1, below the template's 7:1 for body text \(.*\/layouts\/bullets\/styles\/source/);
    expect(strict.text).toContain('until they reach 7:1; text of 18 pt and up, or 14 pt bold, needs 4.67:1');
    expect(strict.template?.accessibility).toEqual({ contrast: 7 });
    expect(load(briefingWith({ extends: 'default', colors: { muted: '666666' } })).text).not.toMatch(/666666/);
    // large text may be given its own bar: 8C8C8C (3.36:1) passes AA's 3:1 for large text, not 4.5:1
    const bar = { extends: 'default', colors: { highlight: '8C8C8C' } };
    expect(load(briefingWith(bar)).text).not.toMatch(/highlight/);
    const large = load(briefingWith({ ...bar, accessibility: { largeTextContrast: 4.5 } }));
    expect(large.text).toMatch(/\/colors\/highlight: text 8C8C8C on FFFFFF has contrast 3\.36:1, below the template's 4\.5:1 for large text/);
  });

  it('rejects a threshold that is not a ratio, naming the JSON path, and says how to write it', () => {
    const hint = '  hint: write the ratio as a number from 1 to 21: 4.5 for WCAG AA (4.5:1), 7 for AAA';
    expect(load(briefingWith('{ "extends": "default", "accessibility": { "contrast": "high" } }')).text).toBe(
      `templates/acme/template.json:1:56: error: /accessibility/contrast: must be a number, not "high"\n${hint}`,
    );
    expect(load(briefingWith('{ "extends": "default", "accessibility": { "contrast": 30 } }')).text).toBe(`templates/acme/template.json:1:56: error: /accessibility/contrast: 30 must be <= 21\n${hint}`);
    const unknown = load(briefingWith('{ "extends": "default", "accessibility": { "contrst": 7 } }'));
    expect(unknown.template).toBeUndefined();
    expect(unknown.text).toBe('templates/acme/template.json:1:44: error: /accessibility/contrst: unknown key "contrst"\n  hint: did you mean "contrast"?');
  });

  it('a deck built on a strict template is checked against it by brief check', () => {
    const dir = briefingWith({ extends: 'default', accessibility: { contrast: 7.5 } });
    const r = runCli(['check', '.'], dir);
    expect(r.code, r.stderr).toBe(0);
    // the default's muted 5E6B78 (5.45:1) passes AA but not 7.5:1: in the template, and on the slides
    expect(r.stderr).toMatch(/template\.json:\d+:\d+: warning: \/colors\/muted: text 5E6B78 on FFFFFF has contrast 5\.45:1, below the template's 7\.5:1 for body text/);
    expect(r.stderr).toMatch(/warning: accessibility: footer-left text on slide \d+ \(5E6B78 on FFFFFF, 10 pt\) has contrast 5\.45:1, below the template's 7\.5:1\n  hint: .*until they reach 7\.5:1; text of 18 pt and up, or 14 pt bold, needs 5:1/);
    expect(runCli(['check', '.'], briefingWith({ extends: 'default' })).stderr).not.toMatch(/below/);
  });

  it('finds nothing wrong with the shipped templates', () => {
    for (const name of ['default', 'ministry']) {
      const { diagnostics } = loadTemplate(path.join(BUILTIN_TEMPLATES, name));
      expect(diagnostics.map(formatDiagnostic), name).toEqual([]);
    }
  });
});
