import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { prepareDeck } from '../src/build.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { pptxParts } from '../src/render/pptx/capture.js';
import { deckToPptxGen } from '../src/render/pptx/render.js';
import { repoRoot } from './helpers/tools.js';

/** pptxgenjs stamps the write time into core.xml: mask it to compare two writes. */
const masked = (name: string, bytes: Uint8Array) => (name === 'docProps/core.xml' ? strFromU8(bytes).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T') : bytes);
/** Chart and workbook names carry a process-wide counter in pptxgenjs. */
const numbered = (text: string) => text.replace(/(chart|Worksheet)\d+/g, '$1N');

describe('capturing pptxgenjs parts', () => {
  it('yields exactly the parts, in order and byte for byte, that pptxgenjs would zip (sample deck: text, images, charts)', async () => {
    const diagnostics: Diagnostic[] = [];
    const { deck } = prepareDeck({ dir: path.join(repoRoot, 'content') }, repoRoot, diagnostics)!;
    const captured = await pptxParts(deckToPptxGen(deck));
    const zipped = Object.entries(unzipSync((await deckToPptxGen(deck).write({ outputType: 'uint8array' })) as Uint8Array)).filter(([n]) => !n.endsWith('/'));
    expect(captured.map(([n]) => numbered(n))).toEqual(zipped.map(([n]) => numbered(n)));
    captured.forEach(([name, bytes], i) => {
      const [, other] = zipped[i]!;
      if (/\.xlsx$/.test(name)) expect(bytes.length, name).toBeGreaterThan(0);
      else if (name === 'docProps/core.xml') expect(masked(name, bytes)).toBe(masked(name, other));
      else if (/\.(xml|rels)$/.test(name)) expect(numbered(strFromU8(bytes)), name).toBe(numbered(strFromU8(other)));
      else expect(masked(name, bytes), name).toEqual(masked(name, other));
    });
  });
});
