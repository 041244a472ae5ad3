import JSZip from 'jszip';
import type { Pptx } from './pptxgen.js';

type Parts = [string, Uint8Array][];
type GenerateAsync = JSZip['generateAsync'];
type FileFn = JSZip['file'];

interface Added {
  data: unknown;
  base64: boolean;
}

/**
 * pptxgenjs builds every part of the deck into a JSZip and zips it (CRC and all), only for the
 * fix-up pass to unzip it again: a third of a large build. Two hooks on JSZip avoid that:
 * `file()` remembers what is added, keyed by the zip's file table (which `folder()` views share),
 * and while a capture is under way the zip of the presentation itself (recognised by its
 * ppt/presentation.xml; the charts' embedded workbooks are zipped as usual) hands those contents
 * over instead of being zipped. JSZip's own reading of its entries is asynchronous, a tick per
 * part; the contents as added are converted at once. pptxgenjs and brief share one jszip
 * instance (the same pinned version), which is what makes the hooks reach it.
 */
const added = new WeakMap<object, Map<string, Added>>();
const originalFile: FileFn = JSZip.prototype.file;
JSZip.prototype.file = function (this: JSZip & { root?: string }, ...args: unknown[]) {
  const [name, data, options] = args as [unknown, unknown, { base64?: boolean; dir?: boolean } | undefined];
  if (typeof name === 'string' && args.length >= 2 && !options?.dir) {
    let table = added.get(this.files);
    if (!table) added.set(this.files, (table = new Map()));
    table.set((this.root ?? '') + name, { data, base64: !!options?.base64 });
  }
  return (originalFile as (...a: unknown[]) => unknown).apply(this, args);
} as FileFn;

const originalGenerate: GenerateAsync = JSZip.prototype.generateAsync;
let sink: ((parts: Parts) => void) | undefined;

JSZip.prototype.generateAsync = function (this: JSZip, ...args: Parameters<GenerateAsync>) {
  const take = sink;
  if (!take || !this.file('ppt/presentation.xml')) return originalGenerate.apply(this, args);
  sink = undefined;
  return collect(this).then((parts) => {
    take(parts);
    return new Uint8Array(0);
  }) as ReturnType<GenerateAsync>;
} as GenerateAsync;

const utf8 = new TextEncoder();

/** The bytes of an entry as it was added; undefined when only JSZip can tell (a stream, say). */
function bytesOf({ data, base64 }: Added): Uint8Array | undefined {
  if (typeof data === 'string') return base64 ? new Uint8Array(Buffer.from(data, 'base64')) : utf8.encode(data);
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return undefined;
}

async function collect(zip: JSZip): Promise<Parts> {
  const table = added.get(zip.files);
  const parts: Parts = [];
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    const known = table?.get(name);
    parts.push([name, (known && bytesOf(known)) ?? (await entry.async('uint8array'))]);
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
