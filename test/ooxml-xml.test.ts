/**
 * src/ooxml/xml.ts reads plain OOXML faster than fast-xml-parser (cold, once per build): its
 * result must be the library's, key order included, or it must leave the part to the library.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { openPackage, parseWithLibrary } from '../src/ooxml/package.js';
import { parsePlainXml } from '../src/ooxml/xml.js';
import { convertedTemplates } from './helpers/base-files.js';
import { missingTools, repoRoot } from './helpers/tools.js';

const ARRAYS = new Set(['Relationship', 'sldMasterId', 'sldLayoutId', 'sldId', 'sp', 'pic', 'grpSp', 'graphicFrame', 'cxnSp', 'font', 'gs', 'Override', 'Default', 'p', 'r', 'fld', 'br']);
const isArray = (name: string) => ARRAYS.has(name);

/** The quick reader's result equals the library's, with keys in the same order; or it declined. */
function expectSame(text: string, where: string): boolean {
  const quick = parsePlainXml(text, isArray);
  if (quick === undefined) return false;
  expect(JSON.stringify(quick), where).toBe(JSON.stringify(parseWithLibrary(text)));
  expect(quick, where).toStrictEqual(parseWithLibrary(text));
  return true;
}

function expectPackageSame(bytes: Uint8Array, shown: string): void {
  const pkg = openPackage(bytes);
  let read = 0;
  const parts = pkg.names().filter((n) => /\.(xml|rels)$/.test(n));
  for (const part of parts) if (expectSame(pkg.text(part)!, `${shown}: ${part}`)) read++;
  // plain OOXML: every part is read by the quick reader
  expect(read, shown).toBe(parts.length);
}

describe('the quick XML reader gives what fast-xml-parser gives', () => {
  const skip = missingTools('soffice');
  let files = new Map<string, string>();
  beforeAll(() => {
    if (!skip) files = convertedTemplates(['Focus', 'Grey_Elegant', 'Blue_Curve']);
  });

  it.skipIf(!!skip)('every part of LibreOffice’s Focus, Grey Elegant and Blue Curve (.otp saved as .pptx)', () => {
    for (const [name, file] of files) expectPackageSame(readFileSync(file), name);
  });

  it('every part of a deck brief writes (charts, tables, notes, pictures’ relationships)', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'brief-xml-')), 'sample.pptx');
    const r = await build({ dir: path.join(repoRoot, 'content'), output: out, cwd: repoRoot });
    expect(r.ok).toBe(true);
    expectPackageSame(readFileSync(out), 'sample.pptx');
  });

  it.each([
    ['declaration, prefixes, attributes (trimmed, either quote)', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<a:root xmlns:a="x" r:id=\' y \'><a:e/><a:e></a:e><a:f b="1"/></a:root>'],
    ['the five named entities in text and attributes, decoded once', '<r><t>  hi &amp; &lt;x&gt; &quot;q&quot; &apos; &amp;lt;  </t><g b=" &amp; ">txt</g></r>'],
    ['text around child elements (trimmed pieces joined)', '<root>a <b/> c <b/>d</root>'],
    ['repeated elements become arrays; text after them', '<root><x>1</x><y/><x>2</x>tail</root>'],
    ['names that are always arrays', '<root><p/><p>t</p><r a="1"/><sp><p><r><t>x</t></r></p></sp></root>'],
    ['attributes and text together; xml:space is not honoured by the library either', '<root><t xml:space="preserve">  sp  </t></root>'],
    ['whitespace, newlines and tabs in tags and values', '<root\n  a="1"\tb = "x\ny" ><c\n/></root>'],
    ['a ">" inside an attribute value', '<root a="x>y"><b c=\'&gt;\'/></root>'],
    ['a byte-order mark before the declaration', '\uFEFF<?xml version="1.0"?><root><a>1</a></root>'],
    ['numeric character references, kept as written (as the library does)', '<root a="&#x2022;"><t>&#233; &amp;&#X4E2D; &#65;</t></root>'],
    ['line ends: CR LF and CR become LF, in text and attribute values', '<root a="x\r\ny"><t>one\r\ntwo\rthree</t></root>'],
    ['empty elements with and without attributes', '<root><a></a><b x=""/><c>  </c></root>'],
  ])('%s', (_what, xml) => {
    expect(expectSame(xml, xml)).toBe(true);
  });

  it.each([
    ['a numeric reference the library would remove (a control character)', '<root><t>&#1;</t></root>'],
    ['an unknown entity', '<root><t>&nbsp;</t></root>'],
    ['a comment', '<root><!-- note --><a/></root>'],
    ['CDATA', '<root><![CDATA[x < y]]></root>'],
    ['a DOCTYPE', '<!DOCTYPE root><root/>'],
    ['a processing instruction', '<root><?mso-application progid="PowerPoint.Show"?></root>'],
    ['a name the library guards against', '<root><constructor>1</constructor></root>'],
    ['mismatched tags', '<root><a></b></root>'],
    ['an unclosed element', '<root><a>'],
    ['a lone ampersand', '<root><t>R & D</t></root>'],
  ])('leaves to the library: %s', (_what, xml) => {
    expect(parsePlainXml(xml, isArray)).toBeUndefined();
  });
});
