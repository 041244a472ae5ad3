/**
 * The package's zip, in and out, with the two pptxgenjs 4.0.1 defects that live at that level:
 * - it writes a zip entry for every folder; an OPC package holds parts only, and PowerPoint
 *   reports folder entries as unreadable content (#1449);
 * - it ignores `compression` in write()/writeFile() and stores every part; Office expects DEFLATE.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { CONTENT_TYPES } from './content-types.js';
import { PptxPackage, summarize } from './package.js';

/**
 * zlib's fastest level: on a 500-slide deck it deflates in a fifth of the time level 6 takes (the
 * largest single cost of a build after pptxgenjs itself), for a file about 8% larger.
 */
export const DEFLATE_LEVEL = 1;

/** A part as the zip holds it: its content when deflated, uncompressed size, CRC-32, DEFLATE bytes. */
export interface Deflated {
  content: Uint8Array | string;
  size: number;
  crc: number;
  deflated: Uint8Array;
}

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

/** The time a zip entry carries, in the MS-DOS format zip uses (local time, two-second steps). */
function dosTime(date: Date): number {
  return (
    (((date.getFullYear() - 1980) & 0x7f) << 25) |
    ((date.getMonth() + 1) << 21) |
    (date.getDate() << 16) |
    (date.getHours() << 11) |
    (date.getMinutes() << 5) |
    (date.getSeconds() >>> 1)
  ) >>> 0;
}

/** Past this many entries or bytes a zip needs the Zip64 extension, which this writer does not write. */
const ZIP_MAX_ENTRIES = 0xffff;
const ZIP_MAX_BYTES = 0xffffffff;

/**
 * The zip itself, written in one buffer of its exact size: each entry's local header (sizes and
 * CRC known beforehand, so no data descriptor) and DEFLATE bytes, then the central directory.
 */
function zipFile(entries: { name: string; part: Deflated }[]): Uint8Array {
  const names = entries.map(({ name }) => Buffer.from(name, 'utf8'));
  let total = 22;
  entries.forEach(({ part }, i) => (total += 30 + 46 + 2 * names[i]!.length + part.deflated.length));
  if (entries.length > ZIP_MAX_ENTRIES || total > ZIP_MAX_BYTES) throw new Error(`the deck's zip would need Zip64 (${entries.length} parts, ${total} bytes), which brief does not write`);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const time = dosTime(new Date());
  const offsets: number[] = [];
  let at = 0;
  /** The fields local and central headers share, from "version needed" on. */
  const common = (i: number, part: Deflated) => {
    const name = names[i]!;
    // bit 11: the name is UTF-8 (set only when it is not plain ASCII, as zip tools do)
    view.setUint16(at, 20, true);
    view.setUint16(at + 2, name.some((b) => b > 0x7f) ? 0x800 : 0, true);
    view.setUint16(at + 4, 8, true);
    view.setUint32(at + 6, time, true);
    view.setUint32(at + 10, part.crc, true);
    view.setUint32(at + 14, part.deflated.length, true);
    view.setUint32(at + 18, part.size, true);
    view.setUint16(at + 22, name.length, true);
    view.setUint16(at + 24, 0, true);
  };
  entries.forEach(({ part }, i) => {
    offsets.push(at);
    view.setUint32(at, 0x04034b50, true);
    at += 4;
    common(i, part);
    at += 26;
    out.set(names[i]!, at);
    at += names[i]!.length;
    out.set(part.deflated, at);
    at += part.deflated.length;
  });
  const directory = at;
  entries.forEach(({ part }, i) => {
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 20, true); // version made by
    at += 6;
    common(i, part);
    // comment length, disk number, internal and external attributes: all zero
    view.setUint32(at + 36, offsets[i]!, true);
    at += 40;
    out.set(names[i]!, at);
    at += names[i]!.length;
  });
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, at - directory, true);
  view.setUint32(at + 16, directory, true);
  return out;
}

/**
 * [Content_Types].xml goes first, as Office writes it; the rest keep their order. Parts are
 * deflated by Node's native zlib (about three times faster than a JavaScript deflate on a large
 * deck). `ready` holds parts deflated already (deflater.ts): each is used when its content is
 * still the part's.
 */
export function writePackage(pkg: PptxPackage, ready?: ReadonlyMap<string, Deflated>): Uint8Array {
  const previous = lastWritten;
  const written = new Map<string, Deflated>();
  let kept = 0;
  const names = pkg.names();
  const entries = [CONTENT_TYPES, ...names.filter((n) => n !== CONTENT_TYPES)].map((name) => {
    const content = pkg.content(name);
    const done = ready?.get(name);
    const before = previous.get(name);
    let part: Deflated;
    if (done && sameContent(done.content, content)) part = done;
    else if (before && sameContent(before.content, content)) part = before;
    else {
      const data = typeof content === 'string' ? pkg.data(name) : content;
      part = { content, size: data.length, crc: crc32(data), deflated: deflateRawSync(data, { level: DEFLATE_LEVEL }) };
    }
    if ((kept += part.size) <= KEEP_BYTES) written.set(name, part);
    return { name, part };
  });
  lastWritten = written;
  return zipFile(entries);
}
