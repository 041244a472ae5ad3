import { crc32, deflateRawSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { startDeflater } from '../src/render/pptx/fixup/deflater.js';
import { fixupParts, fixupPartsDeflating } from '../src/render/pptx/fixup/index.js';
import { PptxPackage } from '../src/render/pptx/fixup/package.js';
import { DEFLATE_LEVEL, Twins, writePackage } from '../src/render/pptx/fixup/zip.js';
import { zipEntries } from './helpers/pptx-zip.js';

const TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const pkg = (parts: [string, Uint8Array | string][]) => new PptxPackage([['[Content_Types].xml', TYPES], ...parts], []);
const texts = (zip: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(zip)).map(([n, d]) => [n, strFromU8(d)]));

describe('writing the package (parts deflated once across rebuilds)', () => {
  it('writes each part as it is now, whether unchanged since the last write or not', () => {
    const first = writePackage(pkg([['ppt/slides/slide1.xml', '<a>one</a>'], ['ppt/slides/slide2.xml', '<a>two</a>'], ['ppt/media/p.png', new Uint8Array([1, 2, 3])]]));
    expect(texts(first)['ppt/slides/slide2.xml']).toBe('<a>two</a>');
    // the same parts again, one slide and the picture changed: what was kept must not stand in for them
    const second = writePackage(pkg([['ppt/slides/slide1.xml', '<a>one</a>'], ['ppt/slides/slide2.xml', '<a>TWO</a>'], ['ppt/media/p.png', new Uint8Array([1, 2, 4])]]));
    const read = unzipSync(second);
    expect(strFromU8(read['ppt/slides/slide1.xml']!)).toBe('<a>one</a>');
    expect(strFromU8(read['ppt/slides/slide2.xml']!)).toBe('<a>TWO</a>');
    expect([...read['ppt/media/p.png']!]).toEqual([1, 2, 4]);
    expect(Object.keys(read)[0]).toBe('[Content_Types].xml');
  });

  it('writes a part kept from the last write as it was (text in UTF-8)', () => {
    const parts: [string, string][] = [['ppt/slides/slide1.xml', '<a>Ünïcode 한국어 中文</a>']];
    const once = writePackage(pkg(parts));
    const again = writePackage(pkg(parts));
    expect(texts(again)).toEqual(texts(once));
    expect(texts(again)['ppt/slides/slide1.xml']).toBe('<a>Ünïcode 한국어 中文</a>');
  });
});

describe('parts with the same content (a logo on every slide) are deflated once', () => {
  it('Twins finds an earlier part by content, not by the object or the length alone', () => {
    const twins = new Twins<string>();
    twins.add('<a>one</a>', 'slide1');
    twins.add(new Uint8Array([1, 2, 3]), 'logo1');
    expect(twins.find('<a>' + 'one</a>')).toBe('slide1');
    expect(twins.find(new Uint8Array([1, 2, 3]))).toBe('logo1');
    expect(twins.find('<a>two</a>')).toBeUndefined();
    expect(twins.find(new Uint8Array([1, 2, 4]))).toBeUndefined();
    // text and bytes of one length are different parts
    expect(twins.find('abc')).toBeUndefined();
  });

  it('each twin is written whole under its own name, with the bytes its own deflate would give', () => {
    const logo = () => new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 7) % 256));
    const zip = writePackage(pkg([['ppt/media/image1.png', logo()], ['ppt/media/image2.png', logo()], ['ppt/slides/slide1.xml', '<a>same</a>'], ['ppt/slides/slide2.xml', '<a>same</a>'], ['ppt/slides/slide3.xml', '<a>sAme</a>']]));
    const read = unzipSync(zip);
    expect([...read['ppt/media/image2.png']!]).toEqual([...logo()]);
    expect(texts(zip)['ppt/slides/slide2.xml']).toBe('<a>same</a>');
    expect(texts(zip)['ppt/slides/slide3.xml']).toBe('<a>sAme</a>');
    const raw = rawEntries(zip);
    for (const name of ['ppt/media/image1.png', 'ppt/media/image2.png', 'ppt/slides/slide2.xml', 'ppt/slides/slide3.xml']) {
      expect(Buffer.from(raw.get(name)!.data).equals(deflateRawSync(read[name]!, { level: DEFLATE_LEVEL })), name).toBe(true);
    }
  });
});

/** Each entry's bytes as the zip holds them (compressed), found through the central directory. */
function rawEntries(zip: Uint8Array): Map<string, { method: number; data: Uint8Array }> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const out = new Map<string, { method: number; data: Uint8Array }>();
  let at = view.getUint32(eocd + 16, true);
  for (let i = view.getUint16(eocd + 10, true); i > 0; i--) {
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const from = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    out.set(strFromU8(zip.subarray(at + 46, at + 46 + nameLength)), { method: view.getUint16(at + 10, true), data: zip.subarray(from, from + view.getUint32(at + 20, true)) });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}

