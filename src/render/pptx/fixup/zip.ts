/**
 * The package's zip, in and out, with the two pptxgenjs 4.0.1 defects that live at that level:
 * - it writes a zip entry for every folder; an OPC package holds parts only, and PowerPoint
 *   reports folder entries as unreadable content (#1449);
 * - it ignores `compression` in write()/writeFile() and stores every part; Office expects DEFLATE.
 */
import { Zip, type ZipInputFile } from 'fflate';
import { crc32, deflateRawSync } from 'node:zlib';
import { CONTENT_TYPES } from './content-types.js';
import { PptxPackage, summarize } from './package.js';

/**
 * zlib's fastest level: on a 500-slide deck it deflates in a fifth of the time level 6 takes (the
 * largest single cost of a build after pptxgenjs itself), for a file about 8% larger.
 */
const DEFLATE_LEVEL = 1;

export function readPackage(entries: [string, Uint8Array | string][], repairs: string[]): PptxPackage {
  const folders = entries.filter(([name]) => name.endsWith('/')).map(([name]) => name);
  const pkg = new PptxPackage(entries.filter(([name]) => !name.endsWith('/')), repairs);
  if (folders.length > 0) pkg.note(`dropped ${folders.length} folder entr${folders.length === 1 ? 'y' : 'ies'} from the zip: ${summarize(folders)}`);
  return pkg;
}

/**
 * [Content_Types].xml goes first, as Office writes it; the rest keep their order. Parts are
 * deflated by Node's native zlib (about three times faster than a JavaScript deflate on a large
 * deck) and framed by fflate's Zip, which accepts pre-compressed entries.
 */
export function writePackage(pkg: PptxPackage): Uint8Array {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  const names = pkg.names();
  for (const name of [CONTENT_TYPES, ...names.filter((n) => n !== CONTENT_TYPES)]) {
    const data = pkg.data(name);
    const entry: ZipInputFile = { filename: name, size: data.length, crc: crc32(data), compression: 8 };
    zip.add(entry);
    entry.ondata!(null, deflateRawSync(data, { level: DEFLATE_LEVEL }), true);
  }
  zip.end();
  if (failure) throw failure;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
