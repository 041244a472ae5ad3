import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { PptxPackage } from '../src/render/pptx/fixup/package.js';
import { writePackage } from '../src/render/pptx/fixup/zip.js';

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
