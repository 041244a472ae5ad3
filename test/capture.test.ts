import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { prepareDeck } from '../src/build.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { pptxParts } from '../src/render/pptx/capture.js';
import { deckToPptxGen } from '../src/render/pptx/render.js';
import { repoRoot } from './helpers/tools.js';

/** pptxgenjs stamps the write time into core.xml: mask it to compare two writes. */
const masked = (name: string, bytes: Uint8Array | string) => (name === 'docProps/core.xml' ? textOf(bytes).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T') : bytes);
/** XML parts are captured as the text pptxgenjs built, media as bytes. */
const textOf = (content: Uint8Array | string) => (typeof content === 'string' ? content : strFromU8(content));
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
      if (/\.xlsx$/.test(name)) {
        // the workbook's own parts, as JSZip would have zipped them (brief zips them itself)
        const inner = (zip: Uint8Array) => Object.entries(unzipSync(zip)).filter(([n]) => !n.endsWith('/')).map(([n, d]) => [n, masked(n, strFromU8(d))]);
        expect(typeof bytes, name).not.toBe('string');
        expect(inner(bytes as Uint8Array), name).toEqual(inner(other));
      }
      else if (name === 'docProps/core.xml') expect(masked(name, bytes)).toBe(masked(name, other));
      else if (/\.(xml|rels)$/.test(name)) expect(numbered(textOf(bytes)), name).toBe(numbered(strFromU8(other)));
      else expect(masked(name, bytes), name).toEqual(masked(name, other));
    });
  });
});
