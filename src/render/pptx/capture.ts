import JSZip from 'jszip';
import type { Pptx } from './pptxgen.js';

type Parts = [string, Uint8Array][];
type GenerateAsync = JSZip['generateAsync'];

/**
 * pptxgenjs builds every part of the deck into a JSZip and zips it (CRC and all), only for the
 * fix-up pass to unzip it again: a third of a large build. While a capture is under way, the zip
 * of the presentation itself (recognised by its ppt/presentation.xml; the charts' embedded
 * workbooks are zipped as usual) hands over its parts instead of being zipped. pptxgenjs and
 * brief share one jszip instance (same pinned version), which is what makes this reach it.
 */
const original: GenerateAsync = JSZip.prototype.generateAsync;
let sink: ((parts: Parts) => void) | undefined;

JSZip.prototype.generateAsync = function (this: JSZip, ...args: Parameters<GenerateAsync>) {
  const take = sink;
  if (!take || !this.file('ppt/presentation.xml')) return original.apply(this, args);
  sink = undefined;
  return collect(this).then((parts) => {
    take(parts);
    return new Uint8Array(0);
  }) as ReturnType<GenerateAsync>;
} as GenerateAsync;

async function collect(zip: JSZip): Promise<Parts> {
  const parts: Parts = [];
  for (const [name, entry] of Object.entries(zip.files)) {
    if (!entry.dir) parts.push([name, await entry.async('uint8array')]);
  }
  return parts;
}

let queue: Promise<unknown> = Promise.resolve();

/** The deck's parts as pptxgenjs would zip them; captures run one at a time (the hook is shared). */
export function pptxParts(pptx: Pptx): Promise<Parts> {
  const run = queue.then(async () => {
    let parts: Parts | undefined;
    sink = (p) => (parts = p);
    try {
      await pptx.write({ outputType: 'uint8array' });
    } finally {
      sink = undefined;
    }
    if (!parts) throw new Error('pptxgenjs did not zip the presentation: the capture hook was not reached');
    return parts;
  });
  queue = run.catch(() => undefined);
  return run;
}
