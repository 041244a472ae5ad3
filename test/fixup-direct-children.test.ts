/**
 * The theme colours of a deck on a PowerPoint file find each shape's parts through
 * slide-marks.ts's directChildren, which jumps from child to child: it must give exactly what
 * xml.ts's childElements (every tag visited) gives, on the XML brief writes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { directChildren } from '../src/render/pptx/fixup/slide-marks.js';
import { childElements, findElements } from '../src/render/pptx/fixup/xml.js';
import { readPptxParts, slideNames } from './helpers/unzip.js';
import { repoRoot } from './helpers/tools.js';

describe('direct children found by jumping over each child', () => {
  it('equal those found by visiting every tag, for every container in the sample’s slides and layouts (JSON template, then the deck as a PowerPoint-file template)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'brief-children-'));
    const json = path.join(dir, 'json.pptx');
    const onFile = path.join(dir, 'on-file.pptx');
    expect((await build({ dir: path.join(repoRoot, 'content'), output: json, cwd: repoRoot })).ok).toBe(true);
    expect((await build({ dir: path.join(repoRoot, 'content'), template: json, output: onFile, cwd: repoRoot })).ok).toBe(true);
    let containers = 0;
    for (const file of [json, onFile]) {
      const parts = readPptxParts(file);
      const names = [...slideNames(parts), ...[...parts.keys()].filter((n) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n))];
      for (const name of names) {
        const xml = parts.get(name)!;
        for (const kind of ['p:spTree', 'p:sp', 'p:grpSp', 'p:graphicFrame', 'p:spPr', 'p:txBody', 'a:p', 'a:r', 'a:rPr', 'a:tbl', 'a:tr', 'a:tc', 'a:tcPr', 'a:lnB']) {
          for (const span of findElements(xml, kind)) {
            expect(directChildren(xml, span), `${name} ${kind} at ${span.start}`).toEqual(childElements(xml, span));
            containers++;
          }
        }
      }
    }
    expect(containers).toBeGreaterThan(500);
  });
});
