import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { Deck } from '../src/deck/types.js';
import { hasInvalidXmlChars } from '../src/text/sanitize.js';
import { readPptxParts, slideNames, texts } from './helpers/unzip.js';
import { missingTools, repoRoot, sharedDir } from './helpers/tools.js';

let deck: Deck;
let parts: Map<string, string>;
let output: string;

beforeAll(async () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'brief-sample-')), 'sample.pptx');
  const result = await build({ dir: path.join(repoRoot, 'content'), output: out, cwd: repoRoot });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.ok).toBe(true);
  deck = result.deck!;
  output = result.output!;
  parts = readPptxParts(output);
});

describe('the sample deck', () => {
  it('has 10–19 slides, one part each, in Deck order', () => {
    expect(deck.slides.length).toBeGreaterThanOrEqual(10);
    expect(deck.slides.length).toBeLessThan(20);
    expect(slideNames(parts)).toHaveLength(deck.slides.length);
  });

  it('puts every slide title in a title placeholder', () => {
    slideNames(parts).forEach((name, i) => {
      const title = deck.slides[i]!.title;
      if (!title) return;
      const xml = parts.get(name)!;
      const sp = [...xml.matchAll(/<p:sp>[\s\S]*?<\/p:sp>/g)].map((m) => m[0]).find((s) => /<p:ph[^>]*type="(title|ctrTitle)"/.test(s));
      expect(sp, `${name} has a title placeholder`).toBeDefined();
      expect(texts(sp!).join('')).toBe(title);
    });
  });

  it('carries the speaker notes of the content', () => {
    const notes = [...parts.entries()].filter(([n]) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n)).map(([, x]) => texts(x).join(' '));
    expect(notes.some((n) => n.includes('Four-day state visit'))).toBe(true);
  });

  it('sets the East Asian typeface on every run and a Korean/Chinese lang on CJK runs', () => {
    let korean = 0;
    let chinese = 0;
    for (const name of slideNames(parts)) {
      const xml = parts.get(name)!;
      for (const m of xml.matchAll(/<a:r><a:rPr([^>]*)>([\s\S]*?)<\/a:rPr><a:t>([^<]*)<\/a:t><\/a:r>/g)) {
        const [, attrs, props, text] = m;
        expect(props, `run "${text}" in ${name}`).toContain('<a:ea typeface="Malgun Gothic"');
        if (/[\uAC00-\uD7AF]/.test(text!)) {
          expect(attrs).toContain('lang="ko-KR"');
          korean++;
        }
        if (/[\u4E00-\u9FFF]/.test(text!)) {
          expect(attrs).toContain('lang="zh-CN"');
          chinese++;
        }
      }
    }
    expect(korean).toBeGreaterThan(0);
    expect(chinese).toBeGreaterThan(0);
  });

  it('has no XML-invalid characters in any part', () => {
    for (const [name, xml] of parts) if (name.endsWith('.xml') || name.endsWith('.rels')) expect(hasInvalidXmlChars(xml), name).toBe(false);
  });

  it('is compressed (DEFLATE), not stored', () => {
    const bytes = readFileSync(output);
    // Local file header: compression method at offset 8; 8 = DEFLATE.
    expect(bytes.readUInt16LE(8)).toBe(8);
  });

  it('matches the checked Deck-model golden file', () => {
    const golden = path.join(repoRoot, 'test/golden/sample-deck.json');
    const actual = JSON.stringify(stripPaths(deck), null, 1);
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(golden, actual + '\n');
    expect(existsSync(golden), 'run with UPDATE_GOLDEN=1 once, after checking the rendered slides').toBe(true);
    expect(actual + '\n').toBe(readFileSync(golden, 'utf8'));
  });

  const validateSkip = missingTools('xmllint', 'python3', 'shared');
  it.skipIf(!!validateSkip)(`passes validate-pptx ${validateSkip ?? ''}`, () => {
    const out = execFileSync(path.join(sharedDir, 'tools/validate-pptx'), [output], { encoding: 'utf8' });
    expect(out).toMatch(/: valid \(\d+ parts\)/);
  });

  const sofficeSkip = missingTools('soffice', 'pdftotext', 'pdfinfo');
  it.skipIf(!!sofficeSkip)(`converts in LibreOffice with one page per slide and every title and the Hangul in the text ${sofficeSkip ?? ''}`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'brief-pdf-'));
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, output], { stdio: 'ignore', timeout: 180_000 });
    const pdf = path.join(dir, path.basename(output).replace(/\.pptx$/, '.pdf'));
    expect(existsSync(pdf)).toBe(true);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(pages).toBe(deck.slides.length);
    // pdftotext puts spaces between scripts and at line ends: compare without whitespace.
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const slide of deck.slides) if (slide.title) expect(text).toContain(slide.title.replace(/\s+/g, ''));
    expect(text).toContain('한중관계브리핑');
  });
});

/** Absolute paths differ per machine; the golden file keeps them relative to the repo. */
function stripPaths(d: Deck): Deck {
  return JSON.parse(JSON.stringify(d).split(repoRoot).join('<repo>')) as Deck;
}
