/**
 * A PowerPoint-file template whose theme font this machine lacks: the warning names the file and
 * no line (the file has none; a line of brief's own reading of it would mislead).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { rewritePackage } from './helpers/base-files.js';
import { repoRoot } from './helpers/tools.js';

describe('a theme font missing from this machine, on a PowerPoint-file template', () => {
  it('is one warning at the file, without a line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'brief-base-font-'));
    const deck = path.join(dir, 'deck.pptx');
    expect((await build({ dir: path.join(repoRoot, 'content'), output: deck, cwd: repoRoot })).ok).toBe(true);
    // a brief deck is a PowerPoint file too: its theme's fonts renamed to one no machine has
    const corp = rewritePackage(deck, path.join(dir, 'corp.pptx'), (name, xml) => (/^ppt\/theme\/theme\d+\.xml$/.test(name) ? xml.replace(/(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*"/g, '$1Nowhere Serif"') : xml));
    const r = await build({ dir: path.join(repoRoot, 'content'), template: corp, output: path.join(dir, 'out.pptx'), cwd: dir, write: false });
    const font = r.diagnostics.filter((d) => d.message.startsWith('template font'));
    expect(font).toHaveLength(1);
    expect(font[0]!.message).toMatch(/^template font "Nowhere Serif" is not on this machine and brief has no metric twin for it: its text is measured with .*, the stand-in for serif fonts$/);
    expect(font[0]!.at).toEqual({ file: 'corp.pptx' });
  });
});