/** Parts no earlier write held (so none is taken from zip.ts's memory of the last package). */
function freshParts(): [string, Uint8Array | string][] {
  const token = `${process.pid}-${Math.random()}`;
  const slides: [string, string][] = Array.from({ length: 300 }, (_, i) => [`ppt/slides/slide${i + 1}.xml`, `<p:sld>${Array.from({ length: 20 + (i % 40) }, (_, j) => `<a:r><a:t>${token} slide ${i + 1} run ${j * j} 한국어 中文</a:t></a:r>`).join('')}</p:sld>`]);
  return [...slides, ['ppt/media/image1.png', new Uint8Array([i8(token), 1, 2, 3, 4, 5])]];
}
const i8 = (s: string) => s.length % 256;

describe('deflating on a worker thread (deflater.ts)', () => {
  it('gives each part the size, CRC-32 and DEFLATE bytes zip.ts would compute itself', async () => {
    const parts = freshParts();
    const deflater = startDeflater();
    try {
      for (const [name, content] of parts) deflater.add(name, content);
      const done = await deflater.results();
      expect([...done.keys()]).toEqual(parts.map(([name]) => name));
      for (const [name, content] of parts) {
        const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
        const part = done.get(name)!;
        expect(part.content).toBe(content);
        expect(part.size).toBe(bytes.length);
        expect(part.crc).toBe(crc32(bytes));
        expect(Buffer.from(part.deflated).equals(deflateRawSync(bytes, { level: DEFLATE_LEVEL }))).toBe(true);
      }
    } finally {
      deflater.close();
    }
  });

  it('a part with the content of one handed over before is not posted again: it gets that one\'s bytes', async () => {
    const parts = freshParts();
    const [name, content] = parts[0]! as [string, string];
    const picture = parts[parts.length - 1]![1] as Uint8Array;
    const deflater = startDeflater();
    try {
      for (const [n, c] of parts) deflater.add(n, c);
      deflater.add('ppt/slides/slide999.xml', content.slice(0, 10) + content.slice(10));
      deflater.add('ppt/media/image999.png', new Uint8Array(picture));
      const done = await deflater.results();
      const copy = done.get('ppt/slides/slide999.xml')!;
      expect(copy.deflated).toBe(done.get(name)!.deflated);
      expect(copy.content).toBe(content);
      expect([copy.size, copy.crc]).toEqual([done.get(name)!.size, done.get(name)!.crc]);
      expect(done.get('ppt/media/image999.png')!.deflated).toBe(done.get('ppt/media/image1.png')!.deflated);
    } finally {
      deflater.close();
    }
  });

  it('a part changed after it was handed over is written as it is now; the others as deflated aside', async () => {
    const parts = freshParts();
    const deflater = startDeflater();
    let zip: Uint8Array;
    try {
      for (const [name, content] of parts) deflater.add(name, content);
      const ready = await deflater.results();
      // marked, to see it taken as it is: the same content deflated another way (level 0, stored blocks)
      const first = ready.get('ppt/slides/slide1.xml')!;
      const marked = deflateRawSync(new TextEncoder().encode(first.content as string), { level: 0 });
      ready.set('ppt/slides/slide1.xml', { ...first, deflated: marked });
      const p = pkg(parts);
      p.setText('ppt/slides/slide2.xml', '<p:sld>changed after</p:sld>');
      zip = writePackage(p, ready);
      const raw = rawEntries(zip);
      expect(Buffer.from(raw.get('ppt/slides/slide1.xml')!.data).equals(marked)).toBe(true);
      expect(Buffer.from(raw.get('ppt/slides/slide3.xml')!.data).equals(Buffer.from(ready.get('ppt/slides/slide3.xml')!.deflated))).toBe(true);
    } finally {
      deflater.close();
    }
    const read = texts(zip);
    expect(read['ppt/slides/slide2.xml']).toBe('<p:sld>changed after</p:sld>');
    for (const [name, content] of parts) if (typeof content === 'string' && name !== 'ppt/slides/slide2.xml') expect(read[name]).toBe(content);
    expect(Object.keys(read)[0]).toBe('[Content_Types].xml');
    expect(zipEntries(zip).every((entry) => entry.method === 8)).toBe(true);
  });

  it('a deflater stopped before it answered leaves every part to zip.ts, and the package is whole', async () => {
    const parts = freshParts();
    const deflater = startDeflater();
    for (const [name, content] of parts) deflater.add(name, content);
    deflater.close();
    const ready = await deflater.results();
    const read = texts(writePackage(pkg(parts), ready));
    for (const [name, content] of parts) if (typeof content === 'string') expect(read[name]).toBe(content);
  });

  it('the fix-up with a deflater writes the package the fix-up without one writes', async () => {
    const parts = freshParts();
    const entries: [string, Uint8Array | string][] = [['[Content_Types].xml', TYPES], ...parts];
    const deflater = startDeflater();
    let aside: Uint8Array;
    try {
      aside = await fixupPartsDeflating(entries, {}, deflater);
    } finally {
      deflater.close();
    }
    const inline = fixupParts(entries, {});
    expect(texts(aside)).toEqual(texts(inline));
    // every entry deflated by the same zlib call at the same level, whichever thread ran it
    for (const [name, { method, data }] of rawEntries(aside)) {
      expect(method, name).toBe(8);
      expect(Buffer.from(data).equals(deflateRawSync(unzipSync(aside)[name]!, { level: DEFLATE_LEVEL })), name).toBe(true);
    }
  });
});
