/**
 * The package's zip, in and out, with the two pptxgenjs 4.0.1 defects that live at that level:
 * - it writes a zip entry for every folder; an OPC package holds parts only, and PowerPoint
 *   reports folder entries as unreadable content (#1449);
 * - it ignores `compression` in write()/writeFile() and stores every part; Office expects DEFLATE.
 */
import { Zip, type ZipInputFile } from 'fflate';
import { crc32, deflateRawSync } from 'node:zlib';
import { CONTENT_TYPES } from './content-types.js';
import { type Deflated, PptxPackage, summarize } from './package.js';

export type { Deflated };

/**
 * zlib's fastest level: on a 500-slide deck it deflates in a fifth of the time level 6 takes (the
 * largest single cost of a build after pptxgenjs itself), for a file about 8% larger.
 */
export const DEFLATE_LEVEL = 1;

/**
 * The parts of the last package written, deflated. `brief watch` rebuilds the deck on every save,
 * and most parts (masters, layouts, theme, pictures, the slides not edited) come out the same:
 * those are not deflated again. Bounded, so that a library user building large decks in one
 * process keeps at most this much of the last one.
 */
let lastWritten = new Map<string, Deflated>();
const KEEP_BYTES = 64 * 2 ** 20;

function sameContent(a: Uint8Array | string, b: Uint8Array | string): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * Parts of one package with the same content, for deflating it once: pptxgenjs writes a picture
 * once per slide that shows it (a logo, an icon), and slide layouts often share their rels. Found
 * by length first, so that telling parts apart costs a comparison only when two lengths agree.
 */
export class Twins<T> {
  private readonly byLength = new Map<number, Array<[Uint8Array | string, T]>>();

  find(content: Uint8Array | string): T | undefined {
    const same = this.byLength.get(content.length);
    if (same) for (const [other, value] of same) if (sameContent(other, content)) return value;
    return undefined;
  }

  add(content: Uint8Array | string, value: T): void {
    const same = this.byLength.get(content.length);
    if (!same) this.byLength.set(content.length, [[content, value]]);
    // a few of one length are twins; many are parts that happen to be as long
    else if (same.length < 8) same.push([content, value]);
  }
}

/** True when the last package written held this part with this content (deflated then). */
export function keptFromLastWrite(name: string, content: Uint8Array | string): boolean {
  const before = lastWritten.get(name);
  return before !== undefined && sameContent(before.content, content);
}

export function readPackage(entries: [string, Uint8Array | string][], repairs: string[]): PptxPackage {
  const folders = entries.filter(([name]) => name.endsWith('/')).map(([name]) => name);
  const pkg = new PptxPackage(entries.filter(([name]) => !name.endsWith('/')), repairs);
  if (folders.length > 0) pkg.note(`dropped ${folders.length} folder entr${folders.length === 1 ? 'y' : 'ies'} from the zip: ${summarize(folders)}`);
  return pkg;
}

/**
 * [Content_Types].xml goes first, as Office writes it; the rest keep their order. Parts are
 * deflated by Node's native zlib (about three times faster than a JavaScript deflate on a large
 * deck) and framed by fflate's Zip, which accepts pre-compressed entries. `ready` holds parts
 * deflated already (deflater.ts): each is used when its content is still the part's.
 */
export function writePackage(pkg: PptxPackage, ready?: ReadonlyMap<string, Deflated>): Uint8Array {
  const previous = lastWritten;
  const written = new Map<string, Deflated>();
  const twins = new Twins<Deflated>();
  let kept = 0;
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  const names = pkg.names();
  for (const name of [CONTENT_TYPES, ...names.filter((n) => n !== CONTENT_TYPES)]) {
    const content = pkg.content(name);
    const done = ready?.get(name);
    const before = previous.get(name);
    let part: Deflated | undefined;
    if (done && sameContent(done.content, content)) part = done;
    else if (before && sameContent(before.content, content)) part = before;
    else if ((part = twins.find(content)) === undefined) {
      const data = typeof content === 'string' ? pkg.data(name) : content;
      part = { content, size: data.length, crc: crc32(data), deflated: deflateRawSync(data, { level: DEFLATE_LEVEL }) };
      twins.add(content, part);
    }
    if ((kept += part.size) <= KEEP_BYTES) written.set(name, part);
    const entry: ZipInputFile = { filename: name, size: part.size, crc: part.crc, compression: 8 };
    zip.add(entry);
    entry.ondata!(null, part.deflated as Uint8Array<ArrayBuffer>, true);
  }
  zip.end();
  lastWritten = written;
  if (failure) throw failure;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
