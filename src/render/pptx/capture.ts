import { strToU8, zipSync, type Zippable } from 'fflate';
import JSZip from 'jszip';
import type { Pptx } from './pptxgen.js';

/** XML parts stay the strings pptxgenjs built (the fix-up works on text); media are bytes. */
type Parts = [string, Uint8Array | string][];
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
 * part; the contents as added are taken as they are (XML as text, which the fix-up would decode
 * again otherwise). The charts' workbooks are captured the same way: pptxgenjs zips each with
 * JSZip into base64 and adds that to the deck, which costs more than writing the workbook; here
 * its parts are zipped at once (stored: the deck's zip deflates it) and pptxgenjs gets a token in
 * place of the base64. pptxgenjs and brief share one jszip instance (the same pinned version),
 * which is what makes the hooks reach it.
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

/** Workbooks zipped during a capture, by the token pptxgenjs was handed instead of their base64. */
const workbooks = new Map<string, Uint8Array>();

JSZip.prototype.generateAsync = function (this: JSZip, ...args: Parameters<GenerateAsync>) {
  const take = sink;
  if (take && args[0]?.type === 'base64' && this.file('xl/workbook.xml')) {
    const bytes = zipAsAdded(this);
    if (bytes) {
      // valid base64, so that JSZip's own decoding of what pptxgenjs adds does not fail
      const token = Buffer.from(`brief-workbook-${workbooks.size}`).toString('base64');
      workbooks.set(token, bytes);
      return Promise.resolve(token) as ReturnType<GenerateAsync>;
    }
  }
  if (!take || !this.file('ppt/presentation.xml')) return originalGenerate.apply(this, args);
  sink = undefined;
  return collect(this).then((parts) => {
    take(parts);
    return new Uint8Array(0);
  }) as ReturnType<GenerateAsync>;
} as GenerateAsync;

/** An entry as it was added; undefined when only JSZip can tell (a stream, say). */
function contentOf({ data, base64 }: Added): Uint8Array | string | undefined {
  if (typeof data === 'string') return base64 ? (workbooks.get(data) ?? new Uint8Array(Buffer.from(data, 'base64'))) : data;
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return undefined;
}

/** A zip (stored) of what was added to `zip`; undefined when an entry is not plain text or bytes. */
function zipAsAdded(zip: JSZip): Uint8Array | undefined {
  const table = added.get(zip.files);
  const files: Zippable = {};
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    const known = table?.get(name);
    const content = known && contentOf(known);
    if (content === undefined) return undefined;
    files[name] = [typeof content === 'string' ? strToU8(content) : content, { level: 0 }];
  }
  return zipSync(files);
}

async function collect(zip: JSZip): Promise<Parts> {
  const table = added.get(zip.files);
  const parts: Parts = [];
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    const known = table?.get(name);
    parts.push([name, (known && contentOf(known)) ?? (await entry.async('uint8array'))]);
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
      workbooks.clear();
    }
    if (!parts) throw new Error('pptxgenjs did not zip the presentation: the capture hook was not reached');
    return parts;
  });
  queue = run.catch(() => undefined);
  return run;
}
